package dev.estuary.s3.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.s3.testing.Checksums;
import dev.estuary.s3.testing.S3TestServer;
import dev.estuary.s3.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.ChecksumType;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/**
 * Additional checksums (S3 User Guide, "Checking object integrity"): each of CRC32, CRC32C,
 * CRC64NVME, SHA-1 and SHA-256 is verified on upload, stored, and returned with
 * {@code x-amz-checksum-mode: ENABLED}, whether it came as a header or in an aws-chunked trailer.
 * Expected values come from {@link Checksums}, not from the SDK.
 */
class ChecksumTest {
  @RegisterExtension static final S3TestServer S3 = new S3TestServer();

  private static final byte[] DATA = TestData.bytes(200_000 + 17, 21);

  static String expected(ChecksumAlgorithm a, byte[] data) {
    return switch (a) {
      case CRC32 -> Checksums.crc32(data);
      case CRC32_C -> Checksums.crc32c(data);
      case CRC64_NVME -> Checksums.crc64nvme(data);
      case SHA1 -> Checksums.sha1(data);
      case SHA256 -> Checksums.sha256(data);
      default -> throw new IllegalArgumentException("algorithm: " + a);
    };
  }

  static String reported(ChecksumAlgorithm a, HeadObjectResponse h) {
    return pick(a, h.checksumCRC32(), h.checksumCRC32C(), h.checksumCRC64NVME(), h.checksumSHA1(),
        h.checksumSHA256());
  }

  static String reported(ChecksumAlgorithm a, GetObjectResponse h) {
    return pick(a, h.checksumCRC32(), h.checksumCRC32C(), h.checksumCRC64NVME(), h.checksumSHA1(),
        h.checksumSHA256());
  }

  static String reported(ChecksumAlgorithm a, PutObjectResponse h) {
    return pick(a, h.checksumCRC32(), h.checksumCRC32C(), h.checksumCRC64NVME(), h.checksumSHA1(),
        h.checksumSHA256());
  }

  private static String pick(ChecksumAlgorithm a, String crc32, String crc32c, String crc64,
      String sha1, String sha256) {
    return switch (a) {
      case CRC32 -> crc32;
      case CRC32_C -> crc32c;
      case CRC64_NVME -> crc64;
      case SHA1 -> sha1;
      case SHA256 -> sha256;
      default -> throw new IllegalArgumentException("algorithm: " + a);
    };
  }

  /** Puts a header-supplied checksum value (the SDK sends it as given, no trailer). */
  static PutObjectRequest.Builder withValue(PutObjectRequest.Builder b, ChecksumAlgorithm a,
      String value) {
    return switch (a) {
      case CRC32 -> b.checksumCRC32(value);
      case CRC32_C -> b.checksumCRC32C(value);
      case CRC64_NVME -> b.checksumCRC64NVME(value);
      case SHA1 -> b.checksumSHA1(value);
      case SHA256 -> b.checksumSHA256(value);
      default -> throw new IllegalArgumentException("algorithm: " + a);
    };
  }

  private static void assertStoredAndReturned(String bucket, String key, ChecksumAlgorithm a) {
    String want = expected(a, DATA);
    HeadObjectResponse h = S3.client().headObject(b -> b.bucket(bucket).key(key)
        .checksumMode(ChecksumMode.ENABLED));
    assertThat(reported(a, h)).as("HEAD " + a).isEqualTo(want);
    assertThat(h.checksumType()).isEqualTo(ChecksumType.FULL_OBJECT);
    ResponseBytes<GetObjectResponse> g = S3.client().getObjectAsBytes(b -> b.bucket(bucket)
        .key(key).checksumMode(ChecksumMode.ENABLED));
    assertThat(reported(a, g.response())).as("GET " + a).isEqualTo(want);
    assertThat(g.asByteArray()).isEqualTo(DATA);
  }

  @ParameterizedTest
  @EnumSource(value = ChecksumAlgorithm.class, names = {"CRC32", "CRC32_C", "SHA1", "SHA256"})
  void sdkComputedTrailerChecksumIsStoredAndReturned(ChecksumAlgorithm a) {
    String bucket = S3.createBucket("cks-trailer");
    PutObjectResponse r = S3.client().putObject(b -> b.bucket(bucket).key("k")
        .checksumAlgorithm(a), RequestBody.fromBytes(DATA));
    assertThat(r.eTag()).isEqualTo(Checksums.etag(DATA));
    // PutObject echoes the checksum it verified.
    assertThat(reported(a, r)).isEqualTo(expected(a, DATA));
    assertStoredAndReturned(bucket, "k", a);
  }

  @ParameterizedTest
  @EnumSource(value = ChecksumAlgorithm.class,
      names = {"CRC32", "CRC32_C", "CRC64_NVME", "SHA1", "SHA256"})
  void headerChecksumIsVerifiedStoredAndReturned(ChecksumAlgorithm a) {
    String bucket = S3.createBucket("cks-header");
    String value = expected(a, DATA);
    S3.client().putObject(b -> withValue(b.bucket(bucket).key("k"), a, value),
        RequestBody.fromBytes(DATA));
    assertStoredAndReturned(bucket, "k", a);
  }

  @ParameterizedTest
  @EnumSource(value = ChecksumAlgorithm.class, names = {"CRC32", "CRC32_C", "SHA256"})
  void asyncUnsignedTrailerChecksum(ChecksumAlgorithm a) {
    String bucket = S3.createBucket("cks-async");
    S3.asyncClient().putObject(b -> b.bucket(bucket).key("k").checksumAlgorithm(a),
        AsyncRequestBody.fromBytes(DATA)).join();
    assertStoredAndReturned(bucket, "k", a);
  }

  @Test
  void defaultPutCarriesACrc32ThatIsReturned() {
    // With WHEN_SUPPORTED the SDK adds a CRC32 to every PutObject without being asked.
    String bucket = S3.createBucket("cks-default");
    S3.client().putObject(b -> b.bucket(bucket).key("k"), RequestBody.fromBytes(DATA));
    assertStoredAndReturned(bucket, "k", ChecksumAlgorithm.CRC32);
  }

  @Test
  void contentMd5IsAccepted() {
    String bucket = S3.createBucket("cks-md5");
    PutObjectResponse r = S3.client().putObject(b -> b.bucket(bucket).key("k")
        .contentMD5(Checksums.contentMd5(DATA)), RequestBody.fromBytes(DATA));
    assertThat(r.eTag()).isEqualTo(Checksums.etag(DATA));
  }

  @Test
  void checksumsAreNotReturnedUnlessAsked() {
    String bucket = S3.createBucket("cks-mode");
    S3.client().putObject(b -> b.bucket(bucket).key("k").checksumAlgorithm(ChecksumAlgorithm.SHA256),
        RequestBody.fromBytes(DATA));
    HeadObjectResponse h = S3.client().headObject(b -> b.bucket(bucket).key("k"));
    assertThat(h.checksumSHA256()).isNull();
  }

  @Test
  void referenceCrc64NvmeMatchesThePublishedCheckValue() {
    // CRC-64/NVME check value for "123456789" (NVM Express NVM Command Set spec, §5.2.1.3.3).
    assertThat(Checksums.crc64nvmeValue("123456789".getBytes()))
        .isEqualTo(0xAE8B14860A799888L);
  }
}
