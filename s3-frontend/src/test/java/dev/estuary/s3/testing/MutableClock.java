package dev.estuary.s3.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that follows the system clock plus an offset the test can move forward, so a presigned
 * URL can be made to expire without waiting. Shared by the server under test and the test.
 */
public final class MutableClock extends Clock {
  private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

  /**
   * Moves this clock forward.
   *
   * @param by how far; must not be negative
   */
  public void advance(Duration by) {
    if (by.isNegative()) {
      throw new IllegalArgumentException("advance: " + by + " (expected: not negative)");
    }
    offset.accumulateAndGet(by, Duration::plus);
  }

  /** Returns the clock to the system time. */
  public void reset() {
    offset.set(Duration.ZERO);
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    if (!ZoneOffset.UTC.equals(zone)) {
      throw new UnsupportedOperationException("zone: " + zone + " (expected: UTC)");
    }
    return this;
  }

  @Override
  public Instant instant() {
    return Instant.now().plus(offset.get());
  }
}
