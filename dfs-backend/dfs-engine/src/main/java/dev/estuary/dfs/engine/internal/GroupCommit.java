package dev.estuary.dfs.engine.internal;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Group commit of an expensive durability step (the WAL fsync): callers take a ticket after their
 * writes; a caller whose ticket an fsync begun after it was taken already covers returns without
 * an fsync of its own, so N concurrent syncs cost about two fsyncs, not N. A failed fsync covers
 * nobody: the waiters behind it try again themselves.
 */
final class GroupCommit {
  private final Runnable step;
  private final AtomicLong requests = new AtomicLong();
  private final ReentrantLock lock = new ReentrantLock();
  private long doneUpTo; // guarded by lock

  /**
   * Creates the group commit of one step.
   *
   * @param step makes every write issued before it starts durable
   */
  GroupCommit(Runnable step) {
    this.step = step;
  }

  /** Returns once a run of the step that started after this call began has completed. */
  void await() {
    long ticket = requests.incrementAndGet();
    lock.lock();
    try {
      if (doneUpTo >= ticket) {
        return;
      }
      // Every ticket up to here was taken after its holder's writes, and the step below starts
      // after this read, so it covers all of them.
      long upTo = requests.get();
      step.run();
      doneUpTo = upTo;
    } finally {
      lock.unlock();
    }
  }

  /** Returns how many callers wait for the running step (they have taken their tickets); for tests. */
  int waiting() {
    return lock.getQueueLength();
  }
}
