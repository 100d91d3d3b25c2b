package dev.estuary.s3.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.estuary.s3.testing.RawS3;
import dev.estuary.s3.testing.S3TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectAttributesResponse;
import software.amazon.awssdk.services.s3.model.ObjectAttributes;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.StorageClass;

/** GetObjectAttributes: each attribute, parts paging, and the refusals. */
class GetObjectAttributesTest {
  @RegisterExtension static final S3TestServer S3 = new S3TestServer();

  private static final int PART = 5 * 1024 * 1024;

  @Test
  void singlePutObjectWithAChecksum() {
    String bucket = S3.createBucket("attrs");
    S3Client s3 = S3.client();
    var put = s3.putObject(b -> b.bucket(bucket).key("a/b.txt")
        .checksumAlgorithm(ChecksumAlgorithm.CRC32_C), RequestBody.fromString("hello world"));
    GetObjectAttributesResponse r = s3.getObjectAttributes(b -> b.bucket(bucket).key("a/b.txt")
        .objectAttributes(ObjectAttributes.E_TAG, ObjectAttributes.CHECKSUM,
            ObjectAttributes.OBJECT_PARTS, ObjectAttributes.STORAGE_CLASS,
            ObjectAttributes.OBJECT_SIZE));
    assertThat('"' + r.eTag() + '"').isEqualTo(put.eTag());
    assertThat(r.objectSize()).isEqualTo(11L);
    assertThat(r.storageClass()).isEqualTo(StorageClass.STANDARD);
    assertThat(r.checksum().checksumCRC32C()).isEqualTo(put.checksumCRC32C());
    // One PUT has no parts: S3 leaves ObjectParts out.
    assertThat(r.objectParts()).isNull();
    assertThat(r.lastModified()).isNotNull();

    // Only what was asked for.
    GetObjectAttributesResponse size = s3.getObjectAttributes(b -> b.bucket(bucket)
        .key("a/b.txt").objectAttributes(ObjectAttributes.OBJECT_SIZE));
    assertThat(size.objectSize()).isEqualTo(11L);
    assertThat(size.eTag()).isNull();
    assertThat(size.checksum()).isNull();
    assertThat(size.storageClass()).isNull();
  }

  @Test
  void aVersionIdNamesTheVersionWhoseAttributesAreAnswered() {
    String bucket = S3.createBucket("attrs-ver");
    S3Client s3 = S3.client();
    s3.putBucketVersioning(b -> b.bucket(bucket).versioningConfiguration(v -> v.status("Enabled")));
    String first = s3.putObject(b -> b.bucket(bucket).key("k"), RequestBody.fromString("one"))
        .versionId();
    s3.putObject(b -> b.bucket(bucket).key("k"), RequestBody.fromString("second version"));
    GetObjectAttributesResponse old = s3.getObjectAttributes(b -> b.bucket(bucket).key("k")
        .versionId(first).objectAttributes(ObjectAttributes.OBJECT_SIZE));
    assertThat(old.objectSize()).isEqualTo(3L);
    assertThat(s3.getObjectAttributes(b -> b.bucket(bucket).key("k")
        .objectAttributes(ObjectAttributes.OBJECT_SIZE)).objectSize()).isEqualTo(14L);
  }

  @Test
  void multipartPartsArePaged() {
    String bucket = S3.createBucket("attrs-mp");
    S3Client s3 = S3.client();
    String id = s3.createMultipartUpload(b -> b.bucket(bucket).key("big")).uploadId();
    List<CompletedPart> parts = new ArrayList<>();
    int[] sizes = {PART, PART, 1234};
    for (int i = 0; i < sizes.length; i++) {
      int n = i + 1;
      String etag = s3.uploadPart(b -> b.bucket(bucket).key("big").uploadId(id).partNumber(n),
          RequestBody.fromBytes(new byte[sizes[i]])).eTag();
      parts.add(CompletedPart.builder().partNumber(n).eTag(etag).build());
    }
    String etag = s3.completeMultipartUpload(b -> b.bucket(bucket).key("big").uploadId(id)
        .multipartUpload(m -> m.parts(parts))).eTag();
    GetObjectAttributesResponse all = s3.getObjectAttributes(b -> b.bucket(bucket).key("big")
        .objectAttributes(ObjectAttributes.OBJECT_PARTS, ObjectAttributes.E_TAG,
            ObjectAttributes.OBJECT_SIZE));
    assertThat('"' + all.eTag() + '"').isEqualTo(etag);
    assertThat(all.eTag()).endsWith("-3");
    assertThat(all.objectSize()).isEqualTo(2L * PART + 1234);
    assertThat(all.objectParts().totalPartsCount()).isEqualTo(3);
    assertThat(all.objectParts().isTruncated()).isFalse();
    assertThat(all.objectParts().parts()).extracting(p -> p.partNumber() + ":" + p.size())
        .containsExactly("1:" + PART, "2:" + PART, "3:1234");

    GetObjectAttributesResponse first = s3.getObjectAttributes(b -> b.bucket(bucket).key("big")
        .objectAttributes(ObjectAttributes.OBJECT_PARTS).maxParts(2));
    assertThat(first.objectParts().isTruncated()).isTrue();
    assertThat(first.objectParts().maxParts()).isEqualTo(2);
    assertThat(first.objectParts().nextPartNumberMarker()).isEqualTo(2);
    assertThat(first.objectParts().parts()).extracting(p -> p.partNumber()).containsExactly(1, 2);
    GetObjectAttributesResponse rest = s3.getObjectAttributes(b -> b.bucket(bucket).key("big")
        .objectAttributes(ObjectAttributes.OBJECT_PARTS).maxParts(2)
        .partNumberMarker(first.objectParts().nextPartNumberMarker()));
    assertThat(rest.objectParts().isTruncated()).isFalse();
    assertThat(rest.objectParts().partNumberMarker()).isEqualTo(2);
    assertThat(rest.objectParts().parts()).extracting(p -> p.partNumber()).containsExactly(3);
    assertThat(rest.objectParts().totalPartsCount()).isEqualTo(3);
  }

  @Test
  void missingOrUnknownAttributeNamesAreInvalidArgumentAndMissingKeysNoSuchKey() {
    String bucket = S3.createBucket("attrs-bad");
    S3.client().putObject(b -> b.bucket(bucket).key("k"), RequestBody.fromString("v"));
    RawS3.Response missing = S3.raw().send("GET", RawS3.path(bucket, "k"),
        Map.of("attributes", ""), Map.of(), new byte[0]);
    assertThat(missing.status()).isEqualTo(400);
    assertThat(missing.error().code()).isEqualTo("InvalidArgument");
    assertThat(missing.error().message()).contains("x-amz-object-attributes: missing");
    RawS3.Response unknown = S3.raw().send("GET", RawS3.path(bucket, "k"),
        Map.of("attributes", ""), Map.of("x-amz-object-attributes", "ETag,Colour"), new byte[0]);
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(unknown.error().code()).isEqualTo("InvalidArgument");
    assertThat(unknown.error().message()).contains("'Colour'");
    assertThatThrownBy(() -> S3.client().getObjectAttributes(b -> b.bucket(bucket).key("nope")
        .objectAttributes(ObjectAttributes.E_TAG)))
        .isInstanceOfSatisfying(S3Exception.class, e -> {
          assertThat(e.statusCode()).isEqualTo(404);
          assertThat(S3.error(e).code()).isEqualTo("NoSuchKey");
        });
    // A version id of this server's form that names no version, and one not of its form.
    RawS3.Response version = S3.raw().send("GET", RawS3.path(bucket, "k"),
        Map.of("attributes", "", "versionId", "7ffe0000000000010123456789abcdef"),
        Map.of("x-amz-object-attributes", "ETag"), new byte[0]);
    assertThat(version.status()).isEqualTo(404);
    assertThat(version.error().code()).isEqualTo("NoSuchVersion");
    RawS3.Response malformed = S3.raw().send("GET", RawS3.path(bucket, "k"),
        Map.of("attributes", "", "versionId", "abc"), Map.of("x-amz-object-attributes", "ETag"),
        new byte[0]);
    assertThat(malformed.status()).isEqualTo(400);
    assertThat(malformed.error().code()).isEqualTo("InvalidArgument");
  }
}
