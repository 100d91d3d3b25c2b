package dev.estuary.dfs.support;

import dev.estuary.dfs.ChangeEvent;
import dev.estuary.dfs.ChangeKind;
import dev.estuary.dfs.WatchListener;
import dev.estuary.dfs.WatchSubscription;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The delivery side of one {@link WatchSubscription}, with the contract's rules: a bounded queue in
 * which a data change of the object last queued replaces that entry ({@link ChangeKind#MODIFIED}
 * coalescing) and a full queue is replaced by one {@link ChangeEvent#OVERFLOW}; events reach the
 * listener on the subscriber's executor one at a time, in order; {@link #deliverUpTo} hands the
 * events queued up to a point to the caller's thread ({@link WatchSubscription#flush()}) without
 * breaking that order. Publishing never blocks.
 *
 * <p>Each event gets a sequence number when queued, so a flush can name "what was queued before
 * this point" even when that point is learned later (the remote client learns it from a mark the
 * server sends after the events published before the flush).
 */
public final class WatchQueue {
  private static final Logger LOG = LoggerFactory.getLogger(WatchQueue.class);
  /** Events one drain task delivers before it lets other work on the executor run. */
  private static final int DRAIN_BATCH = 64;

  private record Queued(long seq, ChangeEvent event) {}

  private final Object owner;
  private final int capacity;
  private final Executor executor;
  private final WatchListener listener;
  /** Held while one event is taken from the queue and passed on, so a flush and a drain keep the order. */
  private final ReentrantLock delivering = new ReentrantLock();
  // Guarded by this.
  private final ArrayDeque<Queued> queue = new ArrayDeque<>();
  private long seq;
  private boolean scheduled;
  private boolean ended;
  private volatile boolean discarded;

  /**
   * Creates the queue of one subscription.
   *
   * @param owner the subscription, named in log lines
   * @param capacity the most events held (1 to {@link WatchSubscription#MAX_QUEUE_CAPACITY}; the
   *     caller checked it)
   * @param executor where the listener runs
   * @param listener the subscriber's listener
   */
  public WatchQueue(Object owner, int capacity, Executor executor, WatchListener listener) {
    this.owner = owner;
    this.capacity = capacity;
    this.executor = executor;
    this.listener = listener;
  }

  /**
   * Queues one event and schedules its delivery; ignored once {@link #endWith ended} or {@link
   * #discard discarded}.
   *
   * @param e the event
   */
  public void offer(ChangeEvent e) {
    synchronized (this) {
      if (ended || !enqueue(e)) {
        return;
      }
    }
    submit();
  }

  /** Queues {@code e}; returns whether a drain must be scheduled. Caller holds the monitor. */
  private boolean enqueue(ChangeEvent e) {
    seq++;
    Queued last = queue.peekLast();
    if (e.kind() == ChangeKind.MODIFIED && last != null && last.event().kind() == ChangeKind.MODIFIED
        && Objects.equals(last.event().object(), e.object())
        && Objects.equals(last.event().directory(), e.directory())
        && Objects.equals(last.event().name(), e.name())) {
      // Coalesce a stream of writes: the queued entry takes the newer event.
      queue.pollLast();
      queue.addLast(new Queued(seq, e));
    } else if (queue.size() >= capacity) {
      // The subscriber fell behind: what it missed is replaced by one "rescan" signal.
      queue.clear();
      queue.addLast(new Queued(seq, ChangeEvent.OVERFLOW));
    } else {
      queue.addLast(new Queued(seq, e));
    }
    if (scheduled) {
      return false;
    }
    scheduled = true;
    return true;
  }

  /**
   * Queues a last event (if not ended yet) and accepts no more; what is queued is still delivered.
   * For a subscription whose source went away: the remote client gives its listener one {@link
   * ChangeEvent#OVERFLOW}, since events may have been lost.
   *
   * @param last the final event
   * @return whether the queue was still open (the event was queued)
   */
  public boolean endWith(ChangeEvent last) {
    boolean schedule;
    synchronized (this) {
      if (ended) {
        return false;
      }
      schedule = enqueue(last);
      ended = true;
    }
    if (schedule) {
      submit();
    }
    return true;
  }

  /**
   * Returns the sequence number of the last event queued (0 before the first).
   *
   * @return the last sequence number
   */
  public synchronized long lastSequence() {
    return seq;
  }

  /**
   * Delivers, on the calling thread and in order, the queued events numbered up to {@code upTo},
   * after any delivery in progress; events queued later stay the executor's, so a busy volume
   * cannot keep the caller here.
   *
   * @param upTo the last sequence number to deliver (from {@link #lastSequence()})
   */
  public void deliverUpTo(long upTo) {
    delivering.lock();
    try {
      while (true) {
        Queued q;
        synchronized (this) {
          Queued head = queue.peekFirst();
          q = discarded || head == null || head.seq() > upTo ? null : queue.pollFirst();
        }
        if (q == null) {
          return;
        }
        deliver(q.event());
      }
    } finally {
      delivering.unlock();
    }
  }

  /**
   * Drops what is queued and delivers nothing more (the subscription was closed).
   *
   * @return whether this call discarded it (false if it already was)
   */
  public boolean discard() {
    synchronized (this) {
      if (discarded) {
        return false;
      }
      discarded = true;
      ended = true;
      queue.clear();
      return true;
    }
  }

  /**
   * Returns whether {@link #discard} was called.
   *
   * @return true once discarded
   */
  public boolean discarded() {
    return discarded;
  }

  private void submit() {
    try {
      executor.execute(this::drain);
    } catch (RejectedExecutionException ex) {
      LOG.warn("{} dropped: its executor refused delivery ({})", owner, ex.toString());
      synchronized (this) {
        scheduled = false;
        queue.clear();
      }
    }
  }

  private void drain() {
    for (int i = 0; i < DRAIN_BATCH; i++) {
      delivering.lock();
      try {
        Queued q;
        synchronized (this) {
          q = discarded ? null : queue.pollFirst();
          if (q == null) {
            scheduled = false;
            return;
          }
        }
        deliver(q.event());
      } finally {
        delivering.unlock();
      }
    }
    submit();
  }

  private void deliver(ChangeEvent e) {
    try {
      listener.onEvent(e);
    } catch (RuntimeException ex) {
      LOG.warn("{}: listener failed on {}: {}", owner, e, ex.toString());
    }
  }
}
