package dev.estuary.s3.internal.server;

import com.linecorp.armeria.common.logging.RequestLog;
import dev.estuary.s3.internal.ops.Operation;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;

/**
 * The S3 frontend's meters in the shared registry: {@code estuary.s3.requests} (tags {@code
 * operation}, {@code status}), {@code estuary.s3.request.duration} (a timer with a histogram, tag
 * {@code operation}) and {@code estuary.s3.bytes} (tag {@code direction} {@code in}/{@code out}),
 * all taken from Armeria's completed request log so streamed bodies count in full.
 */
public final class S3Metrics {
  private final MeterRegistry registry;
  private final Counter bytesIn;
  private final Counter bytesOut;

  /**
   * Creates the meters.
   *
   * @param registry the shared registry
   */
  public S3Metrics(MeterRegistry registry) {
    this.registry = registry;
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
    Counter.builder("estuary.s3.requests").tag("operation", name)
        .tag("status", Integer.toString(status)).description("S3 requests by operation and status")
        .register(registry).increment();
    Timer.builder("estuary.s3.request.duration").tag("operation", name)
        .publishPercentileHistogram().description("S3 request latency, first byte in to last out")
        .register(registry).record(log.totalDurationNanos(), TimeUnit.NANOSECONDS);
    bytesIn.increment(Math.max(0, log.requestLength()));
    bytesOut.increment(Math.max(0, log.responseLength()));
  }
}
