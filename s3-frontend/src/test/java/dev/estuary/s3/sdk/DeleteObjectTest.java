package dev.estuary.s3.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.estuary.s3.testing.S3TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.DeleteObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/** DeleteObject through the SDK. */
class DeleteObjectTest {
  @RegisterExtension static final S3TestServer S3 = new S3TestServer();

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
