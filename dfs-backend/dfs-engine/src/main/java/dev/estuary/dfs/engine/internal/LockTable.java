package dev.estuary.dfs.engine.internal;

import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.ErrorKind;
import dev.estuary.dfs.LockInfo;
import dev.estuary.dfs.LockSession;
import dev.estuary.dfs.LockStyle;
import dev.estuary.dfs.LockType;
import dev.estuary.dfs.ObjectId;
import dev.estuary.dfs.engine.internal.LockRules.Lock;
import java.time.Duration;
import java.util.ArrayList;
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
        if (l.session() == s) {
          return true;
        }
      }
      for (Waiter w : waiters) {
        if (w.request.session() == s) {
          return true;
        }
      }
      return false;
    }
  }

  private final ConcurrentHashMap<ObjectId, FileLocks> files = new ConcurrentHashMap<>();
  private final ScheduledExecutorService thread;

  LockTable() {
    this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "estuary-engine-locks");
      t.setDaemon(true);
      return t;
    });
  }

  /** Whether a waiting request of another owner, ahead of {@code request}, conflicts with it. */
  private static boolean behindWaiter(List<Waiter> ahead, Lock request) {
    for (Waiter w : ahead) {
      Lock e = w.request;
      if (!e.sameOwner(request) && e.range().overlaps(request.range())
          && (e.type() == LockType.EXCLUSIVE || request.type() == LockType.EXCLUSIVE)) {
        return true;
      }
    }
    return false;
  }

  // ---- Operations ----

  Optional<LockInfo> tryLock(ObjectId file, Lock request) {
    Object[] conflict = new Object[1];
    List<Runnable> done = new ArrayList<>();
    files.compute(file, (id, f) -> {
      FileLocks s = f != null ? f : new FileLocks();
      request.session().checkOpenInTable();
      LockRules.checkStyle(s.locks, request);
      Lock c = LockRules.firstConflict(s.locks, request);
      if (c != null) {
        conflict[0] = c.info(file);
      } else {
        LockRules.apply(s.locks, request);
        request.session().track(file);
        // A POSIX downgrade may let waiters go.
        serve(file, s, done);
      }
      return s.isEmpty() ? null : s;
    });
    finish(done);
    return Optional.ofNullable((LockInfo) conflict[0]);
  }

  CompletableFuture<Void> lock(ObjectId file, Lock request, Duration maxWait) {
    Waiter w = new Waiter(file, request);
    List<Runnable> done = new ArrayList<>();
    files.compute(file, (id, f) -> {
      FileLocks s = f != null ? f : new FileLocks();
      request.session().checkOpenInTable();
      LockRules.checkStyle(s.locks, request);
      Lock c = LockRules.firstConflict(s.locks, request);
      boolean queued = behindWaiter(s.waiters, request);
      if (c == null && (!queued || maxWait.isZero())) {
        LockRules.apply(s.locks, request);
        request.session().track(file);
        w.state.set(GRANTED);
        serve(file, s, done);
      } else if (maxWait.isZero()) {
        w.state.set(ENDED);
        w.completeExceptionally(locked(file, request, c));
      } else {
        request.session().chargeWait(1);
        try {
          w.timeout = thread.schedule(() -> expire(w), maxWait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
          request.session().chargeWait(-1);
          throw new DfsException(ErrorKind.CLOSED, "lock request on " + file + ": the engine is closing");
        }
        s.waiters.add(w);
        request.session().track(file);
      }
      return s.isEmpty() ? null : s;
    });
    if (w.state.get() == GRANTED) {
      w.complete(null);
    }
    finish(done);
    return w;
  }

  private static DfsException locked(ObjectId file, Lock request, @Nullable Lock conflict) {
    String by = conflict == null ? "an earlier waiting request"
        : conflict.type() + " lock " + conflict.range() + " of owner '" + conflict.owner() + "' in session "
            + conflict.session().id() + " (" + conflict.session().description() + ")";
    return new DfsException(ErrorKind.LOCKED, request.type() + " lock " + request.range() + " of " + file
        + " conflicts with " + by);
  }

  /** The lock {@code request} would conflict with, or for {@code io} the one forbidding that I/O. */
  Optional<LockInfo> test(ObjectId file, Lock request, boolean io) {
    Object[] conflict = new Object[1];
    files.computeIfPresent(file, (id, f) -> {
      Lock c = null;
      if (!io) {
        c = LockRules.firstConflict(f.locks, request);
      } else {
        for (Lock held : f.locks) {
          if (LockRules.blocksIo(request, held)) {
            c = held;
            break;
          }
        }
      }
      conflict[0] = c == null ? null : c.info(file);
      return f;
    });
    return Optional.ofNullable((LockInfo) conflict[0]);
  }

  void unlock(ObjectId file, Lock request) {
    List<Runnable> done = new ArrayList<>();
    files.compute(file, (id, f) -> {
      FileLocks s = f != null ? f : new FileLocks();
      if (request.style() == LockStyle.WINDOWS) {
        // [MS-FSA] 2.1.5.8: of the owner's locks with exactly this range, an exclusive one is released
        // before a shared one stacked on it (smbtorture smb2.lock.unlock).
        Lock match = null;
        for (Lock l : s.locks) {
          if (l.sameOwner(request) && l.style() == LockStyle.WINDOWS && l.range().equals(request.range())
              && (match == null || (match.type() != LockType.EXCLUSIVE && l.type() == LockType.EXCLUSIVE))) {
            match = l;
          }
        }
        boolean found = match != null && s.locks.remove(match);
        if (found) {
          request.session().charge(-1);
        }
        if (!found) {
          throw new DfsException(ErrorKind.NOT_LOCKED, "unlock of " + request.range() + " of " + file
              + " by owner '" + request.owner() + "' (expected: a range it holds exactly)");
        }
      } else {
        LockRules.checkStyle(s.locks, request);
        List<Lock> own = new ArrayList<>();
        for (Lock l : s.locks) {
          if (l.sameOwner(request)) {
            own.add(l);
          }
        }
        LockRules.replaceOwn(s.locks, request, LockRules.cut(own, request.range()));
      }
      serve(file, s, done);
      untrackIfDone(file, s, request.session());
      return s.isEmpty() ? null : s;
    });
    finish(done);
  }

  void unlockAll(ObjectId file, EngineLockSession session, String owner) {
    List<Runnable> done = new ArrayList<>();
    files.computeIfPresent(file, (id, s) -> {
      for (Iterator<Lock> it = s.locks.iterator(); it.hasNext(); ) {
        Lock l = it.next();
        if (l.session() == session && l.owner().equals(owner)) {
          it.remove();
          session.charge(-1);
        }
      }
      for (Iterator<Waiter> it = s.waiters.iterator(); it.hasNext(); ) {
        Waiter w = it.next();
        if (w.request.session() == session && w.request.owner().equals(owner) && end(w)) {
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
      sorted.sort(LockRules.BY_OFFSET);
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
      s.locks.removeIf(l -> l.session() == session);
      for (Iterator<Waiter> it = s.waiters.iterator(); it.hasNext(); ) {
        Waiter w = it.next();
        if (w.request.session() == session) {
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
    w.request.session().chargeWait(-1);
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
      if (w.request.session().closing()) {
        // Its session is closing and will fail it; never grant it a lock now.
        blocked.add(w);
        continue;
      }
      if (behindWaiter(blocked, w.request) || LockRules.firstConflict(s.locks, w.request) != null) {
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
      w.request.session().chargeWait(-1);
      try {
        LockRules.apply(s.locks, w.request);
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
        failure[0] = locked(w.file, w.request, LockRules.firstConflict(s.locks, w.request));
        serve(w.file, s, done);
        untrackIfDone(w.file, s, w.request.session());
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
    w.request.session().chargeWait(-1);
    ScheduledFuture<?> t = w.timeout;
    if (t != null) {
      t.cancel(false);
    }
    List<Runnable> done = new ArrayList<>();
    files.computeIfPresent(w.file, (id, s) -> {
      s.waiters.remove(w);
      serve(w.file, s, done);
      untrackIfDone(w.file, s, w.request.session());
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
