package dev.estuary.smb.internal.state;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.LongFunction;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The server's GlobalSessionTable ([MS-SMB2] 3.3.1.5): every session of every connection by SessionId, so
 * SessionIds are unique server-wide and a SESSION_SETUP on one connection can find a session of another:
 * a reconnect names its old session in PreviousSessionId (3.3.5.5.3), and a binding request names the
 * session it wants to bind (3.3.5.5). Each entry keeps the owning connection and that connection's serial
 * executor, because a session's state is only ever changed on its own connection's serial path. Thread-safe.
 */
public final class SessionRegistry {
  /**
   * A registered session.
   *
   * @param session the session
   * @param connection the connection whose SessionTable holds it
   * @param serial runs a task on that connection's serial path
   */
  public record Entry(SessionState session, ConnectionState connection, Executor serial) {
    /** Validates. */
    public Entry {
      requireNonNull(session, "session");
      requireNonNull(connection, "connection");
      requireNonNull(serial, "serial");
    }
  }

  private final Map<Long, Entry> byId = new ConcurrentHashMap<>();

  /**
   * Allocates a SessionId no session holds (never 0 or all-ones, which mean "none") and registers the
   * session built for it.
   *
   * @param ids the id source (the server's strong random)
   * @param create builds the session for an id
   * @param connection the owning connection
   * @param serial runs a task on the owning connection's serial path
   * @return the registered session
   */
  public SessionState register(LongSupplier ids, LongFunction<SessionState> create,
      ConnectionState connection, Executor serial) {
    while (true) {
      long id = ids.getAsLong();
      if (id == 0 || id == -1 || byId.containsKey(id)) {
        continue;
      }
      SessionState s = create.apply(id);
      if (byId.putIfAbsent(id, new Entry(s, connection, serial)) == null) {
        return s;
      }
    }
  }

  /**
   * Finds a session.
   *
   * @param sessionId SessionId
   * @return its entry, or null
   */
  public @Nullable Entry get(long sessionId) {
    return byId.get(sessionId);
  }

  /**
   * Deregisters a session (logoff, failed authentication, reconnect, connection end); a no-op when the id
   * now belongs to another session.
   *
   * @param session the session
   */
  public void remove(SessionState session) {
    byId.computeIfPresent(session.sessionId(), (k, e) -> e.session() == session ? null : e);
  }

  /** @return how many sessions are registered */
  public int size() {
    return byId.size();
  }
}
