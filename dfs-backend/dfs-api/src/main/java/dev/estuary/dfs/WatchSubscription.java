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
   * Stops delivery: once it returns no new {@link WatchListener#onEvent} call starts (one already
   * running may finish), and queued events are dropped. Idempotent. The backend closes every
   * subscription when it closes.
   */
  @Override
  void close();
}
