package dev.estuary.s3.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.estuary.s3.testing.S3TestServer;
import dev.estuary.s3.testing.TestData;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Issue 3, "Metrics": per-operation request counts (by status), latency timers and body bytes in
 * the shared registry the frontend was given.
 */
class MetricsTest {
  @RegisterExtension static final S3TestServer S3 = new S3TestServer();

  private static MeterRegistry registry() {
    return S3.meters().orElseThrow(() -> new AssertionError(
        "metrics: no registry (expected: the embedded server, not " + S3.endpoint() + ")"));
  }

  private static double requests(String operation, String status) {
    Counter c = registry().find("estuary.s3.requests").tag("op", operation)
        .tag("status", status).counter();
    return c == null ? 0 : c.count();
  }

  private static double bytes(String direction) {
    Counter c = registry().find("estuary.s3.bytes").tag("direction", direction).counter();
    return c == null ? 0 : c.count();
  }

  /** The request log completes just after the response; allow it a moment. */
  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    for (int i = 0; i < 50 && !condition.getAsBoolean(); i++) {
      Thread.sleep(100);
    }
    assertThat(condition.getAsBoolean()).as(what + " in " + registry().getMeters().stream()
        .map(m -> m.getId().toString()).toList()).isTrue();
  }

  @Test
  void operationsAreCountedTimedAndTheirBytesSummed() throws InterruptedException {
    String bucket = S3.createBucket("metrics");
    byte[] data = TestData.bytes(100_000, 8);
    double putsBefore = requests("PutObject", "200");
    double getsBefore = requests("GetObject", "200");
    double missBefore = requests("GetObject", "404");
    double inBefore = bytes("in");
    double outBefore = bytes("out");

    S3.client().putObject(b -> b.bucket(bucket).key("m"), RequestBody.fromBytes(data));
    S3.client().getObjectAsBytes(b -> b.bucket(bucket).key("m"));
    assertThatThrownBy(() -> S3.client().getObjectAsBytes(b -> b.bucket(bucket).key("none")))
        .isInstanceOf(NoSuchKeyException.class);

    await("PutObject 200 counted", () -> requests("PutObject", "200") >= putsBefore + 1);
    await("GetObject 200 counted", () -> requests("GetObject", "200") >= getsBefore + 1);
    await("GetObject 404 counted", () -> requests("GetObject", "404") >= missBefore + 1);
    await("request bytes summed", () -> bytes("in") >= inBefore + data.length);
    await("response bytes summed", () -> bytes("out") >= outBefore + data.length);
    Timer t = registry().find("estuary.s3.request.duration").tag("op", "GetObject")
        .tag("status", "200").timer();
    assertThat(t).isNotNull();
    assertThat(t.count()).isGreaterThanOrEqualTo(1);
    assertThat(t.totalTime(java.util.concurrent.TimeUnit.NANOSECONDS)).isPositive();
  }
}
