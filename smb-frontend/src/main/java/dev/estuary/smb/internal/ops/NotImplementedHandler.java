package dev.estuary.smb.internal.ops;

import dev.estuary.smb.internal.codec.NtStatus;

/**
 * The commands of the next step of issue 12 (CREATE, CLOSE, FLUSH, READ, WRITE, LOCK, QUERY_DIRECTORY,
 * CHANGE_NOTIFY, QUERY_INFO, SET_INFO, OPLOCK_BREAK): no open can exist yet, so they answer
 * STATUS_NOT_IMPLEMENTED after the common checks (session, signature, tree) have passed. This is why the
 * {@code smb} Frontend is not registered yet.
 */
public final class NotImplementedHandler implements SmbHandler {
  /** A handler. */
  public NotImplementedHandler() {}

  @Override
  public SmbReply handle(SmbRequest request) {
    return SmbReply.error(NtStatus.NOT_IMPLEMENTED, request.body());
  }
}
