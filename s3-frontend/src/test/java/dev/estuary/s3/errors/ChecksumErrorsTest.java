package dev.estuary.s3.errors;

import static dev.estuary.s3.testing.S3Errors.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.estuary.s3.testing.Checksums;
import dev.estuary.s3.testing.Leftovers;
import dev.estuary.s3.testing.RawS3;
import dev.estuary.s3.testing.S3TestServer;
import dev.estuary.s3.testing.TestData;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.checksums.DefaultChecksumAlgorithm;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * Integrity failures: a Content-MD5 or an x-amz-checksum-* that does not match the body answers
 * 400 BadDigest; a malformed one 400 InvalidDigest (Content-MD5) or BadDigest (a checksum
 * header that cannot match any body, as Ceph RGW and ceph/s3-tests have it). A failed PUT neither creates an object nor damages the one it would have replaced.
 */
class ChecksumErrorsTest {
  @RegisterExtension static final S3TestServer S3 = new S3TestServer();

  private static final byte[] DATA = TestData.bytes(50_000, 90);
  private static final byte[] OTHER = TestData.bytes(50_000, 91);

  private static String bucketWithOriginal() {
    String bucket = S3.createBucket("cks-err");
    S3.client().putObject(b -> b.bucket(bucket).key("existing"), RequestBody.fromString("orig"));
    return bucket;
  }

  private static void assertOriginalIntact(String bucket) {
    assertThat(S3.client().getObjectAsBytes(b -> b.bucket(bucket).key("existing"))
        .asUtf8String()).isEqualTo("orig");
  }

  @Test
  void wrongContentMd5IsBadDigest() {
    String bucket = bucketWithOriginal();
    Leftovers before = Leftovers.snapshot(S3, bucket);
    for (String key : new String[] {"new", "existing"}) {
      assertError(S3, catchThrowable(() -> S3.client().putObject(b -> b.bucket(bucket).key(key)
          .contentMD5(Checksums.contentMd5(OTHER)), RequestBody.fromBytes(DATA))),
          400, "BadDigest");
    }
    before.assertUnchanged(S3, "PUTs with a wrong Content-MD5");
    assertOriginalIntact(bucket);
  }

  @Test
  void malformedContentMd5IsInvalidDigest() {
    String bucket = bucketWithOriginal();
    Leftovers before = Leftovers.snapshot(S3, bucket);
    RawS3.Response r = S3.raw().send("PUT", RawS3.path(bucket, "new"), Map.of(),
        Map.of("Content-MD5", "not-an-md5"), DATA);
    assertError(r, 400, "InvalidDigest");
    before.assertUnchanged(S3, "PUT with a malformed Content-MD5");
  }

  @Test
  void wrongCrc32HeaderIsBadDigest() {
    String bucket = bucketWithOriginal();
    Leftovers before = Leftovers.snapshot(S3, bucket);
    for (String key : new String[] {"new", "existing"}) {
      assertError(S3, catchThrowable(() -> S3.client().putObject(b -> b.bucket(bucket).key(key)
          .checksumCRC32(Checksums.crc32(OTHER)), RequestBody.fromBytes(DATA))),
          400, "BadDigest");
    }
    before.assertUnchanged(S3, "PUTs with a wrong x-amz-checksum-crc32");
    assertOriginalIntact(bucket);
  }

  @Test
  void wrongSha256HeaderIsBadDigest() {
    String bucket = bucketWithOriginal();
    Leftovers before = Leftovers.snapshot(S3, bucket);
    assertError(S3, catchThrowable(() -> S3.client().putObject(b -> b.bucket(bucket).key("new")
        .checksumSHA256(Checksums.sha256(OTHER)), RequestBody.fromBytes(DATA))),
        400, "BadDigest");
    before.assertUnchanged(S3, "PUT with a wrong x-amz-checksum-sha256");
  }

  @Test
  void malformedCrc32HeaderIsBadDigest() {
    String bucket = bucketWithOriginal();
    Leftovers before = Leftovers.snapshot(S3, bucket);
    // Three bytes where CRC32 has four.
    RawS3.Response r = S3.raw().send("PUT", RawS3.path(bucket, "new"), Map.of(),
        Map.of("x-amz-checksum-crc32", "AAAA"), DATA);
    assertError(r, 400, "BadDigest");
    before.assertUnchanged(S3, "PUT with a malformed x-amz-checksum-crc32");
  }

  @Test
  void wrongTrailerChecksumIsBadDigest() {
    String bucket = bucketWithOriginal();
    Leftovers before = Leftovers.snapshot(S3, bucket);
    String good = Checksums.crc32(DATA);
    String bad = Checksums.crc32(OTHER);
    RawS3.Response r = S3.raw().putWithUnsignedTrailer(RawS3.path(bucket, "existing"), DATA,
        DefaultChecksumAlgorithm.CRC32, body -> {
          assertThat(body).contains("x-amz-checksum-crc32:" + good);
          return body.replace("x-amz-checksum-crc32:" + good, "x-amz-checksum-crc32:" + bad);
        });
    assertError(r, 400, "BadDigest");
    before.assertUnchanged(S3, "PUT with a wrong trailer checksum");
    assertOriginalIntact(bucket);
  }

  @Test
  void correctTrailerChecksumIsAccepted() {
    // The control for the test above.
    String bucket = S3.createBucket("cks-trailer-ok");
    RawS3.Response r = S3.raw().putWithUnsignedTrailer(RawS3.path(bucket, "k"), DATA,
        DefaultChecksumAlgorithm.CRC32, body -> body);
    assertThat(r.status()).as(r.text()).isEqualTo(200);
    assertThat(S3.client().getObjectAsBytes(b -> b.bucket(bucket).key("k")).asByteArray())
        .isEqualTo(DATA);
  }
}
