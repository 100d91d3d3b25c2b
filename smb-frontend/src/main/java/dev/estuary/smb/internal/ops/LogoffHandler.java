package dev.estuary.smb.internal.ops;

import dev.estuary.smb.internal.codec.NtStatus;
import dev.estuary.smb.internal.codec.SimpleMessages;
import dev.estuary.smb.internal.codec.SmbCommand;
import dev.estuary.smb.internal.state.SessionState;

/**
 * LOGOFF ([MS-SMB2] 3.3.5.6): closes the session's opens and pipe opens and removes the session and its tree
 * connects. The response is
 * still signed (or encrypted) with the session's keys, which the reply carries past the removal.
 */
public final class LogoffHandler implements SmbHandler {
  private final ServerServices services;

  /**
   * A handler.
   *
   * @param services the server's services (the share use counts)
   */
  public LogoffHandler(ServerServices services) {
    this.services = services;
  }

  @Override
  public SmbReply handle(SmbRequest request) {
    SessionState s = request.session();
    if (s == null) {
      return SmbReply.error(NtStatus.USER_SESSION_DELETED, request.body());
    }
    // Durable opens outlive the session for their timeout, reconnectable from a new one (3.3.5.6, 3.3.7.1).
    s.opens().closeAll(services.oplocks().durables().preservingOr(SmbFiles.closer(services.objects())));
    s.pipes().closeAll();
    s.trees().values().forEach(t -> services.shares().disconnected(t.share()));
    s.trees().clear();
    request.connection().sessions().remove(s.sessionId());
    return new SmbReply(NtStatus.SUCCESS, new SimpleMessages.Empty(SmbCommand.LOGOFF), s, -1, false, null);
  }
}
