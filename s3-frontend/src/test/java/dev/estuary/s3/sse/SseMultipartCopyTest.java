package dev.estuary.s3.sse;

import static dev.estuary.s3.sse.SseCustomerKeyTest.KEY;
import static dev.estuary.s3.sse.SseCustomerKeyTest.OTHER;
import static dev.estuary.s3.sse.SseCustomerKeyTest.b64;
import static dev.estuary.s3.sse.SseCustomerKeyTest.md5;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.estuary.s3.testing.S3TestServer;
import dev.estuary.s3.testing.TestData;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CopyObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * Multipart uploads and copies of encrypted objects through the AWS SDK v2: SSE-C and SSE-S3
 * uploads read back whole, by range across part boundaries and by partNumber; a part sent with
 * another key or none is refused (400, as ceph's test_encryption_sse_c_multipart_invalid_chunks_*
 * expect); CopyObject from an SSE-C source (source key headers) to SSE-S3, to plaintext and to
 * another SSE-C key; UploadPartCopy from an encrypted source into an encrypted upload.
 */
class SseMultipartCopyTest {
  @RegisterExtension
  static final S3TestServer S3 = new S3TestServer().option("sse-c-over-http", "loopback");

  private static final int PART = 5 << 20;

  @Test
  void sseCMultipartReadsWholeByRangeAndByPart() {
    String bucket = S3.createBucket("ssec-mpu");
    byte[] data = TestData.bytes(2 * PART + 12_345, 21);
    String id = S3.client().createMultipartUpload(b -> b.bucket(bucket).key("big")
        .sseCustomerAlgorithm("AES256").sseCustomerKey(b64(KEY)).sseCustomerKeyMD5(md5(KEY)))
        .uploadId();
    List<CompletedPart> parts = new ArrayList<>();
    List<byte[]> chunks = TestData.split(data, PART);
    for (int i = 0; i < chunks.size(); i++) {
      int n = i + 1;
      byte[] chunk = chunks.get(i);
      String etag = S3.client().uploadPart(b -> b.bucket(bucket).key("big").uploadId(id)
          .partNumber(n).sseCustomerAlgorithm("AES256").sseCustomerKey(b64(KEY))
          .sseCustomerKeyMD5(md5(KEY)), RequestBody.fromBytes(chunk)).eTag();
      parts.add(CompletedPart.builder().partNumber(n).eTag(etag).build());
    }
    // A part with another key, or none, is refused and changes nothing.
    assertThatThrownBy(() -> S3.client().uploadPart(b -> b.bucket(bucket).key("big").uploadId(id)
        .partNumber(9).sseCustomerAlgorithm("AES256").sseCustomerKey(b64(OTHER))
        .sseCustomerKeyMD5(md5(OTHER)), RequestBody.fromString("x")))
        .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(400));
    assertThatThrownBy(() -> S3.client().uploadPart(b -> b.bucket(bucket).key("big").uploadId(id)
        .partNumber(9), RequestBody.fromString("x")))
        .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(400));
    assertThat(S3.client().listParts(b -> b.bucket(bucket).key("big").uploadId(id)).parts())
        .extracting(p -> p.size()).containsExactly((long) PART, (long) PART, 12_345L);

    CompleteMultipartUploadResponse done = S3.client().completeMultipartUpload(b -> b
        .bucket(bucket).key("big").uploadId(id).multipartUpload(m -> m.parts(parts)));
    assertThat(done.eTag()).endsWith("-3\"");

    byte[] whole = S3.client().getObjectAsBytes(b -> b.bucket(bucket).key("big")
        .sseCustomerAlgorithm("AES256").sseCustomerKey(b64(KEY)).sseCustomerKeyMD5(md5(KEY)))
        .asByteArray();
    assertThat(whole).isEqualTo(data);
    byte[] across = S3.client().getObjectAsBytes(b -> b.bucket(bucket).key("big")
        .range("bytes=" + (PART - 100) + "-" + (2 * PART + 99)).sseCustomerAlgorithm("AES256")
        .sseCustomerKey(b64(KEY)).sseCustomerKeyMD5(md5(KEY))).asByteArray();
    assertThat(across).isEqualTo(Arrays.copyOfRange(data, PART - 100, 2 * PART + 100));
    byte[] third = S3.client().getObjectAsBytes(b -> b.bucket(bucket).key("big").partNumber(3)
        .sseCustomerAlgorithm("AES256").sseCustomerKey(b64(KEY)).sseCustomerKeyMD5(md5(KEY)))
        .asByteArray();
    assertThat(third).isEqualTo(chunks.get(2));
    assertThat(S3.client().headObject(b -> b.bucket(bucket).key("big")
        .sseCustomerAlgorithm("AES256").sseCustomerKey(b64(KEY)).sseCustomerKeyMD5(md5(KEY)))
        .contentLength()).isEqualTo(data.length);
    assertThatThrownBy(() -> S3.client().getObjectAsBytes(b -> b.bucket(bucket).key("big")
        .sseCustomerAlgorithm("AES256").sseCustomerKey(b64(OTHER)).sseCustomerKeyMD5(md5(OTHER))))
        .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(403));
  }

  @Test
  void sseS3MultipartRoundTrips() {
    String bucket = S3.createBucket("sses3-mpu");
    byte[] data = TestData.bytes(PART + 70_000, 22);
    String id = S3.client().createMultipartUpload(b -> b.bucket(bucket).key("m")
        .serverSideEncryption(ServerSideEncryption.AES256)).uploadId();
    List<CompletedPart> parts = new ArrayList<>();
    List<byte[]> chunks = TestData.split(data, PART);
    for (int i = 0; i < chunks.size(); i++) {
      int n = i + 1;
      byte[] chunk = chunks.get(i);
      String etag = S3.client().uploadPart(b -> b.bucket(bucket).key("m").uploadId(id)
          .partNumber(n), RequestBody.fromBytes(chunk)).eTag();
      parts.add(CompletedPart.builder().partNumber(n).eTag(etag).build());
    }
    CompleteMultipartUploadResponse done = S3.client().completeMultipartUpload(b -> b
        .bucket(bucket).key("m").uploadId(id).multipartUpload(m -> m.parts(parts)));
    assertThat(done.serverSideEncryption()).isEqualTo(ServerSideEncryption.AES256);
    assertThat(S3.client().getObjectAsBytes(b -> b.bucket(bucket).key("m")).asByteArray())
        .isEqualTo(data);
    assertThat(S3.client().getObjectAsBytes(b -> b.bucket(bucket).key("m")
        .range("bytes=" + (PART - 5) + "-" + (PART + 5))).asByteArray())
        .isEqualTo(Arrays.copyOfRange(data, PART - 5, PART + 6));
    assertThat(S3.client().listObjectsV2(b -> b.bucket(bucket)).contents().getFirst().size())
        .isEqualTo(data.length);
  }

  @Test
  void copyBetweenKeysAndSchemes() {
    String bucket = S3.createBucket("sse-copy");
    byte[] data = TestData.bytes(150_000, 23);
    S3.client().putObject(b -> b.bucket(bucket).key("src").sseCustomerAlgorithm("AES256")
        .sseCustomerKey(b64(KEY)).sseCustomerKeyMD5(md5(KEY)), RequestBody.fromBytes(data));

    // Without the source key: 400, nothing written.
    assertThatThrownBy(() -> S3.client().copyObject(b -> b.sourceBucket(bucket).sourceKey("src")
        .destinationBucket(bucket).destinationKey("nokey")))
        .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(400));

    CopyObjectResponse toS3 = S3.client().copyObject(b -> b.sourceBucket(bucket).sourceKey("src")
        .destinationBucket(bucket).destinationKey("as-sse-s3")
        .copySourceSSECustomerAlgorithm("AES256").copySourceSSECustomerKey(b64(KEY))
        .copySourceSSECustomerKeyMD5(md5(KEY)).serverSideEncryption(ServerSideEncryption.AES256));
    assertThat(toS3.serverSideEncryption()).isEqualTo(ServerSideEncryption.AES256);
    assertThat(S3.client().getObjectAsBytes(b -> b.bucket(bucket).key("as-sse-s3"))
        .asByteArray()).isEqualTo(data);

    S3.client().copyObject(b -> b.sourceBucket(bucket).sourceKey("src")
        .destinationBucket(bucket).destinationKey("plain")
        .copySourceSSECustomerAlgorithm("AES256").copySourceSSECustomerKey(b64(KEY))
        .copySourceSSECustomerKeyMD5(md5(KEY)));
    assertThat(S3.volumes().read(bucket, "plain").orElseThrow()).isEqualTo(data);

    S3.client().copyObject(b -> b.sourceBucket(bucket).sourceKey("src")
        .destinationBucket(bucket).destinationKey("other-key")
        .copySourceSSECustomerAlgorithm("AES256").copySourceSSECustomerKey(b64(KEY))
        .copySourceSSECustomerKeyMD5(md5(KEY)).sseCustomerAlgorithm("AES256")
        .sseCustomerKey(b64(OTHER)).sseCustomerKeyMD5(md5(OTHER)));
    assertThat(S3.client().getObjectAsBytes(b -> b.bucket(bucket).key("other-key")
        .sseCustomerAlgorithm("AES256").sseCustomerKey(b64(OTHER)).sseCustomerKeyMD5(md5(OTHER)))
        .asByteArray()).isEqualTo(data);

    // UploadPartCopy: an SSE-C source into an SSE-S3 upload, by range.
    String id = S3.client().createMultipartUpload(b -> b.bucket(bucket).key("pc")
        .serverSideEncryption(ServerSideEncryption.AES256)).uploadId();
    String etag = S3.client().uploadPartCopy(b -> b.sourceBucket(bucket).sourceKey("src")
        .destinationBucket(bucket).destinationKey("pc").uploadId(id).partNumber(1)
        .copySourceRange("bytes=100-100099").copySourceSSECustomerAlgorithm("AES256")
        .copySourceSSECustomerKey(b64(KEY)).copySourceSSECustomerKeyMD5(md5(KEY)))
        .copyPartResult().eTag();
    S3.client().completeMultipartUpload(b -> b.bucket(bucket).key("pc").uploadId(id)
        .multipartUpload(m -> m.parts(CompletedPart.builder().partNumber(1).eTag(etag).build())));
    assertThat(S3.client().getObjectAsBytes(b -> b.bucket(bucket).key("pc")).asByteArray())
        .isEqualTo(Arrays.copyOfRange(data, 100, 100_100));
  }
}
