package dev.estuary.dfs.engine.internal;

import dev.estuary.dfs.ByteRange;
import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.ErrorKind;
import dev.estuary.dfs.LockInfo;
import dev.estuary.dfs.LockSession;
import dev.estuary.dfs.LockStyle;
import dev.estuary.dfs.LockType;
import dev.estuary.dfs.ObjectId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * The byte-range locks of every file of the engine, and the requests waiting for them. The state
 * of one file is changed only inside {@link ConcurrentHashMap#compute} on its id, so each change
 * is atomic and an entry with nothing left is dropped. Futures are completed on this table's own
 * thread, after the change, so a caller's continuation never runs inside the table or on the
 * thread of someone releasing a lock. The conflict rules are {@link LockSession}'s and {@link
 * LockStyle}'s.
 */
final class LockTable implements AutoCloseable {
  /** One lock, held or asked for. */
  record Lock(EngineLockSession session, String owner, LockStyle style, LockType type, ByteRange range) {
    boolean sameOwner(Lock o) {
      return session == o.session && owner.equals(o.owner);
    }

    LockInfo info(ObjectId file) {
      return new LockInfo(file, session.id(), session.description(), owner, style, type, range);
    }

    Lock withRange(ByteRange r) {
      return new Lock(session, owner, style, type, r);
    }
  }

  private static final int WAITING = 0;
  private static final int GRANTED = 1;
  private static final int ENDED = 2;

  /** A request waiting for its lock. */
  final class Waiter extends CompletableFuture<Void> {
    final ObjectId file;
    final Lock request;
    final AtomicInteger state = new AtomicInteger(WAITING);
    @Nullable ScheduledFuture<?> timeout;

    Waiter(ObjectId file, Lock request) {
      this.file = file;
      this.request = request;
    }

    /** Withdraws the request unless it was already granted (then the lock stays held). */
    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
      if (!state.compareAndSet(WAITING, ENDED)) {
        return isCancelled();
      }
      boolean cancelled = super.cancel(mayInterruptIfRunning);
      withdraw(this);
      return cancelled;
    }
  }

  /** Everything about one file; guarded by the map's compute on its id. */
  private static final class FileLocks {
    final List<Lock> locks = new ArrayList<>();
    final List<Waiter> waiters = new ArrayList<>();

    boolean isEmpty() {
      return locks.isEmpty() && waiters.isEmpty();
    }

    boolean holds(EngineLockSession s) {
      for (Lock l : locks) {
        if (l.session == s) {
          return true;
        }
      }
      for (Waiter w : waiters) {
        if (w.request.session == s) {
          return true;
        }
      }
      return false;
    }
  }

  private static final Comparator<Lock> BY_OFFSET =
      (a, b) -> Long.compareUnsigned(a.range.offset(), b.range.offset());

  private final ConcurrentHashMap<ObjectId, FileLocks> files = new ConcurrentHashMap<>();
  private final ScheduledExecutorService thread;

  LockTable() {
    this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "estuary-engine-locks");
      t.setDaemon(true);
      return t;
    });
  }

  // ---- The rules ----

  /** Whether {@code request} conflicts with {@code held} (see LockStyle). */
  static boolean conflicts(Lock request, Lock held) {
    if (!request.range.overlaps(held.range)) {
      return false;
    }
    if (request.sameOwner(held) && request.style == LockStyle.POSIX) {
      return false;
    }
    return request.type == LockType.EXCLUSIVE || held.type == LockType.EXCLUSIVE;
  }

  private static @Nullable Lock firstConflict(FileLocks f, Lock request) {
    for (Lock held : f.locks) {
      if (conflicts(request, held)) {
        return held;
      }
    }
    return null;
  }

  /** Whether a waiting request of another owner, ahead of {@code request}, conflicts with it. */
  private static boolean behindWaiter(List<Waiter> ahead, Lock request) {
    for (Waiter w : ahead) {
      Lock e = w.request;
      if (!e.sameOwner(request) && e.range.overlaps(request.range)
          && (e.type == LockType.EXCLUSIVE || request.type == LockType.EXCLUSIVE)) {
        return true;
      }
    }
    return false;
  }

  private static void checkStyle(FileLocks f, Lock request) {
    for (Lock held : f.locks) {
      if (held.sameOwner(request) && held.style != request.style) {
        throw new DfsException(ErrorKind.INVALID_ARGUMENT, "lock style: " + request.style + " for owner '"
            + request.owner + "' (expected: " + held.style + ", the style of the locks it holds)");
      }
    }
  }

  /** Removes the bytes of {@code range} from {@code own}, splitting what straddles it. */
  private static List<Lock> cut(List<Lock> own, ByteRange range) {
    List<Lock> out = new ArrayList<>(own.size() + 1);
    for (Lock l : own) {
      if (!l.range.overlaps(range)) {
        out.add(l);
        continue;
      }
      if (Long.compareUnsigned(l.range.offset(), range.offset()) < 0) {
        out.add(l.withRange(ByteRange.ofBytes(l.range.offset(), range.offset() - 1)));
      }
      if (Long.compareUnsigned(l.range.last(), range.last()) > 0) {
        out.add(l.withRange(ByteRange.ofBytes(range.last() + 1, l.range.last())));
      }
    }
    return out;
  }

  /** Joins adjacent locks of one type (an owner's POSIX locks never overlap each other). */
  private static List<Lock> merge(List<Lock> own) {
    own.sort(BY_OFFSET);
    List<Lock> out = new ArrayList<>(own.size());
    for (Lock l : own) {
      Lock prev = out.isEmpty() ? null : out.get(out.size() - 1);
      if (prev != null && prev.type == l.type && prev.range.last() != -1L
          && prev.range.last() + 1 == l.range.offset()) {
        out.set(out.size() - 1, prev.withRange(ByteRange.ofBytes(prev.range.offset(), l.range.last())));
      } else {
        out.add(l);
      }
    }
    return out;
  }

  /** Replaces the owner's POSIX locks by {@code own}, charging the session for the difference. */
  private static void replaceOwn(FileLocks f, Lock owner, List<Lock> own) {
    int before = 0;
    for (Lock l : f.locks) {
      if (l.sameOwner(owner)) {
        before++;
      }
    }
    owner.session.charge(own.size() - before);
    f.locks.removeIf(l -> l.sameOwner(owner));
    f.locks.addAll(own);
  }

  /** Takes the lock; the caller checked it conflicts with nothing. */
  private static void apply(FileLocks f, Lock request) {
    checkStyle(f, request);
    if (request.style == LockStyle.WINDOWS) {
      request.session.charge(1);
      f.locks.add(request);
      return;
    }
    List<Lock> own = new ArrayList<>();
    for (Lock l : f.locks) {
      if (l.sameOwner(request)) {
        own.add(l);
      }
    }
    List<Lock> next = cut(own, request.range);
    next.add(request);
    replaceOwn(f, request, merge(next));
  }

  // ---- Operations ----

  Optional<LockInfo> tryLock(ObjectId file, Lock request) {
    Object[] conflict = new Object[1];
    files.compute(file, (id, f) -> {
      FileLocks s = f != null ? f : new FileLocks();
      request.session.checkOpenInTable();
      checkStyle(s, request);
      Lock c = firstConflict(s, request);
      if (c != null) {
        conflict[0] = c.info(file);
      } else {
        apply(s, request);
        request.session.track(file);
      }
      return s.isEmpty() ? null : s;
    });
    return Optional.ofNullable((LockInfo) conflict[0]);
  }

  CompletableFuture<Void> lock(ObjectId file, Lock request, Duration maxWait) {
    Waiter w = new Waiter(file, request);
    files.compute(file, (id, f) -> {
      FileLocks s = f != null ? f : new FileLocks();
      request.session.checkOpenInTable();
      checkStyle(s, request);
      Lock c = firstConflict(s, request);
      boolean queued = behindWaiter(s.waiters, request);
      if (c == null && (!queued || maxWait.isZero())) {
        apply(s, request);
        request.session.track(file);
        w.state.set(GRANTED);
      } else if (maxWait.isZero()) {
        w.state.set(ENDED);
        w.completeExceptionally(locked(file, request, c));
      } else {
        request.session.chargeWait(1);
        s.waiters.add(w);
        request.session.track(file);
        w.timeout = thread.schedule(() -> expire(w), maxWait.toNanos(), TimeUnit.NANOSECONDS);
      }
      return s.isEmpty() ? null : s;
    });
    if (w.state.get() == GRANTED) {
      w.complete(null);
    }
    return w;
  }

  private static DfsException locked(ObjectId file, Lock request, @Nullable Lock conflict) {
    String by = conflict == null ? "an earlier waiting request"
        : conflict.type + " lock " + conflict.range + " of owner '" + conflict.owner + "' in session "
            + conflict.session.id() + " (" + conflict.session.description() + ")";
    return new DfsException(ErrorKind.LOCKED, request.type + " lock " + request.range + " of " + file
        + " conflicts with " + by);
  }

  Optional<LockInfo> test(ObjectId file, Lock request) {
    Object[] conflict = new Object[1];
    files.computeIfPresent(file, (id, f) -> {
      Lock c = firstConflict(f, request);
      conflict[0] = c == null ? null : c.info(file);
      return f;
    });
    return Optional.ofNullable((LockInfo) conflict[0]);
  }

  void unlock(ObjectId file, Lock request) {
    List<Runnable> done = new ArrayList<>();
    files.compute(file, (id, f) -> {
      FileLocks s = f != null ? f : new FileLocks();
      if (request.style == LockStyle.WINDOWS) {
        Iterator<Lock> it = s.locks.iterator();
        boolean found = false;
        while (it.hasNext()) {
          Lock l = it.next();
          if (l.sameOwner(request) && l.style == LockStyle.WINDOWS && l.range.equals(request.range)) {
            it.remove();
            request.session.charge(-1);
            found = true;
            break;
          }
        }
        if (!found) {
          throw new DfsException(ErrorKind.NOT_LOCKED, "unlock of " + request.range + " of " + file
              + " by owner '" + request.owner + "' (expected: a range it holds exactly)");
        }
      } else {
        checkStyle(s, request);
        List<Lock> own = new ArrayList<>();
        for (Lock l : s.locks) {
          if (l.sameOwner(request)) {
            own.add(l);
          }
        }
        replaceOwn(s, request, cut(own, request.range));
      }
      serve(file, s, done);
      untrackIfDone(file, s, request.session);
      return s.isEmpty() ? null : s;
    });
    finish(done);
  }

  void unlockAll(ObjectId file, EngineLockSession session, String owner) {
    List<Runnable> done = new ArrayList<>();
    files.computeIfPresent(file, (id, s) -> {
      for (Iterator<Lock> it = s.locks.iterator(); it.hasNext(); ) {
        Lock l = it.next();
        if (l.session == session && l.owner.equals(owner)) {
          it.remove();
          session.charge(-1);
        }
      }
      for (Iterator<Waiter> it = s.waiters.iterator(); it.hasNext(); ) {
        Waiter w = it.next();
        if (w.request.session == session && w.request.owner.equals(owner) && end(w)) {
          it.remove();
          done.add(() -> w.completeExceptionally(new DfsException(ErrorKind.CLOSED,
              "lock request on " + file + " withdrawn: owner '" + owner + "' released its locks")));
        }
      }
      serve(file, s, done);
      untrackIfDone(file, s, session);
      return s.isEmpty() ? null : s;
    });
    finish(done);
  }

  List<LockInfo> locks(ObjectId file) {
    List<LockInfo> out = new ArrayList<>();
    files.computeIfPresent(file, (id, s) -> {
      List<Lock> sorted = new ArrayList<>(s.locks);
      sorted.sort(BY_OFFSET);
      for (Lock l : sorted) {
        out.add(l.info(file));
      }
      return s;
    });
    return List.copyOf(out);
  }

  /** Drops everything a closing session holds or waits for in {@code file}. */
  void release(ObjectId file, EngineLockSession session) {
    List<Runnable> done = new ArrayList<>();
    files.computeIfPresent(file, (id, s) -> {
      s.locks.removeIf(l -> l.session == session);
      for (Iterator<Waiter> it = s.waiters.iterator(); it.hasNext(); ) {
        Waiter w = it.next();
        if (w.request.session == session) {
          it.remove();
          if (end(w)) {
            done.add(() -> w.completeExceptionally(new DfsException(ErrorKind.CLOSED,
                "lock session " + session.id() + " (" + session.description() + ") closed")));
          }
        }
      }
      serve(file, s, done);
      return s.isEmpty() ? null : s;
    });
    finish(done);
  }

  // ---- Waiters ----

  /** Ends a waiter that was waiting; false if it was granted or ended already. */
  private boolean end(Waiter w) {
    if (!w.state.compareAndSet(WAITING, ENDED)) {
      return false;
    }
    ScheduledFuture<?> t = w.timeout;
    if (t != null) {
      t.cancel(false);
    }
    w.request.session.chargeWait(-1);
    return true;
  }

  /** Grants, in arrival order, the waiters nothing blocks any more; caller is inside compute. */
  private void serve(ObjectId file, FileLocks s, List<Runnable> done) {
    List<Waiter> blocked = new ArrayList<>();
    for (Iterator<Waiter> it = s.waiters.iterator(); it.hasNext(); ) {
      Waiter w = it.next();
      if (w.state.get() != WAITING) {
        it.remove();
        continue;
      }
      if (w.request.session.closing()) {
        // Its session is closing and will fail it; never grant it a lock now.
        blocked.add(w);
        continue;
      }
      if (behindWaiter(blocked, w.request) || firstConflict(s, w.request) != null) {
        blocked.add(w);
        continue;
      }
      if (!w.state.compareAndSet(WAITING, GRANTED)) {
        it.remove();
        continue;
      }
      it.remove();
      ScheduledFuture<?> t = w.timeout;
      if (t != null) {
        t.cancel(false);
      }
      w.request.session.chargeWait(-1);
      try {
        apply(s, w.request);
        done.add(() -> w.complete(null));
      } catch (DfsException e) {
        // The owner changed style or ran out of quota while it waited.
        done.add(() -> w.completeExceptionally(e));
      }
    }
  }

  private void expire(Waiter w) {
    List<Runnable> done = new ArrayList<>();
    DfsException[] failure = new DfsException[1];
    files.computeIfPresent(w.file, (id, s) -> {
      if (s.waiters.contains(w) && end(w)) {
        s.waiters.remove(w);
        failure[0] = locked(w.file, w.request, firstConflict(s, w.request));
        serve(w.file, s, done);
        untrackIfDone(w.file, s, w.request.session);
      }
      return s.isEmpty() ? null : s;
    });
    if (failure[0] != null) {
      w.completeExceptionally(failure[0]);
    }
    finish(done);
  }

  /** A cancelled waiter leaves the queue, which may let later ones go. */
  private void withdraw(Waiter w) {
    w.request.session.chargeWait(-1);
    ScheduledFuture<?> t = w.timeout;
    if (t != null) {
      t.cancel(false);
    }
    List<Runnable> done = new ArrayList<>();
    files.computeIfPresent(w.file, (id, s) -> {
      s.waiters.remove(w);
      serve(w.file, s, done);
      untrackIfDone(w.file, s, w.request.session);
      return s.isEmpty() ? null : s;
    });
    finish(done);
  }

  private static void untrackIfDone(ObjectId file, FileLocks s, EngineLockSession session) {
    if (!s.holds(session)) {
      session.untrack(file);
    }
  }

  /** Completes futures on the table's thread (or here, once the engine is closing). */
  private void finish(List<Runnable> done) {
    for (Runnable r : done) {
      try {
        thread.execute(r);
      } catch (RejectedExecutionException e) {
        r.run();
      }
    }
  }

  @Override
  public void close() {
    thread.shutdown();
  }
}
