package dev.estuary.dfs;

/** A live {@link Volume#watch} subscription; close it to stop delivery. Thread-safe. */
public interface WatchSubscription extends AutoCloseable {
  /** Largest queue capacity a subscription may ask for. */
  int MAX_QUEUE_CAPACITY = 65_536;

  /**
   * Returns the object watched.
   *
   * @return its id
   */
  ObjectId target();

  /**
   * Returns what is watched.
   *
   * @return the scope
   */
  WatchScope scope();

  /**
   * Delivers now, on the calling thread, the events published before this call that the executor has
   * not delivered yet, and returns once each of them has reached the listener (one the executor is
   * passing on at the time is waited for). Order is kept: no event overtakes an earlier one, and
   * none is delivered twice. A protocol that answers from what its client's own requests changed
   * calls it first (SMB CHANGE_NOTIFY: a change made by a request the client has seen answered is in
   * the next answer, not racing it). Events published while it runs are left to the executor. Does
   * nothing after {@link #close}. The caller must not hold a lock the listener takes.
   */
  void flush();

  /**
   * Stops delivery: once it returns no new {@link WatchListener#onEvent} call starts (one already
   * running may finish), and queued events are dropped. Idempotent. The backend closes every
   * subscription when it closes.
   */
  @Override
  void close();
}
