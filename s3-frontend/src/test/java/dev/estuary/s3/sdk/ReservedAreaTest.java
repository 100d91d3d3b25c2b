package dev.estuary.s3.sdk;

import static dev.estuary.s3.testing.S3Errors.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.estuary.dfs.ReservedNames;
import dev.estuary.s3.testing.S3TestServer;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.ObjectVersion;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The multipart area ({@value ReservedNames#S3_UPLOADS} at the volume root, where pending parts
 * live) is never listed: not by a prefix or resume point inside it, in any listing flavour; and no
 * key may start with a reserved root name, in any case.
 */
class ReservedAreaTest {
  @RegisterExtension static final S3TestServer S3 = new S3TestServer();

  private static final String AREA = ReservedNames.S3_UPLOADS + "/";

  @Test
  void theAreaIsNotListedEvenWhenAskedForByName() {
    S3Client s3 = S3.client();
    String bucket = S3.createBucket("area-list");
    s3.putObject(b -> b.bucket(bucket).key("a"), RequestBody.fromString("a"));
    s3.putObject(b -> b.bucket(bucket).key("z/z"), RequestBody.fromString("z"));
    String id = s3.createMultipartUpload(b -> b.bucket(bucket).key("pending")).uploadId();
    s3.uploadPart(b -> b.bucket(bucket).key("pending").uploadId(id).partNumber(1),
        RequestBody.fromString("pending part"));
    // The area really is there, with the part in it: the listings below must hide it.
    assertThat(S3.volumes().walk(bucket)).anyMatch(p -> p.startsWith(ReservedNames.S3_UPLOADS));

    for (String prefix : List.of(AREA, ReservedNames.S3_UPLOADS, AREA + id + "/", ".estuary-",
        AREA.toUpperCase(java.util.Locale.ROOT))) {
      assertThat(s3.listObjectsV2(b -> b.bucket(bucket).prefix(prefix)).contents())
          .as("ListObjectsV2 prefix=%s", prefix).isEmpty();
      assertThat(s3.listObjectsV2(b -> b.bucket(bucket).prefix(prefix).delimiter("/"))
          .commonPrefixes()).as("ListObjectsV2 prefix=%s delimiter=/", prefix).isEmpty();
      assertThat(s3.listObjects(b -> b.bucket(bucket).prefix(prefix)).contents())
          .as("ListObjects prefix=%s", prefix).isEmpty();
      assertThat(s3.listObjectVersions(b -> b.bucket(bucket).prefix(prefix)).versions())
          .as("ListObjectVersions prefix=%s", prefix).isEmpty();
    }
    // A resume point inside the area resumes after it, listing only real keys.
    for (String after : List.of(AREA, AREA + id + "/", AREA + id + "/00000")) {
      assertThat(s3.listObjectsV2(b -> b.bucket(bucket).startAfter(after)).contents())
          .extracting(S3Object::key).as("start-after=%s", after).containsExactly("a", "z/z");
      assertThat(s3.listObjects(b -> b.bucket(bucket).marker(after)).contents())
          .extracting(S3Object::key).as("marker=%s", after).containsExactly("a", "z/z");
      assertThat(s3.listObjectVersions(b -> b.bucket(bucket).keyMarker(after)).versions())
          .extracting(ObjectVersion::key).as("key-marker=%s", after)
          .containsExactly("a", "z/z");
    }
    assertThat(s3.listObjectsV2(b -> b.bucket(bucket).delimiter("/")).commonPrefixes())
        .extracting(CommonPrefix::prefix).containsExactly("z/");
    s3.abortMultipartUpload(b -> b.bucket(bucket).key("pending").uploadId(id));
  }

  @Test
  void keysStartingWithAReservedNameAreRefusedInAnyCase() {
    S3Client s3 = S3.client();
    String bucket = S3.createBucket("area-keys");
    s3.putObject(b -> b.bucket(bucket).key("src"), RequestBody.fromString("s"));
    for (String key : List.of(AREA + "x", ".ESTUARY-S3-UPLOADS/x", ".Estuary-other",
        ".estuary-s3-uploads", ".eStUaRy-anything/deep/key")) {
      assertError(S3, catchThrowable(() -> s3.putObject(b -> b.bucket(bucket).key(key),
          RequestBody.fromString("x"))), 400, "InvalidArgument");
      assertError(S3, catchThrowable(() -> s3.copyObject(b -> b.sourceBucket(bucket)
          .sourceKey("src").destinationBucket(bucket).destinationKey(key))), 400,
          "InvalidArgument");
      assertError(S3, catchThrowable(() -> s3.createMultipartUpload(b -> b.bucket(bucket)
          .key(key))), 400, "InvalidArgument");
    }
    assertThat(s3.listObjectsV2(b -> b.bucket(bucket)).contents()).extracting(S3Object::key)
        .containsExactly("src");
    assertThat(S3.volumes().walk(bucket)).noneMatch(p -> ReservedNames.isReservedPath(p));
    // Names that only look alike are ordinary keys.
    s3.putObject(b -> b.bucket(bucket).key("estuary-x/.estuary-y"), RequestBody.fromString("k"));
    assertThat(s3.listObjectsV2(b -> b.bucket(bucket)).contents()).extracting(S3Object::key)
        .containsExactly("estuary-x/.estuary-y", "src");
  }
}
