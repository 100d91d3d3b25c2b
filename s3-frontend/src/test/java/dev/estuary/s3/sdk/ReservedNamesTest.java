package dev.estuary.s3.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.estuary.dfs.Dfs;
import dev.estuary.dfs.ReservedNames;
import dev.estuary.dfs.Volume;
import dev.estuary.dfs.decorate.ReservedNamesDfs;
import dev.estuary.s3.testing.S3TestServer;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The multipart area ({@link ReservedNames#S3_UPLOADS}) and every case variant of the reserved
 * prefix, tried as a hostile client would through the AWS SDK, while an upload is in progress: not
 * listed, not readable, not creatable, not deletable or replaceable as keys; the upload completes
 * afterwards with its part intact, and the bucket is deletable with the upload still pending.
 * (Issue 9: reserved names, one test per frontend; the volumes come from the same decorators the
 * launcher applies.)
 */
class ReservedNamesTest {
  @RegisterExtension static final S3TestServer S3 = new S3TestServer();

  private static final List<String> AREAS = List.of(ReservedNames.S3_UPLOADS,
      ".ESTUARY-S3-UPLOADS", ".Estuary-S3-Uploads");

  private static int status(Runnable call) {
    try {
      call.run();
      return 200;
    } catch (S3Exception e) {
      return e.statusCode();
    }
  }

  @Test
  void theUploadArea_isInvisibleAndUntouchable_asKeys() {
    S3Client s3 = S3.client();
    String bucket = S3.createBucket("reserved");
    s3.putObject(b -> b.bucket(bucket).key("visible"), RequestBody.fromString("v"));
    String uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key("big")).uploadId();
    String etag = s3.uploadPart(b -> b.bucket(bucket).key("big").uploadId(uploadId).partNumber(1),
        RequestBody.fromString("part-one")).eTag();
    Optional<Dfs> dfs = S3.dfs();
    if (dfs.isPresent()) {
      // The area really exists behind the decorator, so everything below tries something real.
      Volume v = dfs.get().volume(bucket);
      Volume privileged = ReservedNamesDfs.privileged(v);
      assertThat(privileged.resolve(ReservedNames.S3_UPLOADS + "/" + uploadId + "/00001", false).size())
          .isEqualTo(8);
    }
    String part = "/" + uploadId + "/00001";

    // Not listed, with or without the prefix asked for, in either listing version.
    assertThat(s3.listObjectsV2(b -> b.bucket(bucket)).contents()).extracting(S3Object::key)
        .containsExactly("visible");
    assertThat(s3.listObjects(b -> b.bucket(bucket)).contents()).extracting(S3Object::key)
        .containsExactly("visible");
    for (String area : AREAS) {
      assertThat(s3.listObjectsV2(b -> b.bucket(bucket).prefix(area + "/")).contents()).isEmpty();
      assertThat(s3.listObjectsV2(b -> b.bucket(bucket).prefix(area)).contents()).isEmpty();
      assertThat(s3.listObjectsV2(b -> b.bucket(bucket).prefix(area).delimiter("/")).commonPrefixes())
          .isEmpty();
    }

    for (String area : AREAS) {
      // Not readable.
      assertThat(status(() -> s3.getObjectAsBytes(b -> b.bucket(bucket).key(area + part))))
          .as("GET %s", area + part).isEqualTo(404);
      assertThat(status(() -> s3.headObject(b -> b.bucket(bucket).key(area + part))))
          .as("HEAD %s", area + part).isEqualTo(404);
      assertThat(status(() -> s3.copyObject(b -> b.sourceBucket(bucket).sourceKey(area + part)
          .destinationBucket(bucket).destinationKey("stolen"))))
          .as("CopyObject from %s", area + part).isEqualTo(404);
      // Not creatable or replaceable (a file named like the area would break every upload).
      for (String key : List.of(area, area + part, area + "/new", ".estuary-other/x")) {
        assertThat(status(() -> s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString("x"))))
            .as("PUT %s", key).isIn(400, 403);
        assertThat(status(() -> s3.copyObject(b -> b.sourceBucket(bucket).sourceKey("visible")
            .destinationBucket(bucket).destinationKey(key))))
            .as("CopyObject to %s", key).isIn(400, 403);
        assertThat(status(() -> s3.createMultipartUpload(b -> b.bucket(bucket).key(key))))
            .as("CreateMultipartUpload of %s", key).isIn(400, 403);
      }
      // Not deletable: S3 answers 204 for a key that does not exist, and nothing is removed.
      s3.deleteObject(b -> b.bucket(bucket).key(area + part));
      s3.deleteObject(b -> b.bucket(bucket).key(area));
      s3.deleteObjects(b -> b.bucket(bucket).delete(d -> d.objects(
          ObjectIdentifier.builder().key(area + part).build(),
          ObjectIdentifier.builder().key(area + "/" + uploadId + "/").build())));
    }

    // The upload is intact: its part is listed and the upload completes with its bytes.
    assertThat(s3.listParts(b -> b.bucket(bucket).key("big").uploadId(uploadId)).parts()).hasSize(1);
    s3.completeMultipartUpload(b -> b.bucket(bucket).key("big").uploadId(uploadId)
        .multipartUpload(m -> m.parts(CompletedPart.builder().partNumber(1).eTag(etag).build())));
    assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("big")).asUtf8String()).isEqualTo("part-one");
    assertThat(s3.listObjectsV2(b -> b.bucket(bucket)).contents()).extracting(S3Object::key)
        .containsExactly("big", "visible");
  }

  @Test
  void aBucketHoldingOnlyAnUploadInProgress_canBeDeleted() {
    S3Client s3 = S3.client();
    String bucket = S3.createBucket("pending");
    String uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key("k")).uploadId();
    s3.uploadPart(b -> b.bucket(bucket).key("k").uploadId(uploadId).partNumber(1),
        RequestBody.fromString("p"));
    assertThat(s3.listObjectsV2(b -> b.bucket(bucket)).contents()).isEmpty();
    s3.deleteBucket(b -> b.bucket(bucket));
    assertThat(status(() -> s3.headBucket(b -> b.bucket(bucket)))).isEqualTo(404);
  }
}
