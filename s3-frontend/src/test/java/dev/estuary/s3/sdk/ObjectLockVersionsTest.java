package dev.estuary.s3.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.estuary.s3.testing.S3Errors;
import dev.estuary.s3.testing.S3TestServer;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.DeleteObjectResponse;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.ObjectLockEnabled;
import software.amazon.awssdk.services.s3.model.ObjectLockLegalHoldStatus;
import software.amazon.awssdk.services.s3.model.ObjectLockRetentionMode;

/**
 * Object Lock on versions (S3 User Guide, "How S3 Object Lock works"): a locked version cannot be
 * deleted (AccessDenied) unless a governance retention is bypassed by someone entitled to; a
 * DELETE without a version id still adds a delete marker, and a PUT still adds a version, since
 * neither destroys the locked one, which stays readable by its id.
 */
class ObjectLockVersionsTest {
  @RegisterExtension static final S3TestServer S3 = new S3TestServer();

  private static final Instant FAR = Instant.parse("2030-01-01T00:00:00Z");

  private static String lockedBucket(String purpose) {
    String bucket = S3.newBucketName(purpose);
    S3.client().createBucket(b -> b.bucket(bucket).objectLockEnabledForBucket(true));
    return bucket;
  }

  private static String put(String bucket, String key, String body) {
    return S3.client().putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString(body))
        .versionId();
  }

  private static String read(String bucket, String key, String versionId) {
    return S3.client().getObjectAsBytes(b -> b.bucket(bucket).key(key).versionId(versionId))
        .asUtf8String();
  }

  @Test
  void lockBucket_isVersioned_andCannotBeSuspended() {
    String bucket = lockedBucket("lockv-state");

    assertThat(S3.client().getBucketVersioning(b -> b.bucket(bucket)).status())
        .isEqualTo(BucketVersioningStatus.ENABLED);
    S3Errors.assertError(S3, catchThrowable(() -> S3.client().putBucketVersioning(b -> b.bucket(bucket)
        .versioningConfiguration(c -> c.status(BucketVersioningStatus.SUSPENDED)))), 409,
        "InvalidBucketState");
    assertThat(S3.client().getBucketVersioning(b -> b.bucket(bucket)).status())
        .isEqualTo(BucketVersioningStatus.ENABLED);
  }

  @Test
  void objectLock_canBeEnabledLaterOnAVersionedBucket() {
    String bucket = S3.createBucket("lockv-later");
    S3.client().putBucketVersioning(b -> b.bucket(bucket)
        .versioningConfiguration(c -> c.status(BucketVersioningStatus.ENABLED)));

    S3.client().putObjectLockConfiguration(b -> b.bucket(bucket).objectLockConfiguration(c -> c
        .objectLockEnabled(ObjectLockEnabled.ENABLED)
        .rule(r -> r.defaultRetention(d -> d.mode(ObjectLockRetentionMode.GOVERNANCE).days(1)))));

    String v = put(bucket, "k", "locked by default");
    assertThat(S3.client().getObjectRetention(b -> b.bucket(bucket).key("k").versionId(v)).retention()
        .mode()).isEqualTo(ObjectLockRetentionMode.GOVERNANCE);
    S3Errors.assertError(S3, catchThrowable(() -> S3.client().deleteObject(b -> b.bucket(bucket).key("k")
        .versionId(v))), 403, "AccessDenied");
  }

  @Test
  void lockedVersion_deleteIsAccessDenied_bypassDeletesAGovernanceVersion() {
    String bucket = lockedBucket("lockv-delete");
    String v1 = put(bucket, "k", "one");
    S3Client s3 = S3.client();
    s3.putObjectRetention(b -> b.bucket(bucket).key("k").versionId(v1).retention(r -> r
        .mode(ObjectLockRetentionMode.GOVERNANCE).retainUntilDate(FAR)));

    S3Errors.assertError(S3, catchThrowable(() -> s3.deleteObject(b -> b.bucket(bucket).key("k")
        .versionId(v1))), 403, "AccessDenied");
    assertThat(read(bucket, "k", v1)).isEqualTo("one");

    DeleteObjectResponse d = s3.deleteObject(b -> b.bucket(bucket).key("k").versionId(v1)
        .bypassGovernanceRetention(true));
    assertThat(d.sdkHttpResponse().statusCode()).isEqualTo(204);
    assertThat(s3.listObjectVersions(b -> b.bucket(bucket)).versions()).isEmpty();
  }

  @Test
  void complianceAndLegalHold_resistTheBypass() {
    String bucket = lockedBucket("lockv-compliance");
    String v1 = put(bucket, "c", "compliance");
    String v2 = put(bucket, "h", "held");
    S3Client s3 = S3.client();
    s3.putObjectRetention(b -> b.bucket(bucket).key("c").versionId(v1).retention(r -> r
        .mode(ObjectLockRetentionMode.COMPLIANCE).retainUntilDate(FAR)));
    s3.putObjectRetention(b -> b.bucket(bucket).key("h").versionId(v2).retention(r -> r
        .mode(ObjectLockRetentionMode.GOVERNANCE).retainUntilDate(FAR)));
    s3.putObjectLegalHold(b -> b.bucket(bucket).key("h").versionId(v2)
        .legalHold(h -> h.status(ObjectLockLegalHoldStatus.ON)));

    S3Errors.assertError(S3, catchThrowable(() -> s3.deleteObject(b -> b.bucket(bucket).key("c")
        .versionId(v1).bypassGovernanceRetention(true))), 403, "AccessDenied");
    S3Errors.assertError(S3, catchThrowable(() -> s3.deleteObject(b -> b.bucket(bucket).key("h")
        .versionId(v2).bypassGovernanceRetention(true))), 403, "AccessDenied");

    assertThat(read(bucket, "c", v1)).isEqualTo("compliance");
    assertThat(read(bucket, "h", v2)).isEqualTo("held");
    // The refused bypass left the governance retention as it was.
    assertThat(s3.getObjectRetention(b -> b.bucket(bucket).key("h").versionId(v2)).retention().mode())
        .isEqualTo(ObjectLockRetentionMode.GOVERNANCE);
  }

  @Test
  void deleteWithoutVersionId_addsAMarker_andPutAddsAVersion_theLockedOneStays() {
    String bucket = lockedBucket("lockv-marker");
    S3Client s3 = S3.client();
    String v1 = s3.putObject(b -> b.bucket(bucket).key("k").objectLockLegalHoldStatus(
        ObjectLockLegalHoldStatus.ON), RequestBody.fromString("one")).versionId();

    String v2 = put(bucket, "k", "two");
    assertThat(read(bucket, "k", v1)).isEqualTo("one");
    assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("k")).asUtf8String()).isEqualTo("two");

    DeleteObjectResponse d = s3.deleteObject(b -> b.bucket(bucket).key("k"));
    assertThat(d.deleteMarker()).isTrue();
    assertThat(read(bucket, "k", v1)).isEqualTo("one");
    assertThat(read(bucket, "k", v2)).isEqualTo("two");
    assertThat(s3.headObject(b -> b.bucket(bucket).key("k").versionId(v1)).objectLockLegalHoldStatus())
        .isEqualTo(ObjectLockLegalHoldStatus.ON);
    S3Errors.assertError(S3, catchThrowable(() -> s3.deleteObject(b -> b.bucket(bucket).key("k")
        .versionId(v1))), 403, "AccessDenied");
  }

  @Test
  void deleteObjects_reportsTheLockedVersionAsAccessDenied_bypassDeletesIt() {
    String bucket = lockedBucket("lockv-multi");
    String v1 = put(bucket, "file1", "abc");
    String v2 = put(bucket, "file2", "abc");
    S3Client s3 = S3.client();
    s3.putObjectRetention(b -> b.bucket(bucket).key("file1").versionId(v1).retention(r -> r
        .mode(ObjectLockRetentionMode.GOVERNANCE).retainUntilDate(FAR)));

    DeleteObjectsResponse r = s3.deleteObjects(b -> b.bucket(bucket).delete(x -> x.objects(
        ObjectIdentifier.builder().key("file1").versionId(v1).build(),
        ObjectIdentifier.builder().key("file2").versionId(v2).build())));

    assertThat(r.deleted()).singleElement().satisfies(o -> {
      assertThat(o.key()).isEqualTo("file2");
      assertThat(o.versionId()).isEqualTo(v2);
    });
    assertThat(r.errors()).singleElement().satisfies(e -> {
      assertThat(e.key()).isEqualTo("file1");
      assertThat(e.versionId()).isEqualTo(v1);
      assertThat(e.code()).isEqualTo("AccessDenied");
    });

    DeleteObjectsResponse again = s3.deleteObjects(b -> b.bucket(bucket).bypassGovernanceRetention(true)
        .delete(x -> x.objects(ObjectIdentifier.builder().key("file1").versionId(v1).build())));
    assertThat(again.errors()).isEmpty();
    assertThat(again.deleted()).singleElement().satisfies(o -> assertThat(o.versionId()).isEqualTo(v1));
  }
}
