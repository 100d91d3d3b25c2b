package dev.estuary.smb.internal.ops;

import dev.estuary.smb.internal.state.ConnectionState;
import dev.estuary.smb.internal.state.SessionState;

/**
 * Ends a session ([MS-SMB2] 3.3.7.1 and 3.3.5.6): closes its opens (a durable open instead waits for its
 * timeout, reconnectable from a new session: 3.3.5.6, 3.3.7.1) and pipes, releases its tree connects,
 * and removes it from its connection's SessionTable and the GlobalSessionTable. LOGOFF, a failed
 * (re-)authentication, a reconnect that names it in PreviousSessionId, and the end of its connection all
 * end a session the same way. Runs on the owning connection's serial path.
 */
public final class SessionEnd {
  private SessionEnd() {}

  /**
   * Ends the session.
   *
   * @param services the server's services
   * @param connection the connection whose SessionTable holds it
   * @param session the session
   */
  public static void end(ServerServices services, ConnectionState connection, SessionState session) {
    session.opens().closeAll(services.oplocks().durables().preservingOr(SmbFiles.closer(services.objects())));
    session.pipes().closeAll();
    session.trees().values().forEach(t -> services.shares().disconnected(t.share()));
    session.trees().clear();
    connection.sessions().remove(session.sessionId(), session);
    services.sessions().remove(session);
    connection.ended(session);
  }
}
