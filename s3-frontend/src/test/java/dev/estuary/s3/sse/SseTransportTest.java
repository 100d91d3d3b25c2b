package dev.estuary.s3.sse;

import static dev.estuary.s3.sse.SseCustomerKeyTest.KEY;
import static dev.estuary.s3.sse.SseCustomerKeyTest.b64;
import static dev.estuary.s3.sse.SseCustomerKeyTest.md5;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.estuary.s3.testing.S3TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * By default SSE-C is refused over plain HTTP, even from loopback, as S3 refuses it: a customer
 * key sent in clear is given away. Nothing is stored.
 */
class SseTransportTest {
  @RegisterExtension static final S3TestServer S3 = new S3TestServer();

  @Test
  void customerKeyOverPlainHttpIsRefusedByDefault() {
    String bucket = S3.createBucket("ssec-http");
    assertThatThrownBy(() -> S3.client().putObject(b -> b.bucket(bucket).key("k")
        .sseCustomerAlgorithm("AES256").sseCustomerKey(b64(KEY)).sseCustomerKeyMD5(md5(KEY)),
        RequestBody.fromString("secret")))
        .isInstanceOfSatisfying(S3Exception.class, e -> {
          assertThat(e.statusCode()).isEqualTo(400);
          assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidRequest");
          assertThat(e.awsErrorDetails().errorMessage()).contains("secure connection");
        });
    assertThat(S3.client().listObjectsV2(b -> b.bucket(bucket)).contents()).isEmpty();
  }
}
