package dev.estuary.s3.errors;

import static dev.estuary.s3.testing.S3Errors.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.estuary.s3.testing.Leftovers;
import dev.estuary.s3.testing.S3TestServer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * Documented S3 limits (User Guide, "Working with object metadata" and "Naming objects"): user
 * metadata at most 2 KB (MetadataTooLarge), keys at most 1024 bytes of UTF-8 (KeyTooLongError).
 */
class LimitsErrorsTest {
  @RegisterExtension static final S3TestServer S3 = new S3TestServer();

  /** A key of exactly {@code bytes} UTF-8 bytes made of 100-byte path segments. */
  static String keyOfBytes(int bytes) {
    StringBuilder b = new StringBuilder();
    while (b.length() < bytes) {
      int left = bytes - b.length();
      if (left > 101) {
        b.append("s".repeat(100)).append('/');
      } else {
        b.append("e".repeat(left));
      }
    }
    String k = b.toString();
    assertThat(k.getBytes(StandardCharsets.UTF_8)).hasSize(bytes);
    return k;
  }

  @Test
  void userMetadataOverTwoKilobytesIsMetadataTooLarge() {
    String bucket = S3.createBucket("lim-meta");
    Leftovers before = Leftovers.snapshot(S3, bucket);
    Map<String, String> big = Map.of("big", "v".repeat(2100));
    assertError(S3, catchThrowable(() -> S3.client().putObject(b -> b.bucket(bucket).key("m")
        .metadata(big), RequestBody.fromString("x"))), 400, "MetadataTooLarge");
    assertError(S3, catchThrowable(() -> S3.client().createMultipartUpload(b -> b.bucket(bucket)
        .key("m").metadata(big))), 400, "MetadataTooLarge");
    before.assertUnchanged(S3, "PUTs with 2.1 KB of user metadata");
    assertThat(S3.client().listMultipartUploads(b -> b.bucket(bucket)).uploads()).isEmpty();
  }

  @Test
  void userMetadataJustUnderTheLimitIsAccepted() {
    String bucket = S3.createBucket("lim-meta-ok");
    // 2 KB counts the UTF-8 bytes of each name (without "x-amz-meta-") plus its value.
    Map<String, String> fits = Map.of("k1", "a".repeat(1000), "k2", "b".repeat(1000));
    S3.client().putObject(b -> b.bucket(bucket).key("m").metadata(fits),
        RequestBody.fromString("x"));
    assertThat(S3.client().headObject(b -> b.bucket(bucket).key("m")).metadata())
        .containsExactlyInAnyOrderEntriesOf(fits);
  }

  @Test
  void keyOver1024BytesIsKeyTooLongError() {
    String bucket = S3.createBucket("lim-key");
    Leftovers before = Leftovers.snapshot(S3, bucket);
    String key = keyOfBytes(1025);
    assertError(S3, catchThrowable(() -> S3.client().putObject(b -> b.bucket(bucket).key(key),
        RequestBody.fromString("x"))), 400, "KeyTooLongError");
    assertError(S3, catchThrowable(() -> S3.client().createMultipartUpload(b -> b.bucket(bucket)
        .key(key))), 400, "KeyTooLongError");
    before.assertUnchanged(S3, "PUT of a 1025-byte key");
  }

  @Test
  void keyOfExactly1024BytesIsAccepted() {
    String bucket = S3.createBucket("lim-key-ok");
    String key = keyOfBytes(1024);
    S3.client().putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString("x"));
    assertThat(S3.client().getObjectAsBytes(b -> b.bucket(bucket).key(key)).asUtf8String())
        .isEqualTo("x");
    assertThat(S3.client().listObjectsV2(b -> b.bucket(bucket)).contents().get(0).key())
        .isEqualTo(key);
  }
}
