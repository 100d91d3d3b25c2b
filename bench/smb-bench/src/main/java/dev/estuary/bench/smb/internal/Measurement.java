package dev.estuary.bench.smb.internal;

import org.jspecify.annotations.Nullable;

/**
 * One timed workload on one server.
 *
 * @param units how many units (MiB or operations) were done
 * @param seconds the wall time
 * @param serverCpuNanos the server's CPU time in that interval
 * @param clientCpuNanos the load client's (this JVM and the client processes it ran and waited for)
 * @param latencyMs the mean latency per operation as the client reported it, or NaN
 * @param failure why the workload failed on this server, or null
 */
public record Measurement(double units, double seconds, long serverCpuNanos, long clientCpuNanos, double latencyMs,
    @Nullable String failure) {

  /**
   * A failed workload (no figures).
   *
   * @param why what the client reported
   * @return the measurement
   */
  public static Measurement failed(String why) {
    return new Measurement(0, 0, 0, 0, Double.NaN, why);
  }
}
