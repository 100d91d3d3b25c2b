package dev.estuary.smb.internal.ops;

import dev.estuary.smb.internal.codec.NtStatus;
import dev.estuary.smb.internal.codec.SimpleMessages;
import dev.estuary.smb.internal.codec.SmbCommand;

/** ECHO ([MS-SMB2] 3.3.5.17): answered at once; clients use it as a keep-alive. */
public final class EchoHandler implements SmbHandler {
  /** A handler. */
  public EchoHandler() {}

  @Override
  public SmbReply handle(SmbRequest request) {
    return SmbReply.of(NtStatus.SUCCESS, new SimpleMessages.Empty(SmbCommand.ECHO));
  }
}
