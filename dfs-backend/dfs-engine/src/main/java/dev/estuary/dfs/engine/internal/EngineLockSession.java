package dev.estuary.dfs.engine.internal;

import dev.estuary.dfs.ByteRange;
import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.ErrorKind;
import dev.estuary.dfs.LockInfo;
import dev.estuary.dfs.LockSession;
import dev.estuary.dfs.LockStyle;
import dev.estuary.dfs.LockType;
import dev.estuary.dfs.ObjectId;
import dev.estuary.dfs.ObjectType;
import dev.estuary.dfs.ShareAccess;
import dev.estuary.dfs.ShareReservation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A {@link LockSession} of the engine: validates requests against its volume, then acts on the
 * engine's {@link LockTable} and {@link ShareTable}. Every operation holds the read side of {@link
 * #life} and {@link #close()} the write side, so nothing is added to the tables for a session
 * after its close has begun sweeping them.
 */
final class EngineLockSession implements LockSession {
  private final Sessions sessions;
  private final EngineVolume volume;
  private final long id;
  private final String description;
  private final ReentrantReadWriteLock life = new ReentrantReadWriteLock();
  private volatile boolean closed;
  /** Files where this session holds locks or waits; changed inside the lock table's compute. */
  private final Set<ObjectId> lockFiles = ConcurrentHashMap.newKeySet();
  private final Set<ShareTable.Reservation> reservations = ConcurrentHashMap.newKeySet();
  private final AtomicInteger held = new AtomicInteger();
  private final AtomicInteger waits = new AtomicInteger();

  EngineLockSession(Sessions sessions, EngineVolume volume, long id, String description) {
    this.sessions = sessions;
    this.volume = volume;
    this.id = id;
    this.description = description;
  }

  @Override
  public long id() {
    return id;
  }

  @Override
  public String description() {
    return description;
  }

  @Override
  public boolean isOpen() {
    return !closed && !volume.dfs.isClosed();
  }

  /** Admits an operation; pair with {@link #exit()}. */
  void enter() {
    life.readLock().lock();
    if (closed) {
      life.readLock().unlock();
      throw new DfsException(ErrorKind.CLOSED, "lock session " + id + " (" + description + ") is closed");
    }
  }

  void exit() {
    life.readLock().unlock();
  }

  /** Called inside a table's compute, with {@link #enter()} held. */
  void checkOpenInTable() {
    if (closed) {
      throw new DfsException(ErrorKind.CLOSED, "lock session " + id + " (" + description + ") is closed");
    }
  }

  /** Runs a validated operation against the engine. */
  private <T> T guarded(ObjectId file, boolean fileOnly, java.util.function.Supplier<T> body) {
    enter();
    try {
      long guard = volume.dfs.enter();
      try {
        volume.check();
        Inode inode = volume.inode(file);
        if (fileOnly && inode.type() == ObjectType.DIRECTORY) {
          throw new DfsException(ErrorKind.IS_DIRECTORY, "object " + file + " is a directory (expected: a file to lock)");
        }
        if (fileOnly && inode.type() != ObjectType.FILE) {
          throw new DfsException(ErrorKind.INVALID_ARGUMENT, "object " + file + " is a " + inode.type() + " (expected: a file to lock)");
        }
        return body.get();
      } finally {
        volume.dfs.exit(guard);
      }
    } finally {
      exit();
    }
  }

  private LockRules.Lock request(String owner, LockStyle style, LockType type, ByteRange range) {
    if (owner.isEmpty() || owner.length() > MAX_OWNER_LENGTH) {
      throw new DfsException(ErrorKind.INVALID_ARGUMENT, "lock owner: " + owner.length()
          + " characters (expected: 1 to " + MAX_OWNER_LENGTH + ")");
    }
    if (style == LockStyle.POSIX && range.isEmpty()) {
      throw new DfsException(ErrorKind.INVALID_ARGUMENT,
          "lock range: " + range + " (expected: a length > 0 for a POSIX lock)");
    }
    return new LockRules.Lock(this, owner, style, type, range);
  }

  @Override
  public Optional<LockInfo> tryLock(ObjectId file, String owner, LockStyle style, LockType type, ByteRange range) {
    LockRules.Lock r = request(owner, style, type, range);
    return guarded(file, true, () -> sessions.locks.tryLock(file, r));
  }

  @Override
  public CompletableFuture<Void> lock(ObjectId file, String owner, LockStyle style, LockType type,
      ByteRange range, Duration maxWait) {
    if (maxWait.isNegative() || maxWait.compareTo(MAX_WAIT) > 0) {
      throw new DfsException(ErrorKind.INVALID_ARGUMENT,
          "lock wait: " + maxWait + " (expected: 0 to " + MAX_WAIT + ")");
    }
    LockRules.Lock r = request(owner, style, type, range);
    return guarded(file, true, () -> sessions.locks.lock(file, r, maxWait));
  }

  @Override
  public Optional<LockInfo> test(ObjectId file, String owner, LockStyle style, LockType type, ByteRange range) {
    LockRules.Lock r = request(owner, style, type, range);
    return guarded(file, true, () -> sessions.locks.test(file, r, false));
  }

  @Override
  public Optional<LockInfo> testIo(ObjectId file, String owner, LockStyle style, boolean write, ByteRange range) {
    LockRules.Lock r = request(owner, style, write ? LockType.EXCLUSIVE : LockType.SHARED,
        range.isEmpty() ? new ByteRange(range.offset(), 1) : range);
    return range.isEmpty() ? Optional.empty() : guarded(file, true, () -> sessions.locks.test(file, r, true));
  }

  @Override
  public void unlock(ObjectId file, String owner, LockStyle style, ByteRange range) {
    LockRules.Lock r = request(owner, style, LockType.SHARED, range);
    guarded(file, true, () -> {
      sessions.locks.unlock(file, r);
      return null;
    });
  }

  @Override
  public void unlockAll(ObjectId file, String owner) {
    enter();
    try {
      volume.checkId(file);
      sessions.locks.unlockAll(file, this, owner);
    } finally {
      exit();
    }
  }

  @Override
  public List<LockInfo> locks(ObjectId file) {
    enter();
    try {
      volume.checkId(file);
      return sessions.locks.locks(file);
    } finally {
      exit();
    }
  }

  @Override
  public ShareReservation reserve(ObjectId file, Set<ShareAccess> access, Set<ShareAccess> deny) {
    return guarded(file, false, () -> sessions.shares.reserve(this, file, access, deny));
  }

  // ---- Accounting, called by the tables ----

  /** Counts locks taken (or, negative, released); refuses to pass {@link #MAX_LOCKS}. */
  void charge(int delta) {
    if (delta > 0 && held.get() + delta > MAX_LOCKS) {
      throw new DfsException(ErrorKind.QUOTA_EXCEEDED, "locks of session " + id + ": " + held.get()
          + " + " + delta + " (expected: at most " + MAX_LOCKS + ")");
    }
    held.addAndGet(delta);
  }

  void chargeWait(int delta) {
    if (delta > 0 && waits.get() + delta > MAX_WAITS) {
      throw new DfsException(ErrorKind.QUOTA_EXCEEDED, "waiting lock requests of session " + id
          + ": " + waits.get() + " (expected: at most " + MAX_WAITS + ")");
    }
    waits.addAndGet(delta);
  }

  void track(ObjectId file) {
    lockFiles.add(file);
  }

  void untrack(ObjectId file) {
    lockFiles.remove(file);
  }

  void remember(ShareTable.Reservation r) {
    if (reservations.size() >= MAX_RESERVATIONS) {
      throw new DfsException(ErrorKind.QUOTA_EXCEEDED, "share reservations of session " + id + ": "
          + reservations.size() + " (expected: at most " + MAX_RESERVATIONS + ")");
    }
    reservations.add(r);
  }

  void forget(ShareTable.Reservation r) {
    reservations.remove(r);
  }

  @Override
  public void close() {
    if (markClosed()) {
      sweep();
    }
  }

  /** Whether {@link #close()} has begun. */
  boolean closing() {
    return closed;
  }

  /**
   * Turns new operations away, once operations in flight are done; returns false if already
   * closed.
   */
  boolean markClosed() {
    life.writeLock().lock();
    try {
      if (closed) {
        return false;
      }
      closed = true;
      return true;
    } finally {
      life.writeLock().unlock();
    }
  }

  /** Releases everything, after {@link #markClosed()}. */
  void sweep() {
    for (ObjectId file : new ArrayList<>(lockFiles)) {
      sessions.locks.release(file, this);
    }
    lockFiles.clear();
    for (ShareTable.Reservation r : new ArrayList<>(reservations)) {
      sessions.shares.drop(r);
    }
    reservations.clear();
    sessions.ended(this);
  }

  @Override
  public String toString() {
    return "EngineLockSession[" + id + ", " + description + "]";
  }
}
