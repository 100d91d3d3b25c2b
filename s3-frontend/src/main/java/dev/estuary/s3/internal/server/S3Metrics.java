package dev.estuary.s3.internal.server;

import com.linecorp.armeria.common.logging.RequestLog;
import dev.estuary.core.RequestMetrics;
import dev.estuary.s3.internal.ops.Operation;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The S3 frontend's meters in the shared registry: the shared request scheme ({@link
 * RequestMetrics}: {@code estuary_s3_requests_total{op,status}} and {@code
 * estuary_s3_request_duration_seconds{op,status}}, op being the S3 operation name and status the
 * HTTP status code) and {@code estuary.s3.bytes} (tag {@code direction} {@code in}/{@code out}),
 * all taken from Armeria's completed request log so streamed bodies count in full.
 */
public final class S3Metrics {
  private final RequestMetrics requests;
  private final Counter bytesIn;
  private final Counter bytesOut;

  /**
   * Creates the meters.
   *
   * @param registry the shared registry
   * @param requests the frontend's request metrics in the shared scheme
   */
  public S3Metrics(MeterRegistry registry, RequestMetrics requests) {
    this.requests = requests;
    this.bytesIn = Counter.builder("estuary.s3.bytes").tag("direction", "in")
        .description("S3 request and response body bytes").baseUnit("bytes").register(registry);
    this.bytesOut = Counter.builder("estuary.s3.bytes").tag("direction", "out")
        .description("S3 request and response body bytes").baseUnit("bytes").register(registry);
  }

  /**
   * Records one finished request.
   *
   * @param op the operation (or null when routing failed)
   * @param log the complete request log
   */
  public void record(Operation op, RequestLog log) {
    String name = op.s3Name();
    int status = log.responseHeaders().status().code();
    requests.record(name, Integer.toString(status), log.totalDurationNanos());
    bytesIn.increment(Math.max(0, log.requestLength()));
    bytesOut.increment(Math.max(0, log.responseLength()));
  }
}
