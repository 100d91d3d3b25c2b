package dev.estuary.node.internal.supervise;

import java.time.Duration;

/**
 * Capped exponential back-off. The first restart in a row waits nothing: a container that served
 * until it died is brought back at once, since every second of the wait is a second of outage
 * (issue 13: serving again within 10 s of a SIGKILL). The n-th restart after it waits
 * {@code initial * 2^(n-1)}, at most {@code max}, so a container that crashes at once does not
 * make the agent spin: it gets one immediate retry, then waits.
 *
 * @param initial the wait before the second restart in a row
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
    if (attempt <= 0) {
      return Duration.ZERO;
    }
    Duration d = initial;
    for (int i = 1; i < attempt && d.compareTo(max) < 0; i++) {
      d = d.multipliedBy(2);
    }
    return d.compareTo(max) > 0 ? max : d;
  }
}
