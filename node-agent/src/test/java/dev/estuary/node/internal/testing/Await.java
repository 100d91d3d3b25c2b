package dev.estuary.node.internal.testing;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** Waits for a condition that nothing signals (a container's state, a probe's verdict) by polling it. */
public final class Await {
  private Await() {}

  /**
   * Polls until the supplier returns a non-null value.
   *
   * @param what what is awaited, for the failure message
   * @param limit the longest wait
   * @param check returns the value, or null while not there yet
   * @param <T> the value type
   * @return the value
   * @throws AssertionError when the limit passes
   */
  public static <T> T until(String what, Duration limit, Supplier<T> check) {
    long deadline = System.nanoTime() + limit.toNanos();
    RuntimeException last = null;
    while (true) {
      try {
        T v = check.get();
        if (v != null) {
          return v;
        }
      } catch (RuntimeException e) {
        last = e;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + limit + ": " + what, last);
      }
      try {
        TimeUnit.MILLISECONDS.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for " + what, e);
      }
    }
  }
}
