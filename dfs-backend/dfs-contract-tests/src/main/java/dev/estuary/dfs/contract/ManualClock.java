package dev.estuary.dfs.contract;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that only moves when a test moves it, so object times can be compared exactly with the
 * time injected through {@link dev.estuary.dfs.DfsProvider.Context}. Thread-safe.
 */
public final class ManualClock extends Clock {
  private final AtomicReference<Instant> now;

  /**
   * Creates a clock standing at {@code start}.
   *
   * @param start the initial instant
   */
  public ManualClock(Instant start) {
    this.now = new AtomicReference<>(start);
  }

  /**
   * Moves the clock forward.
   *
   * @param step how far, not negative
   * @return the new instant
   */
  public Instant advance(Duration step) {
    if (step.isNegative()) {
      throw new IllegalArgumentException("step: " + step + " (expected: >= 0)");
    }
    return now.updateAndGet(t -> t.plus(step));
  }

  /**
   * Sets the clock to an instant (also backwards, to test that counters do not follow the clock).
   *
   * @param instant the new instant
   */
  public void set(Instant instant) {
    now.set(instant);
  }

  @Override
  public Instant instant() {
    return now.get();
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    // Object times are instants; the zone is irrelevant, and sharing the state keeps one timeline.
    return this;
  }
}
