package dev.estuary.smb.internal.ops;

import dev.estuary.smb.internal.codec.NtStatus;
import dev.estuary.smb.internal.codec.SimpleMessages;
import dev.estuary.smb.internal.codec.SmbCommand;
import dev.estuary.smb.internal.state.ObjectTable;
import dev.estuary.smb.internal.state.SessionState;

/**
 * LOGOFF ([MS-SMB2] 3.3.5.6): closes the session's opens and removes the session and its tree connects. The response is still signed
 * (or encrypted) with the session's keys, which the reply carries past the removal.
 */
public final class LogoffHandler implements SmbHandler {
  private final ObjectTable objects;

  /**
   * A handler.
   *
   * @param objects the server-wide object table, for closing the session's opens
   */
  public LogoffHandler(ObjectTable objects) {
    this.objects = objects;
  }

  @Override
  public SmbReply handle(SmbRequest request) {
    SessionState s = request.session();
    if (s == null) {
      return SmbReply.error(NtStatus.USER_SESSION_DELETED, request.body());
    }
    s.opens().closeAll(SmbFiles.closer(objects));
    s.trees().clear();
    request.connection().sessions().remove(s.sessionId());
    return new SmbReply(NtStatus.SUCCESS, new SimpleMessages.Empty(SmbCommand.LOGOFF), s, -1, false, null);
  }
}
