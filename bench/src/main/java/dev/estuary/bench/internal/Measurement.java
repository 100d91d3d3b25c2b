package dev.estuary.bench.internal;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

/**
 * One timed phase of one side.
 *
 * @param phase the row label, e.g. {@code metadata 1 dir: create}
 * @param bar the target group whose bar this row counts for, or null for a row shown for
 *     information only
 * @param bytes whether {@code units} are bytes (reported in MiB/s) rather than operations
 * @param units operations done, or bytes moved
 * @param nanos wall-clock time of the phase
 */
public record Measurement(String phase, @Nullable Bar bar, boolean bytes, long units, long nanos) {

  /** Validates the components. */
  public Measurement {
    requireNonNull(phase, "phase");
    if (units <= 0 || nanos <= 0) {
      throw new IllegalArgumentException(
          "measurement '" + phase + "': units " + units + ", nanos " + nanos + " (expected: > 0)");
    }
  }

  /**
   * Returns the rate: operations per second, or MiB per second.
   *
   * @return the rate
   */
  public double rate() {
    double perSecond = units * 1e9 / nanos;
    return bytes ? perSecond / Sizes.MIB : perSecond;
  }

  /**
   * Returns the unit of {@link #rate()}.
   *
   * @return {@code ops/s} or {@code MiB/s}
   */
  public String unit() {
    return bytes ? "MiB/s" : "ops/s";
  }

  /**
   * Returns the phase time in seconds.
   *
   * @return the seconds
   */
  public double seconds() {
    return nanos / 1e9;
  }

  /**
   * Combines two phases of operations into one row: the same operations counted once, the times
   * added (e.g. write N files, then read the N files: N whole create+write+read operations).
   *
   * @param other the other phase, over the same operations
   * @param label the combined row's label
   * @param newBar the combined row's target group
   * @return the combined measurement
   */
  public Measurement combine(Measurement other, String label, @Nullable Bar newBar) {
    return new Measurement(label, newBar, bytes, units, nanos + other.nanos);
  }
}
