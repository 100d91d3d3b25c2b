package dev.estuary.node.internal.supervise;

import java.time.Duration;

/**
 * Capped exponential back-off: the n-th restart in a row waits {@code initial * 2^n}, at most
 * {@code max}, so a container that crashes at once does not make the agent spin.
 *
 * @param initial the wait before the first restart
 * @param max the longest wait
 */
public record Backoff(Duration initial, Duration max) {
  /**
   * Returns the wait before a restart.
   *
   * @param attempt how many restarts in a row came before this one (0 for the first)
   * @return the wait
   */
  public Duration delay(int attempt) {
    Duration d = initial;
    for (int i = 0; i < attempt && d.compareTo(max) < 0; i++) {
      d = d.multipliedBy(2);
    }
    return d.compareTo(max) > 0 ? max : d;
  }
}
