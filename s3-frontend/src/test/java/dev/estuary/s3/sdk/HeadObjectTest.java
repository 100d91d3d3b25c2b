package dev.estuary.s3.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.estuary.s3.testing.Checksums;
import dev.estuary.s3.testing.S3TestServer;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** HeadObject through the SDK. */
class HeadObjectTest {
  @RegisterExtension static final S3TestServer S3 = new S3TestServer();

  @Test
  void headReportsSizeETagTypeMetadataWithoutABody() {
    String bucket = S3.createBucket("head");
    byte[] data = "hello head".getBytes();
    S3.client().putObject(b -> b.bucket(bucket).key("h/obj.txt").contentType("text/x-test")
        .metadata(Map.of("colour", "blue")), RequestBody.fromBytes(data));

    HeadObjectResponse r = S3.client().headObject(b -> b.bucket(bucket).key("h/obj.txt"));
    assertThat(r.contentLength()).isEqualTo(data.length);
    assertThat(r.eTag()).isEqualTo(Checksums.etag(data));
    assertThat(r.contentType()).isEqualTo("text/x-test");
    assertThat(r.metadata()).containsExactlyEntriesOf(Map.of("colour", "blue"));
    assertThat(r.lastModified()).isNotNull();
  }

  @Test
  void headOfAMissingKeyIs404() {
    String bucket = S3.createBucket("head-missing");
    assertThatThrownBy(() -> S3.client().headObject(b -> b.bucket(bucket).key("nope")))
        .isInstanceOfSatisfying(NoSuchKeyException.class,
            e -> assertThat(e.statusCode()).isEqualTo(404));
  }

  @Test
  void headConditionals() {
    String bucket = S3.createBucket("head-cond");
    String etag = S3.client().putObject(b -> b.bucket(bucket).key("k"),
        RequestBody.fromString("x")).eTag();
    assertThatThrownBy(() -> S3.client().headObject(b -> b.bucket(bucket).key("k")
        .ifNoneMatch(etag)))
        .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(304));
    assertThatThrownBy(() -> S3.client().headObject(b -> b.bucket(bucket).key("k")
        .ifMatch("\"ffffffffffffffffffffffffffffffff\"")))
        .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(412));
  }
}
