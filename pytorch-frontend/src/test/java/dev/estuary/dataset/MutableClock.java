package dev.estuary.dataset;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that follows the system clock plus an offset the test moves forward, so the server's
 * timeouts can be made to expire without waiting for them. Shared by the server under test
 * (through its FrontendContext) and the test.
 */
final class MutableClock extends Clock {
  private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

  /** Moves this clock forward. */
  void advance(Duration by) {
    if (by.isNegative()) {
      throw new IllegalArgumentException("advance: " + by + " (expected: not negative)");
    }
    offset.accumulateAndGet(by, Duration::plus);
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
