package dev.estuary.bench.internal;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

/**
 * One line of the result table: a phase measured on both sides.
 *
 * @param workload the workload the row belongs to ({@code metadata}, {@code small}, ...)
 * @param phase the row label
 * @param bar the target group the row counts for, or null for an informational row
 * @param engine the backend's measurement, or null with {@code --nio-only}
 * @param nio the java.nio measurement
 */
public record Row(
    String workload, String phase, @Nullable Bar bar, @Nullable Measurement engine,
    Measurement nio) {

  /** Validates the components. */
  public Row {
    requireNonNull(workload, "workload");
    requireNonNull(phase, "phase");
    requireNonNull(nio, "nio");
  }

  /**
   * Returns engine rate divided by nio rate.
   *
   * @return the ratio, or NaN without an engine measurement
   */
  public double ratio() {
    return engine == null ? Double.NaN : engine.rate() / nio.rate();
  }
}
