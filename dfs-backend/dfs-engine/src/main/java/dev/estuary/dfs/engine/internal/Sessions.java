package dev.estuary.dfs.engine.internal;

import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.ErrorKind;
import dev.estuary.dfs.LockSession;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The lock sessions of one engine, with the lock and share tables they use. Closing the engine
 * closes every session, which releases its locks and reservations and fails its waits.
 */
final class Sessions implements AutoCloseable {
  final LockTable locks = new LockTable();
  final ShareTable shares = new ShareTable();
  private final Set<EngineLockSession> open = ConcurrentHashMap.newKeySet();
  private final AtomicLong ids = new AtomicLong();
  private volatile boolean closed;

  LockSession open(EngineVolume volume, String description) {
    if (description.length() > LockSession.MAX_DESCRIPTION_LENGTH) {
      throw new DfsException(ErrorKind.INVALID_ARGUMENT, "session description: " + description.length()
          + " characters (expected: at most " + LockSession.MAX_DESCRIPTION_LENGTH + ")");
    }
    EngineLockSession s = new EngineLockSession(this, volume, ids.incrementAndGet(), description);
    open.add(s);
    if (closed) {
      // Raced with close(): it may not have seen this one.
      s.close();
      throw new DfsException(ErrorKind.CLOSED, "engine is closed");
    }
    return s;
  }

  void ended(EngineLockSession s) {
    open.remove(s);
  }

  @Override
  public void close() {
    closed = true;
    // Every session stops first, so releasing one cannot grant a waiter of another.
    List<EngineLockSession> marked = new ArrayList<>();
    for (EngineLockSession s : open) {
      if (s.markClosed()) {
        marked.add(s);
      }
    }
    for (EngineLockSession s : marked) {
      s.sweep();
    }
    locks.close();
  }
}
