package dev.estuary.s3.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.s3.testing.S3TestServer;
import dev.estuary.s3.testing.TestData;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * Issue 13: a GET of a small object and a HEAD read the object with one backend call
 * ({@code Volume.readSmall}: attributes, metadata, encryption record and content), which a remote
 * backend answers in one round trip; a larger object still streams through an open handle. Seen
 * in the backend's call counters ({@code estuary.dfs.ops}), with the answers unchanged.
 */
class SmallObjectReadTest {
  @RegisterExtension static final S3TestServer S3 = new S3TestServer();

  private static double ops(String op) {
    MeterRegistry r = S3.meters().orElseThrow(() -> new AssertionError(
        "metrics: no registry (expected: the embedded server, not " + S3.endpoint() + ")"));
    Counter c = r.find("estuary.dfs.ops").tag("op", op).counter();
    return c == null ? 0 : c.count();
  }

  @Test
  void smallGetAndHeadAreOneReadSmall_aLargeGetOpensAHandle() {
    String bucket = S3.createBucket("smallread");
    byte[] small = TestData.bytes(4096, 3);
    byte[] large = TestData.bytes(300 * 1024, 4);
    S3.client().putObject(b -> b.bucket(bucket).key("dir/small").metadata(java.util.Map.of(
        "colour", "blue")), RequestBody.fromBytes(small));
    S3.client().putObject(b -> b.bucket(bucket).key("large"), RequestBody.fromBytes(large));

    double reads = ops("read_small");
    double opens = ops("open");
    var got = S3.client().getObjectAsBytes(b -> b.bucket(bucket).key("dir/small"));
    var head = S3.client().headObject(b -> b.bucket(bucket).key("dir/small"));

    assertThat(got.asByteArray()).isEqualTo(small);
    assertThat(got.response().metadata()).containsEntry("colour", "blue");
    assertThat(head.contentLength()).isEqualTo(4096);
    assertThat(head.eTag()).isEqualTo(got.response().eTag());
    assertThat(ops("read_small") - reads).isEqualTo(2);
    assertThat(ops("open") - opens).isZero();

    var big = S3.client().getObjectAsBytes(b -> b.bucket(bucket).key("large"));

    assertThat(big.asByteArray()).isEqualTo(large);
    assertThat(ops("open") - opens).isEqualTo(1);
    assertThat(ops("read_small") - reads).isEqualTo(2);
  }
}
