package dev.estuary.s3.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.estuary.s3.testing.Checksums;
import dev.estuary.s3.testing.S3TestServer;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.DeleteObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** HeadObject and DeleteObject through the SDK. */
class HeadAndDeleteObjectTest {
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

  @Test
  void deleteRemovesTheObjectAndTheFile() {
    String bucket = S3.createBucket("delete");
    S3Client s3 = S3.client();
    s3.putObject(b -> b.bucket(bucket).key("d/x"), RequestBody.fromString("x"));
    s3.putObject(b -> b.bucket(bucket).key("d/y"), RequestBody.fromString("y"));

    DeleteObjectResponse r = s3.deleteObject(b -> b.bucket(bucket).key("d/x"));
    assertThat(r.sdkHttpResponse().statusCode()).isEqualTo(204);
    assertThatThrownBy(() -> s3.headObject(b -> b.bucket(bucket).key("d/x")))
        .isInstanceOf(NoSuchKeyException.class);
    assertThat(S3.volumes().read(bucket, "d/x")).isEmpty();
    assertThat(S3.volumes().read(bucket, "d/y")).isPresent();
    assertThat(s3.listObjectsV2(b -> b.bucket(bucket)).contents())
        .extracting(o -> o.key()).containsExactly("d/y");
  }

  @Test
  void deleteOfAMissingKeyIs204() {
    String bucket = S3.createBucket("delete-missing");
    DeleteObjectResponse r = S3.client().deleteObject(b -> b.bucket(bucket).key("never/was"));
    assertThat(r.sdkHttpResponse().statusCode()).isEqualTo(204);
  }
}
