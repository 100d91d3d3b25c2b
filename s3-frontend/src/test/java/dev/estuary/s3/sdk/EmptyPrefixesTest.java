package dev.estuary.s3.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.s3.testing.S3TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.Bucket;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;

/**
 * What S3 clients rely on after deleting: once the last object under a prefix is gone, the prefix
 * is no longer listed and the bucket counts as empty (so DeleteBucket succeeds), as on AWS, where
 * prefixes exist only through keys. Conformance suites clean up exactly this way.
 */
class EmptyPrefixesTest {
  @RegisterExtension static final S3TestServer S3 = new S3TestServer();

  @Test
  void deletingTheLastObjectUnderAPrefixRemovesThePrefix() {
    String bucket = S3.createBucket("prefix-gone");
    S3.client().putObject(b -> b.bucket(bucket).key("a/b/c/obj"), RequestBody.fromString("x"));
    S3.client().putObject(b -> b.bucket(bucket).key("keep"), RequestBody.fromString("k"));
    S3.client().deleteObject(b -> b.bucket(bucket).key("a/b/c/obj"));

    var r = S3.client().listObjectsV2(b -> b.bucket(bucket).delimiter("/"));
    assertThat(r.commonPrefixes()).isEmpty();
    assertThat(r.contents()).extracting(o -> o.key()).containsExactly("keep");
  }

  @Test
  void aBucketEmptiedThroughS3CanBeDeleted() {
    String bucket = S3.createBucket("emptied");
    for (String k : new String[] {"x/1", "x/y/2", "z/3", "top"}) {
      S3.client().putObject(b -> b.bucket(bucket).key(k), RequestBody.fromString(k));
    }
    S3.client().deleteObject(b -> b.bucket(bucket).key("top"));
    S3.client().deleteObjects(b -> b.bucket(bucket).delete(d -> d.objects(
        ObjectIdentifier.builder().key("x/1").build(),
        ObjectIdentifier.builder().key("x/y/2").build(),
        ObjectIdentifier.builder().key("z/3").build())));
    assertThat(S3.client().listObjectsV2(b -> b.bucket(bucket)).keyCount()).isZero();

    S3.client().deleteBucket(b -> b.bucket(bucket));
    assertThat(S3.client().listBuckets().buckets()).extracting(Bucket::name)
        .doesNotContain(bucket);
  }

  @Test
  void anAbortedUploadDoesNotKeepTheBucketBusy() {
    String bucket = S3.createBucket("aborted");
    String id = S3.client().createMultipartUpload(b -> b.bucket(bucket).key("m/u")).uploadId();
    S3.client().uploadPart(b -> b.bucket(bucket).key("m/u").uploadId(id).partNumber(1),
        RequestBody.fromString("p"));
    S3.client().abortMultipartUpload(b -> b.bucket(bucket).key("m/u").uploadId(id));
    S3.client().deleteBucket(b -> b.bucket(bucket));
    assertThat(S3.volumes().bucketExists(bucket)).isFalse();
  }
}
