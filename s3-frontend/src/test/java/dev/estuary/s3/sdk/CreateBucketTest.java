package dev.estuary.s3.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.estuary.s3.testing.RawS3;
import dev.estuary.s3.testing.S3TestServer;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;

/** CreateBucket: a bucket is a volume; invalid names are refused. */
class CreateBucketTest {
  @RegisterExtension static final S3TestServer S3 = new S3TestServer();

  @Test
  void createBucketWithAnInvalidNameIsInvalidBucketName() {
    // Too short (S3 bucket naming rules: 3 to 63 characters); the SDK refuses bad names itself,
    // so the request goes raw.
    RawS3.Response r = S3.raw().send("PUT", "/ab", Map.of(), Map.of(), new byte[0]);
    assertThat(r.status()).as(r.text()).isEqualTo(400);
    assertThat(r.error().code()).isEqualTo("InvalidBucketName");
    assertThat(r.error().complete()).as(r.text()).isTrue();
  }

  @Test
  void operationsOnAMissingBucketAreNoSuchBucket() {
    String missing = S3.newBucketName("nobucket");
    assertThatThrownBy(() -> S3.client().listObjectsV2(b -> b.bucket(missing)))
        .isInstanceOfSatisfying(NoSuchBucketException.class,
            e -> assertThat(S3.error(e).complete()).isTrue());
    assertThatThrownBy(() -> S3.client().putObject(b -> b.bucket(missing).key("k"),
        RequestBody.fromString("v")))
        .isInstanceOfSatisfying(NoSuchBucketException.class,
            e -> assertThat(e.statusCode()).isEqualTo(404));
  }
}
