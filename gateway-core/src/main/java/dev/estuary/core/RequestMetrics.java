package dev.estuary.core;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The one request-metrics scheme of every frontend, so dashboards work the same for S3, SMB, NFS
 * and the dataset service: a counter {@code estuary_<frontend>_requests_total{op,status}} and a
 * latency histogram {@code estuary_<frontend>_request_duration_seconds{op,status}} on {@code
 * /metrics} (Micrometer names {@code estuary.<frontend>.requests} and {@code
 * estuary.<frontend>.request.duration}). {@code op} is the protocol's operation name (S3 {@code
 * GetObject}, NFS {@code READ}, gRPC method {@code GetBatch}); {@code status} its outcome as the
 * protocol spells it (HTTP {@code 200}, {@code NFS4ERR_ACCESS}, gRPC {@code OK}). Frontends get it
 * from {@link FrontendContext#requestMetrics(String)}. Thread-safe; meters are created once per
 * (op, status) and reused.
 */
public final class RequestMetrics {
  private static final Pattern FRONTEND = Pattern.compile("[a-z][a-z0-9]{0,31}");

  private final MeterRegistry registry;
  private final String requestsName;
  private final String durationName;
  private final String frontend;
  private final ConcurrentMap<String, Meters> meters = new ConcurrentHashMap<>();

  private record Meters(Counter requests, Timer duration) {}

  /**
   * Creates the metrics of one frontend.
   *
   * @param registry the shared registry
   * @param frontend the frontend name, e.g. {@code s3}: lower-case letters and digits
   * @throws IllegalArgumentException if the name would not make a valid metric name
   */
  public RequestMetrics(MeterRegistry registry, String frontend) {
    this.registry = requireNonNull(registry, "registry");
    if (!FRONTEND.matcher(frontend).matches()) {
      throw new IllegalArgumentException(
          "frontend: '" + frontend + "' (expected: 1-32 lower-case letters and digits)");
    }
    this.frontend = frontend;
    this.requestsName = "estuary." + frontend + ".requests";
    this.durationName = "estuary." + frontend + ".request.duration";
  }

  /**
   * Returns the Micrometer name of the counter.
   *
   * @return {@code estuary.<frontend>.requests}
   */
  public String requestsName() {
    return requestsName;
  }

  /**
   * Returns the Micrometer name of the latency timer.
   *
   * @return {@code estuary.<frontend>.request.duration}
   */
  public String durationName() {
    return durationName;
  }

  /**
   * Records one finished request.
   *
   * @param op the operation
   * @param status the outcome
   * @param durationNanos how long it took, first byte in to last byte out
   */
  public void record(String op, String status, long durationNanos) {
    Meters m = meters.computeIfAbsent(op + '\0' + status, k -> new Meters(
        Counter.builder(requestsName).tag("op", op).tag("status", status)
            .description(frontend + " requests by operation and status").register(registry),
        Timer.builder(durationName).tag("op", op).tag("status", status)
            .description(frontend + " request latency by operation and status")
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofNanos(10_000))
            .maximumExpectedValue(Duration.ofMinutes(10))
            .register(registry)));
    m.requests().increment();
    m.duration().record(durationNanos, TimeUnit.NANOSECONDS);
  }
}
