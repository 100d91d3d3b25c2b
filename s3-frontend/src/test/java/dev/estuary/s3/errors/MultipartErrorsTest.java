package dev.estuary.s3.errors;

import static dev.estuary.s3.testing.S3Errors.assertError;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.estuary.s3.testing.Leftovers;
import dev.estuary.s3.testing.S3TestServer;
import dev.estuary.s3.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * CompleteMultipartUpload and UploadPart failures (S3 API reference, CompleteMultipartUpload
 * "Special errors"): InvalidPart, InvalidPartOrder, EntityTooSmall, NoSuchUpload, and part
 * numbers outside 1..10000. None of them creates the object.
 */
class MultipartErrorsTest {
  @RegisterExtension static final S3TestServer S3 = new S3TestServer();

  static final int MIB = 1024 * 1024;

  private static CompletedPart part(int n, String etag) {
    return CompletedPart.builder().partNumber(n).eTag(etag).build();
  }

  @Test
  void wrongPartETagIsInvalidPart() {
    String bucket = S3.createBucket("mpu-err-etag");
    S3Client s3 = S3.client();
    Leftovers before = Leftovers.snapshot(S3, bucket);
    String id = s3.createMultipartUpload(b -> b.bucket(bucket).key("k")).uploadId();
    s3.uploadPart(b -> b.bucket(bucket).key("k").uploadId(id).partNumber(1),
        RequestBody.fromString("only part"));
    assertError(S3, catchThrowable(() -> s3.completeMultipartUpload(b -> b.bucket(bucket).key("k")
        .uploadId(id).multipartUpload(m -> m.parts(
            part(1, "\"0123456789abcdef0123456789abcdef\""))))), 400, "InvalidPart");
    assertError(S3, catchThrowable(() -> s3.completeMultipartUpload(b -> b.bucket(bucket).key("k")
        .uploadId(id).multipartUpload(m -> m.parts(
            part(2, "\"0123456789abcdef0123456789abcdef\""))))), 400, "InvalidPart");
    s3.abortMultipartUpload(b -> b.bucket(bucket).key("k").uploadId(id));
    before.assertUnchanged(S3, "completes with a wrong part");
  }

  @Test
  void partsOutOfOrderAreInvalidPartOrder() {
    String bucket = S3.createBucket("mpu-err-order");
    S3Client s3 = S3.client();
    Leftovers before = Leftovers.snapshot(S3, bucket);
    String id = s3.createMultipartUpload(b -> b.bucket(bucket).key("k")).uploadId();
    String e1 = s3.uploadPart(b -> b.bucket(bucket).key("k").uploadId(id).partNumber(1),
        RequestBody.fromBytes(TestData.bytes(5 * MIB, 1))).eTag();
    String e2 = s3.uploadPart(b -> b.bucket(bucket).key("k").uploadId(id).partNumber(2),
        RequestBody.fromString("tail")).eTag();
    assertError(S3, catchThrowable(() -> s3.completeMultipartUpload(b -> b.bucket(bucket).key("k")
        .uploadId(id).multipartUpload(m -> m.parts(part(2, e2), part(1, e1))))), 400,
        "InvalidPartOrder");
    s3.abortMultipartUpload(b -> b.bucket(bucket).key("k").uploadId(id));
    before.assertUnchanged(S3, "a complete with parts out of order");
  }

  @Test
  void smallNonLastPartIsEntityTooSmall() {
    String bucket = S3.createBucket("mpu-err-small");
    S3Client s3 = S3.client();
    Leftovers before = Leftovers.snapshot(S3, bucket);
    String id = s3.createMultipartUpload(b -> b.bucket(bucket).key("k")).uploadId();
    String e1 = s3.uploadPart(b -> b.bucket(bucket).key("k").uploadId(id).partNumber(1),
        RequestBody.fromString("too small for a first part")).eTag();
    String e2 = s3.uploadPart(b -> b.bucket(bucket).key("k").uploadId(id).partNumber(2),
        RequestBody.fromString("last")).eTag();
    assertError(S3, catchThrowable(() -> s3.completeMultipartUpload(b -> b.bucket(bucket).key("k")
        .uploadId(id).multipartUpload(m -> m.parts(part(1, e1), part(2, e2))))), 400,
        "EntityTooSmall");
    s3.abortMultipartUpload(b -> b.bucket(bucket).key("k").uploadId(id));
    before.assertUnchanged(S3, "a complete with a 26-byte first part");
  }

  @Test
  void completeWithoutPartsIsMalformedXml() {
    String bucket = S3.createBucket("mpu-err-empty");
    S3Client s3 = S3.client();
    String id = s3.createMultipartUpload(b -> b.bucket(bucket).key("k")).uploadId();
    Leftovers before = Leftovers.snapshot(S3, bucket);
    // An empty <CompleteMultipartUpload/> does not match the schema (at least one Part).
    assertError(S3, catchThrowable(() -> s3.completeMultipartUpload(b -> b.bucket(bucket)
        .key("k").uploadId(id).multipartUpload(m -> m.parts(java.util.List.of())))), 400,
        "MalformedXML");
    before.assertUnchanged(S3, "a complete without parts");
    s3.abortMultipartUpload(b -> b.bucket(bucket).key("k").uploadId(id));
  }

  @Test
  void unknownUploadIdIsNoSuchUpload() {
    String bucket = S3.createBucket("mpu-err-id");
    S3Client s3 = S3.client();
    Leftovers before = Leftovers.snapshot(S3, bucket);
    String bogus = "bm90LWFuLXVwbG9hZC1pZA";
    assertError(S3, catchThrowable(() -> s3.uploadPart(b -> b.bucket(bucket).key("k")
        .uploadId(bogus).partNumber(1), RequestBody.fromString("x"))), 404, "NoSuchUpload");
    assertError(S3, catchThrowable(() -> s3.completeMultipartUpload(b -> b.bucket(bucket)
        .key("k").uploadId(bogus).multipartUpload(m -> m.parts(part(1, "\"x\""))))), 404,
        "NoSuchUpload");
    assertError(S3, catchThrowable(() -> s3.abortMultipartUpload(b -> b.bucket(bucket).key("k")
        .uploadId(bogus))), 404, "NoSuchUpload");
    before.assertUnchanged(S3, "requests for an unknown upload");
  }

  @Test
  void partNumbersOutsideTheRangeAreInvalidArgument() {
    String bucket = S3.createBucket("mpu-err-num");
    S3Client s3 = S3.client();
    String id = s3.createMultipartUpload(b -> b.bucket(bucket).key("k")).uploadId();
    for (int n : new int[] {0, 10001}) {
      assertError(S3, catchThrowable(() -> s3.uploadPart(b -> b.bucket(bucket).key("k")
          .uploadId(id).partNumber(n), RequestBody.fromString("x"))), 400, "InvalidArgument");
    }
    s3.abortMultipartUpload(b -> b.bucket(bucket).key("k").uploadId(id));
  }
}
