package dev.estuary.s3.sdk;

import static dev.estuary.s3.testing.S3Errors.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.estuary.dfs.Volume;
import dev.estuary.s3.testing.S3TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketCannedACL;

/**
 * The bucket owner: any user with the (default) create-buckets right creates a bucket it owns and
 * administers without any grant from the administrator; others cannot touch it; a volume the
 * administrator made has no owner and is administered through grants.
 */
class BucketOwnerTest {
  @RegisterExtension static final S3TestServer S3 = new S3TestServer();

  static S3Client grace;
  static S3Client heidi;

  @BeforeAll
  static void users() {
    grace = S3.clientFor(S3.addUser("grace"));
    heidi = S3.clientFor(S3.addUser("heidi"));
  }

  @Test
  void theCreatorOwnsAndAdministersItsBucket() {
    String bucket = S3.newBucketName("owned");
    grace.createBucket(b -> b.bucket(bucket));
    grace.putObject(b -> b.bucket(bucket).key("a/b"), RequestBody.fromString("v"));
    assertThat(grace.getObjectAsBytes(b -> b.bucket(bucket).key("a/b")).asUtf8String())
        .isEqualTo("v");
    assertThat(grace.listObjectsV2(b -> b.bucket(bucket)).contents()).hasSize(1);
    assertThat(grace.listBuckets().buckets()).extracting(b -> b.name()).contains(bucket);
    assertThat(grace.getBucketAcl(b -> b.bucket(bucket)).owner().displayName())
        .isEqualTo("grace");
    grace.putBucketCors(b -> b.bucket(bucket).corsConfiguration(c -> c.corsRules(
        r -> r.allowedMethods("GET").allowedOrigins("*"))));
    grace.putBucketAcl(b -> b.bucket(bucket).acl(BucketCannedACL.PRIVATE));
    // Another user has no way in, and cannot take the name.
    assertError(S3, catchThrowable(() -> heidi.getObjectAsBytes(b -> b.bucket(bucket)
        .key("a/b"))), 403, "AccessDenied");
    assertError(S3, catchThrowable(() -> heidi.putBucketPolicy(b -> b.bucket(bucket)
        .policy("{}"))), 403, "AccessDenied");
    assertError(S3, catchThrowable(() -> heidi.deleteBucket(b -> b.bucket(bucket))), 403,
        "AccessDenied");
    assertThat(heidi.listBuckets().buckets()).extracting(b -> b.name()).doesNotContain(bucket);
    assertError(S3, catchThrowable(() -> heidi.createBucket(b -> b.bucket(bucket))), 409,
        "BucketAlreadyExists");
    assertError(S3, catchThrowable(() -> grace.createBucket(b -> b.bucket(bucket))), 409,
        "BucketAlreadyOwnedByYou");
    // The owner deletes it.
    grace.deleteObject(b -> b.bucket(bucket).key("a/b"));
    grace.deleteBucket(b -> b.bucket(bucket));
    assertThat(S3.volumes().bucketExists(bucket)).isFalse();
  }

  @Test
  void aVolumeTheAdministratorMadeHasNoOwner() {
    String bucket = S3.newBucketName("admin-made");
    new dev.estuary.core.VolumeDefaults(0664, 0775, 0).createVolume(S3.dfs().orElseThrow(), bucket,
        0);
    Volume v = S3.dfs().orElseThrow().volume(bucket);
    assertThat(v.name()).isEqualTo(bucket);
    assertError(S3, catchThrowable(() -> grace.listObjectsV2(b -> b.bucket(bucket))), 403,
        "AccessDenied");
    assertError(S3, catchThrowable(() -> grace.createBucket(b -> b.bucket(bucket))), 409,
        "BucketAlreadyExists");
    S3.users().orElseThrow().grant("grace", bucket, dev.estuary.core.Permission.ADMIN);
    grace.putBucketPolicy(b -> b.bucket(bucket).policy("{\"Version\":\"2012-10-17\","
        + "\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"heidi\"},\"Action\":"
        + "\"s3:ListBucket\",\"Resource\":\"arn:aws:s3:::" + bucket + "\"}]}"));
    assertThat(heidi.listObjectsV2(b -> b.bucket(bucket)).contents()).isEmpty();
  }
}
