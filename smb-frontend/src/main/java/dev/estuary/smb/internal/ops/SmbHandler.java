package dev.estuary.smb.internal.ops;

import dev.estuary.smb.internal.auth.AuthException;
import dev.estuary.smb.internal.codec.SmbDecodeException;

/** Handles one SMB2 command. Implementations are stateless; the state lives in the request's objects. */
public interface SmbHandler {
  /**
   * Handles a request.
   *
   * @param request the decoded, verified request
   * @return what to answer
   * @throws SmbDecodeException for a malformed payload inside the body (answered with its status)
   * @throws AuthException for an authentication failure (answered with its status)
   */
  SmbReply handle(SmbRequest request) throws SmbDecodeException, AuthException;
}
