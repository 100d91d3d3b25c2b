package dev.estuary.smb.internal.ops;

import dev.estuary.smb.internal.codec.Ioctl;
import dev.estuary.smb.internal.codec.SmbDecodeException;

/**
 * One FSCTL served by {@link IoctlHandler}: one class per control code, registered in the handler's table
 * ([MS-SMB2] 3.3.5.15; the payloads are in [MS-FSCC] 2.3 and [MS-SMB2] 2.2.31/2.2.32).
 */
public interface Fsctl {
  /**
   * Serves the control code.
   *
   * @param request the IOCTL request with its connection, session and tree
   * @param r its body (Flags already checked to be SMB2_0_IOCTL_IS_FSCTL)
   * @return the reply
   * @throws SmbDecodeException for a malformed input buffer (its status is the answer)
   */
  SmbReply handle(SmbRequest request, Ioctl.Request r) throws SmbDecodeException;
}
