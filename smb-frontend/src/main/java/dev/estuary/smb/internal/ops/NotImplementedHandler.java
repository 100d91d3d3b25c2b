package dev.estuary.smb.internal.ops;

import dev.estuary.smb.internal.codec.NtStatus;

/**
 * The commands of issue 12 not built yet (LOCK, CHANGE_NOTIFY, OPLOCK_BREAK): they answer
 * STATUS_NOT_IMPLEMENTED after the common checks (session, signature, tree) have passed.
 */
public final class NotImplementedHandler implements SmbHandler {
  /** A handler. */
  public NotImplementedHandler() {}

  @Override
  public SmbReply handle(SmbRequest request) {
    return SmbReply.error(NtStatus.NOT_IMPLEMENTED, request.body());
  }
}
