package dev.estuary.dfs;

/**
 * Receives the events of one {@link Volume#watch} subscription, one at a time, in order, on the
 * executor given with it. It may take its time: a slow listener only fills its own subscription's
 * queue (then gets {@link ChangeKind#OVERFLOW}); it never holds up the writer of a change.
 */
@FunctionalInterface
public interface WatchListener {
  /**
   * Handles one event. An exception thrown here is logged and does not end the subscription.
   *
   * @param event the event
   */
  void onEvent(ChangeEvent event);
}
