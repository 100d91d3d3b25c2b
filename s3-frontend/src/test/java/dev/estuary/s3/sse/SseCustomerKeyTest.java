package dev.estuary.s3.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.estuary.s3.testing.Checksums;
import dev.estuary.s3.testing.S3TestServer;
import dev.estuary.s3.testing.TestData;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * SSE-C through the AWS SDK v2 (S3 User Guide, "Using server-side encryption with
 * customer-provided keys"): PUT, GET, HEAD and range GETs with the key; the errors S3 (and ceph's
 * s3-tests, test_encryption_sse_c_*) expect for a missing key (400), another key (403), a bad key
 * MD5 (400); what is on disk is not the plaintext. Plain HTTP from loopback is allowed here by
 * {@code s3.sse-c-over-http = loopback}; {@link SseTransportTest} checks the default refusal.
 */
class SseCustomerKeyTest {
  @RegisterExtension
  static final S3TestServer S3 = new S3TestServer().option("sse-c-over-http", "loopback");

  static final byte[] KEY = key(1);
  static final byte[] OTHER = key(2);

  static byte[] key(int seed) {
    byte[] k = new byte[32];
    Arrays.fill(k, (byte) seed);
    k[0] = (byte) 0x5a;
    return k;
  }

  static String b64(byte[] b) {
    return Base64.getEncoder().encodeToString(b);
  }

  static String md5(byte[] b) {
    try {
      return b64(MessageDigest.getInstance("MD5").digest(b));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void putGetHeadAndRangesWithTheKey() {
    String bucket = S3.createBucket("ssec");
    // Crosses several 64 KiB blocks and ends inside one.
    byte[] data = TestData.bytes(300_001, 7);
    PutObjectResponse put = S3.client().putObject(b -> b.bucket(bucket).key("k.bin")
        .sseCustomerAlgorithm("AES256").sseCustomerKey(b64(KEY)).sseCustomerKeyMD5(md5(KEY)),
        RequestBody.fromBytes(data));
    assertThat(put.sseCustomerAlgorithm()).isEqualTo("AES256");
    assertThat(put.sseCustomerKeyMD5()).isEqualTo(md5(KEY));
    // As on S3, the ETag of an SSE-C object is not the MD5 of its plaintext.
    assertThat(put.eTag()).isNotEqualTo(Checksums.etag(data)).matches("\"[0-9a-f]{32}\"");

    ResponseBytes<GetObjectResponse> got = S3.client().getObjectAsBytes(b -> b.bucket(bucket)
        .key("k.bin").sseCustomerAlgorithm("AES256").sseCustomerKey(b64(KEY))
        .sseCustomerKeyMD5(md5(KEY)));
    assertThat(got.asByteArray()).isEqualTo(data);
    assertThat(got.response().contentLength()).isEqualTo(data.length);
    assertThat(got.response().eTag()).isEqualTo(put.eTag());
    assertThat(got.response().sseCustomerKeyMD5()).isEqualTo(md5(KEY));

    HeadObjectResponse head = S3.client().headObject(b -> b.bucket(bucket).key("k.bin")
        .sseCustomerAlgorithm("AES256").sseCustomerKey(b64(KEY)).sseCustomerKeyMD5(md5(KEY)));
    assertThat(head.contentLength()).isEqualTo(data.length);
    assertThat(head.sseCustomerAlgorithm()).isEqualTo("AES256");

    for (long[] r : new long[][] {{0, 0}, {65_535, 65_536}, {1000, 200_000}, {299_990, 300_000},
        {131_072, 196_607}}) {
      ResponseBytes<GetObjectResponse> part = S3.client().getObjectAsBytes(b -> b.bucket(bucket)
          .key("k.bin").range("bytes=" + r[0] + "-" + r[1]).sseCustomerAlgorithm("AES256")
          .sseCustomerKey(b64(KEY)).sseCustomerKeyMD5(md5(KEY)));
      assertThat(part.asByteArray()).as("range %d-%d", r[0], r[1])
          .isEqualTo(Arrays.copyOfRange(data, (int) r[0], (int) r[1] + 1));
      assertThat(part.response().contentRange())
          .isEqualTo("bytes " + r[0] + "-" + r[1] + "/" + data.length);
    }

    // Listed with the size S3 reports, the plaintext's.
    assertThat(S3.client().listObjectsV2(b -> b.bucket(bucket)).contents().getFirst().size())
        .isEqualTo(data.length);
    // On disk: ciphertext, longer by one tag per block, nothing of the plaintext.
    byte[] disk = S3.volumes().read(bucket, "k.bin").orElseThrow();
    assertThat(disk).hasSize(data.length + 16 * 5);
    assertThat(indexOf(disk, Arrays.copyOfRange(data, 1000, 1032))).isEqualTo(-1);
  }

  @Test
  void emptyAndBlockSizedObjectsRoundTrip() {
    String bucket = S3.createBucket("ssec-sizes");
    for (int size : new int[] {0, 1, 65_536, 131_072}) {
      byte[] data = TestData.bytes(size, size);
      S3.client().putObject(b -> b.bucket(bucket).key("s" + size).sseCustomerAlgorithm("AES256")
          .sseCustomerKey(b64(KEY)).sseCustomerKeyMD5(md5(KEY)), RequestBody.fromBytes(data));
      byte[] got = S3.client().getObjectAsBytes(b -> b.bucket(bucket).key("s" + size)
          .sseCustomerAlgorithm("AES256").sseCustomerKey(b64(KEY)).sseCustomerKeyMD5(md5(KEY)))
          .asByteArray();
      assertThat(got).as("size %d", size).isEqualTo(data);
    }
  }

  @Test
  void missingKeyIs400AndOtherKeyIs403() {
    String bucket = S3.createBucket("ssec-errors");
    S3.client().putObject(b -> b.bucket(bucket).key("k").sseCustomerAlgorithm("AES256")
        .sseCustomerKey(b64(KEY)).sseCustomerKeyMD5(md5(KEY)), RequestBody.fromString("secret"));

    assertThatThrownBy(() -> S3.client().getObjectAsBytes(b -> b.bucket(bucket).key("k")))
        .isInstanceOfSatisfying(S3Exception.class, e -> {
          assertThat(e.statusCode()).isEqualTo(400);
          assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidRequest");
        });
    assertThatThrownBy(() -> S3.client().headObject(b -> b.bucket(bucket).key("k")))
        .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(400));
    assertThatThrownBy(() -> S3.client().getObjectAsBytes(b -> b.bucket(bucket).key("k")
        .sseCustomerAlgorithm("AES256").sseCustomerKey(b64(OTHER)).sseCustomerKeyMD5(md5(OTHER))))
        .isInstanceOfSatisfying(S3Exception.class, e -> {
          assertThat(e.statusCode()).isEqualTo(403);
          assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
        });
  }

  @Test
  void badKeyHeadersAre400AndStoreNothing() {
    String bucket = S3.createBucket("ssec-bad");
    // The key MD5 of another key.
    assertThatThrownBy(() -> S3.client().putObject(b -> b.bucket(bucket).key("k")
        .sseCustomerAlgorithm("AES256").sseCustomerKey(b64(KEY)).sseCustomerKeyMD5(md5(OTHER)),
        RequestBody.fromString("x")))
        .isInstanceOfSatisfying(S3Exception.class, e -> {
          assertThat(e.statusCode()).isEqualTo(400);
          assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidArgument");
        });
    // A 16-byte key.
    byte[] shortKey = Arrays.copyOf(KEY, 16);
    assertThatThrownBy(() -> S3.client().putObject(b -> b.bucket(bucket).key("k")
        .sseCustomerAlgorithm("AES256").sseCustomerKey(b64(shortKey))
        .sseCustomerKeyMD5(md5(shortKey)), RequestBody.fromString("x")))
        .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(400));
    assertThat(S3.client().listObjectsV2(b -> b.bucket(bucket)).contents()).isEmpty();
  }

  @Test
  void keyForAnUnencryptedObjectIs400() {
    String bucket = S3.createBucket("ssec-plain");
    S3.client().putObject(b -> b.bucket(bucket).key("plain"), RequestBody.fromString("p"));
    assertThatThrownBy(() -> S3.client().getObjectAsBytes(b -> b.bucket(bucket).key("plain")
        .sseCustomerAlgorithm("AES256").sseCustomerKey(b64(KEY)).sseCustomerKeyMD5(md5(KEY))))
        .isInstanceOfSatisfying(S3Exception.class, e -> {
          assertThat(e.statusCode()).isEqualTo(400);
          assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidRequest");
        });
  }

  static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
