package dev.estuary.s3.sdk;

import static dev.estuary.s3.testing.S3Errors.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.estuary.s3.testing.RawS3;
import dev.estuary.s3.testing.S3TestServer;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.BucketCannedACL;
import software.amazon.awssdk.services.s3.model.ObjectCannedACL;
import software.amazon.awssdk.services.s3.model.ObjectOwnership;

/**
 * Ownership controls (BucketOwnerEnforced disables ACLs with AccessControlListNotSupported) and
 * the public access block (BlockPublicAcls, IgnorePublicAcls, BlockPublicPolicy,
 * RestrictPublicBuckets) through the AWS SDK v2, with anonymous reads from the raw client.
 */
class OwnershipAndPublicAccessBlockTest {
  @RegisterExtension static final S3TestServer S3 = new S3TestServer();

  static RawS3.Response anonymousGet(String bucket, String key) {
    return S3.raw().sendAnonymous("GET", RawS3.path(bucket, key), Map.of(), Map.of(),
        new byte[0]);
  }

  static String publicPolicy(String bucket) {
    return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\","
        + "\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::" + bucket + "/*\"}]}";
  }

  @Test
  void ownershipControlsRoundTripAndBucketOwnerEnforcedDisablesAcls() {
    String bucket = S3.createBucket("own");
    assertError(S3, catchThrowable(() -> S3.client().getBucketOwnershipControls(
        b -> b.bucket(bucket))), 404, "OwnershipControlsNotFoundError");
    S3.client().putObject(b -> b.bucket(bucket).key("k").acl(ObjectCannedACL.PUBLIC_READ),
        RequestBody.fromString("v"));
    assertThat(anonymousGet(bucket, "k").status()).isEqualTo(200);
    S3.client().putBucketOwnershipControls(b -> b.bucket(bucket).ownershipControls(
        c -> c.rules(r -> r.objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED))));
    assertThat(S3.client().getBucketOwnershipControls(b -> b.bucket(bucket)).ownershipControls()
        .rules()).singleElement().satisfies(r -> assertThat(r.objectOwnership())
            .isEqualTo(ObjectOwnership.BUCKET_OWNER_ENFORCED));
    // ACLs no longer count and cannot be set.
    assertError(anonymousGet(bucket, "k"), 403, "AccessDenied");
    assertError(S3, catchThrowable(() -> S3.client().putObjectAcl(b -> b.bucket(bucket).key("k")
        .acl(ObjectCannedACL.PUBLIC_READ))), 400, "AccessControlListNotSupported");
    assertError(S3, catchThrowable(() -> S3.client().putObject(b -> b.bucket(bucket).key("k2")
        .acl(ObjectCannedACL.PUBLIC_READ), RequestBody.fromString("v"))), 400,
        "AccessControlListNotSupported");
    assertThat(S3.volumes().walk(bucket)).doesNotContain("k2");
    S3.client().putObject(b -> b.bucket(bucket).key("k3")
        .acl(ObjectCannedACL.BUCKET_OWNER_FULL_CONTROL), RequestBody.fromString("v"));
    assertError(S3, catchThrowable(() -> S3.client().putBucketAcl(b -> b.bucket(bucket)
        .acl(BucketCannedACL.PUBLIC_READ))), 400, "AccessControlListNotSupported");
    S3.client().deleteBucketOwnershipControls(b -> b.bucket(bucket));
    assertError(S3, catchThrowable(() -> S3.client().getBucketOwnershipControls(
        b -> b.bucket(bucket))), 404, "OwnershipControlsNotFoundError");
    assertThat(anonymousGet(bucket, "k").status()).isEqualTo(200);
  }

  @Test
  void createBucketTakesObjectOwnership() {
    String bucket = S3.newBucketName("own-create");
    S3.client().createBucket(b -> b.bucket(bucket)
        .objectOwnership(ObjectOwnership.BUCKET_OWNER_PREFERRED));
    assertThat(S3.client().getBucketOwnershipControls(b -> b.bucket(bucket)).ownershipControls()
        .rules().getFirst().objectOwnership()).isEqualTo(ObjectOwnership.BUCKET_OWNER_PREFERRED);
    String enforced = S3.newBucketName("own-enforced");
    assertError(S3, catchThrowable(() -> S3.client().createBucket(b -> b.bucket(enforced)
        .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED).acl(BucketCannedACL.PUBLIC_READ))),
        400, "InvalidBucketAclWithObjectOwnership");
    assertThat(S3.volumes().bucketExists(enforced)).isFalse();
  }

  @Test
  void publicAccessBlockRoundTrip() {
    String bucket = S3.createBucket("pab");
    assertError(S3, catchThrowable(() -> S3.client().getPublicAccessBlock(b -> b.bucket(bucket))),
        404, "NoSuchPublicAccessBlockConfiguration");
    S3.client().putPublicAccessBlock(b -> b.bucket(bucket).publicAccessBlockConfiguration(
        c -> c.blockPublicAcls(true).restrictPublicBuckets(true)));
    var c = S3.client().getPublicAccessBlock(b -> b.bucket(bucket))
        .publicAccessBlockConfiguration();
    assertThat(c.blockPublicAcls()).isTrue();
    assertThat(c.ignorePublicAcls()).isFalse();
    assertThat(c.blockPublicPolicy()).isFalse();
    assertThat(c.restrictPublicBuckets()).isTrue();
    S3.client().deletePublicAccessBlock(b -> b.bucket(bucket));
    assertError(S3, catchThrowable(() -> S3.client().getPublicAccessBlock(b -> b.bucket(bucket))),
        404, "NoSuchPublicAccessBlockConfiguration");
  }

  @Test
  void blockAndIgnorePublicAcls() {
    String bucket = S3.createBucket("pab-acl");
    S3.client().putObject(b -> b.bucket(bucket).key("k").acl(ObjectCannedACL.PUBLIC_READ),
        RequestBody.fromString("v"));
    assertThat(anonymousGet(bucket, "k").status()).isEqualTo(200);
    S3.client().putPublicAccessBlock(b -> b.bucket(bucket).publicAccessBlockConfiguration(
        c -> c.ignorePublicAcls(true)));
    assertError(anonymousGet(bucket, "k"), 403, "AccessDenied");
    S3.client().putPublicAccessBlock(b -> b.bucket(bucket).publicAccessBlockConfiguration(
        c -> c.blockPublicAcls(true)));
    assertThat(anonymousGet(bucket, "k").status()).isEqualTo(200);
    S3.client().putObject(b -> b.bucket(bucket).key("private"), RequestBody.fromString("p"));
    assertError(S3, catchThrowable(() -> S3.client().putObjectAcl(b -> b.bucket(bucket)
        .key("private").acl(ObjectCannedACL.PUBLIC_READ))), 403, "AccessDenied");
    assertError(S3, catchThrowable(() -> S3.client().putObject(b -> b.bucket(bucket).key("new")
        .acl(ObjectCannedACL.PUBLIC_READ_WRITE), RequestBody.fromString("n"))), 403,
        "AccessDenied");
    assertError(S3, catchThrowable(() -> S3.client().putBucketAcl(b -> b.bucket(bucket)
        .acl(BucketCannedACL.PUBLIC_READ))), 403, "AccessDenied");
    assertError(anonymousGet(bucket, "private"), 403, "AccessDenied");
    assertThat(S3.volumes().walk(bucket)).doesNotContain("new");
  }

  @Test
  void blockPublicPolicyAndRestrictPublicBuckets() {
    String bucket = S3.createBucket("pab-pol");
    S3.client().putObject(b -> b.bucket(bucket).key("k"), RequestBody.fromString("v"));
    S3.client().putPublicAccessBlock(b -> b.bucket(bucket).publicAccessBlockConfiguration(
        c -> c.blockPublicPolicy(true)));
    assertError(S3, catchThrowable(() -> S3.client().putBucketPolicy(b -> b.bucket(bucket)
        .policy(publicPolicy(bucket)))), 403, "AccessDenied");
    assertError(S3, catchThrowable(() -> S3.client().getBucketPolicy(b -> b.bucket(bucket))),
        404, "NoSuchBucketPolicy");
    S3.client().deletePublicAccessBlock(b -> b.bucket(bucket));
    S3.client().putBucketPolicy(b -> b.bucket(bucket).policy(publicPolicy(bucket)));
    assertThat(anonymousGet(bucket, "k").status()).isEqualTo(200);
    S3.client().putPublicAccessBlock(b -> b.bucket(bucket).publicAccessBlockConfiguration(
        c -> c.restrictPublicBuckets(true)));
    assertError(anonymousGet(bucket, "k"), 403, "AccessDenied");
  }
}
