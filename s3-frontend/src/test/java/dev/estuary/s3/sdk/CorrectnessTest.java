package dev.estuary.s3.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.estuary.s3.testing.RawS3;
import dev.estuary.s3.testing.S3TestServer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.Tag;

/**
 * Issue 15's correctness items through the SDK v2 (boto3's side is {@code
 * Boto3ConformanceTest}): Content-Encoding without aws-chunked, non-ASCII user metadata, the
 * {@code x-amz-tagging} header, BadDigest, re-sent multipart parts.
 */
class CorrectnessTest {
  @RegisterExtension static final S3TestServer S3 = new S3TestServer();

  private static final int PART = 5 * 1024 * 1024;

  @Test
  void awsChunkedIsNotStoredAsAContentEncoding() {
    String bucket = S3.createBucket("enc");
    S3Client s3 = S3.client();
    // The SDK frames this body aws-chunked with a CRC32 trailer and says so in Content-Encoding.
    s3.putObject(b -> b.bucket(bucket).key("gz").contentEncoding("gzip")
        .checksumAlgorithm(ChecksumAlgorithm.CRC32), RequestBody.fromString("zipped"));
    assertThat(s3.headObject(b -> b.bucket(bucket).key("gz")).contentEncoding()).isEqualTo("gzip");
    s3.putObject(b -> b.bucket(bucket).key("plain").checksumAlgorithm(ChecksumAlgorithm.CRC32),
        RequestBody.fromString("plain"));
    assertThat(s3.headObject(b -> b.bucket(bucket).key("plain")).contentEncoding()).isNull();
    // Sent by hand: "gzip, aws-chunked" keeps gzip, "aws-chunked" alone keeps nothing.
    assertThat(S3.raw().send("PUT", RawS3.path(bucket, "raw-gz"), Map.of(),
        Map.of("content-encoding", "gzip, aws-chunked"), "x".getBytes(StandardCharsets.UTF_8))
        .status()).isEqualTo(200);
    assertThat(s3.headObject(b -> b.bucket(bucket).key("raw-gz")).contentEncoding())
        .isEqualTo("gzip");
    assertThat(S3.raw().send("PUT", RawS3.path(bucket, "raw-none"), Map.of(),
        Map.of("content-encoding", "aws-chunked"), "x".getBytes(StandardCharsets.UTF_8))
        .status()).isEqualTo(200);
    assertThat(s3.getObject(b -> b.bucket(bucket).key("raw-none")).response().contentEncoding())
        .isNull();
  }

  @Test
  void latinOneUserMetadataSignsAndRoundTrips() {
    String bucket = S3.createBucket("meta-latin");
    S3Client s3 = S3.client();
    s3.putObject(b -> b.bucket(bucket).key("k").metadata(Map.of("meta1", "Hello World\u00e9")),
        RequestBody.fromString("bar"));
    HeadObjectResponse h = s3.headObject(b -> b.bucket(bucket).key("k"));
    assertThat(h.metadata()).containsEntry("meta1", "Hello World\u00e9");
  }

  @Test
  void tagsFromTheHeaderAreStoredExactly() {
    String bucket = S3.createBucket("tag-header");
    S3Client s3 = S3.client();
    s3.putObject(b -> b.bucket(bucket).key("k").tagging("foo=bar&bar&sp=a+b&plus=%2B&e="),
        RequestBody.fromString("v"));
    assertThat(s3.getObjectTagging(b -> b.bucket(bucket).key("k")).tagSet()).containsExactly(
        Tag.builder().key("bar").value("").build(),
        Tag.builder().key("e").value("").build(),
        Tag.builder().key("foo").value("bar").build(),
        Tag.builder().key("plus").value("+").build(),
        Tag.builder().key("sp").value("a b").build());
    assertThatThrownBy(() -> s3.putObject(b -> b.bucket(bucket).key("dup").tagging("a=1&a=2"),
        RequestBody.fromString("v")))
        .isInstanceOfSatisfying(S3Exception.class,
            e -> assertThat(S3.error(e).code()).isEqualTo("InvalidTag"));
  }

  @Test
  void aChecksumThatIsNotTheBodysIsBadDigest() {
    String bucket = S3.createBucket("baddigest");
    for (String value : List.of("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", "bad")) {
      RawS3.Response r = S3.raw().send("PUT", RawS3.path(bucket, "k"), Map.of(),
          Map.of("x-amz-checksum-sha256", value), "body".getBytes(StandardCharsets.UTF_8));
      assertThat(r.status()).as(value).isEqualTo(400);
      assertThat(r.error().code()).as(value).isEqualTo("BadDigest");
    }
    assertThat(S3.client().listObjectsV2(b -> b.bucket(bucket)).contents()).isEmpty();
  }

  @Test
  void partsSentAgainInAnyOrderCompleteWithTheLastOfEach() {
    String bucket = S3.createBucket("resent");
    S3Client s3 = S3.client();
    String id = s3.createMultipartUpload(b -> b.bucket(bucket).key("obj")).uploadId();
    byte[] one = filled(PART, (byte) 1);
    byte[] twoOld = filled(PART, (byte) 2);
    byte[] twoNew = filled(PART, (byte) 3);
    byte[] three = filled(1000, (byte) 4);
    String e3 = upload(s3, bucket, id, 3, three);
    String e2old = upload(s3, bucket, id, 2, twoOld);
    String e1 = upload(s3, bucket, id, 1, one);
    String e2 = upload(s3, bucket, id, 2, twoNew);
    assertThat(s3.listParts(b -> b.bucket(bucket).key("obj").uploadId(id)).parts())
        .extracting(p -> p.partNumber() + ":" + p.eTag())
        .containsExactly("1:" + e1, "2:" + e2, "3:" + e3);
    // Out of order: InvalidPartOrder, and the upload is still there.
    assertThatThrownBy(() -> complete(s3, bucket, id, List.of(part(2, e2), part(1, e1),
        part(3, e3)))).isInstanceOfSatisfying(S3Exception.class,
            e -> assertThat(S3.error(e).code()).isEqualTo("InvalidPartOrder"));
    // The replaced part's ETag no longer names a part: InvalidPart.
    assertThatThrownBy(() -> complete(s3, bucket, id, List.of(part(1, e1), part(2, e2old),
        part(3, e3)))).isInstanceOfSatisfying(S3Exception.class,
            e -> assertThat(S3.error(e).code()).isEqualTo("InvalidPart"));
    complete(s3, bucket, id, List.of(part(1, e1), part(2, e2), part(3, e3)));
    byte[] got = s3.getObjectAsBytes(b -> b.bucket(bucket).key("obj")).asByteArray();
    byte[] want = new byte[2 * PART + 1000];
    System.arraycopy(one, 0, want, 0, PART);
    System.arraycopy(twoNew, 0, want, PART, PART);
    System.arraycopy(three, 0, want, 2 * PART, 1000);
    assertThat(Arrays.equals(got, want)).as("object bytes: part 1, the second part 2, part 3")
        .isTrue();
  }

  private static byte[] filled(int n, byte b) {
    byte[] a = new byte[n];
    Arrays.fill(a, b);
    return a;
  }

  private static String upload(S3Client s3, String bucket, String id, int n, byte[] data) {
    return s3.uploadPart(b -> b.bucket(bucket).key("obj").uploadId(id).partNumber(n),
        RequestBody.fromBytes(data)).eTag();
  }

  private static CompletedPart part(int n, String etag) {
    return CompletedPart.builder().partNumber(n).eTag(etag).build();
  }

  private static void complete(S3Client s3, String bucket, String id, List<CompletedPart> parts) {
    s3.completeMultipartUpload(b -> b.bucket(bucket).key("obj").uploadId(id)
        .multipartUpload(m -> m.parts(parts)));
  }
}
