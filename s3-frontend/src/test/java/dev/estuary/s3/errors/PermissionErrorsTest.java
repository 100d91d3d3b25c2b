package dev.estuary.s3.errors;

import static dev.estuary.s3.testing.S3Errors.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.estuary.s3.testing.Leftovers;
import dev.estuary.s3.testing.RawS3;
import dev.estuary.s3.testing.S3TestServer;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;

/**
 * Per-volume permissions from gateway-core: a user with a read grant can read but not write, a
 * user without a grant can do nothing in buckets it does not own, an anonymous request can do
 * nothing (no policy or ACL says otherwise here), a user whose create-buckets right was revoked
 * cannot create buckets. Each refusal is 403
 * AccessDenied and changes nothing.
 */
class PermissionErrorsTest {
  @RegisterExtension static final S3TestServer S3 = new S3TestServer();

  static String bucket;

  @BeforeAll
  static void fill() {
    bucket = S3.createBucket("perm");
    S3.client().putObject(b -> b.bucket(bucket).key("doc/readme"), RequestBody.fromString("r"));
  }

  @Test
  void readOnlyUserReadsButCannotWrite() {
    S3Client reader = S3.clientFor(S3TestServer.READER);
    assertThat(reader.getObjectAsBytes(b -> b.bucket(bucket).key("doc/readme")).asUtf8String())
        .isEqualTo("r");
    assertThat(reader.listObjectsV2(b -> b.bucket(bucket)).keyCount()).isEqualTo(1);

    Leftovers before = Leftovers.snapshot(S3, bucket);
    assertError(S3, catchThrowable(() -> reader.putObject(b -> b.bucket(bucket).key("new"),
        RequestBody.fromString("x"))), 403, "AccessDenied");
    assertError(S3, catchThrowable(() -> reader.putObject(b -> b.bucket(bucket)
        .key("doc/readme"), RequestBody.fromString("overwrite"))), 403, "AccessDenied");
    assertError(S3, catchThrowable(() -> reader.deleteObject(b -> b.bucket(bucket)
        .key("doc/readme"))), 403, "AccessDenied");
    assertError(S3, catchThrowable(() -> reader.createMultipartUpload(b -> b.bucket(bucket)
        .key("mpu"))), 403, "AccessDenied");
    assertError(S3, catchThrowable(() -> reader.deleteBucket(b -> b.bucket(bucket))), 403,
        "AccessDenied");
    before.assertUnchanged(S3, "writes by the read-only user");
    assertThat(S3.client().getObjectAsBytes(b -> b.bucket(bucket).key("doc/readme"))
        .asUtf8String()).isEqualTo("r");
  }

  @Test
  void readOnlyUserMultiDeleteDeletesNothing() {
    S3Client reader = S3.clientFor(S3TestServer.READER);
    Leftovers before = Leftovers.snapshot(S3, bucket);
    Throwable t = catchThrowable(() -> {
      var r = reader.deleteObjects(b -> b.bucket(bucket).delete(d -> d.objects(
          ObjectIdentifier.builder().key("doc/readme").build())));
      // S3 may also answer 200 with a per-key AccessDenied error.
      assertThat(r.deleted()).isEmpty();
      assertThat(r.errors()).singleElement()
          .satisfies(e -> assertThat(e.code()).isEqualTo("AccessDenied"));
    });
    if (t != null && !(t instanceof AssertionError)) {
      assertError(S3, t, 403, "AccessDenied");
    } else if (t != null) {
      throw (AssertionError) t;
    }
    before.assertUnchanged(S3, "DeleteObjects by the read-only user");
  }

  @Test
  void userWhoseCreateBucketsRightIsRevokedCannotCreateBuckets() {
    var keys = S3.addUser("nocreate");
    S3.users().orElseThrow().setCreateBuckets("nocreate", false);
    S3Client user = S3.clientFor(keys);
    String name = S3.newBucketName("perm-create");
    assertError(S3, catchThrowable(() -> user.createBucket(b -> b.bucket(name))), 403,
        "AccessDenied");
    assertThat(S3.volumes().bucketExists(name)).isFalse();
    // Given back, the same request creates the bucket (so the refusal was the right's).
    S3.users().orElseThrow().setCreateBuckets("nocreate", true);
    user.createBucket(b -> b.bucket(name));
    assertThat(S3.volumes().bucketExists(name)).isTrue();
  }

  @Test
  void userWithoutAGrantCanDoNothing() {
    S3Client nobody = S3.clientFor(S3TestServer.NOBODY);
    Leftovers before = Leftovers.snapshot(S3, bucket);
    assertError(S3, catchThrowable(() -> nobody.getObjectAsBytes(b -> b.bucket(bucket)
        .key("doc/readme"))), 403, "AccessDenied");
    assertError(S3, catchThrowable(() -> nobody.listObjectsV2(b -> b.bucket(bucket))), 403,
        "AccessDenied");
    assertError(S3, catchThrowable(() -> nobody.putObject(b -> b.bucket(bucket).key("x"),
        RequestBody.fromString("x"))), 403, "AccessDenied");
    before.assertUnchanged(S3, "requests by a user without a grant");
    assertThat(nobody.listBuckets().buckets()).extracting(b -> b.name()).doesNotContain(bucket);
  }

  @Test
  void anonymousRequestsAreAccessDenied() {
    RawS3 anon = S3.raw();
    Leftovers before = Leftovers.snapshot(S3, bucket);
    assertError(anon.sendAnonymous("GET", RawS3.path(bucket, "doc/readme"), Map.of(), Map.of(),
        new byte[0]), 403, "AccessDenied");
    assertError(anon.sendAnonymous("GET", "/" + bucket, Map.of("list-type", "2"), Map.of(),
        new byte[0]), 403, "AccessDenied");
    assertError(anon.sendAnonymous("PUT", RawS3.path(bucket, "anon"), Map.of(), Map.of(),
        "x".getBytes()), 403, "AccessDenied");
    assertError(anon.sendAnonymous("DELETE", "/" + bucket, Map.of(), Map.of(), new byte[0]),
        403, "AccessDenied");
    assertError(anon.sendAnonymous("PUT", "/" + bucket, Map.of("policy", ""), Map.of(),
        "{}".getBytes()), 403, "AccessDenied");
    assertError(anon.sendAnonymous("PUT", "/" + S3.newBucketName("anon"), Map.of(), Map.of(),
        new byte[0]), 403, "AccessDenied");
    // A route this server refuses is AccessDenied too: nothing is learnt without credentials.
    assertError(anon.sendAnonymous("GET", "/" + bucket, Map.of("logging", ""), Map.of(),
        new byte[0]), 403, "AccessDenied");
    // ListBuckets lists what the caller owns or is granted: nothing (as Ceph RGW answers).
    RawS3.Response list = anon.sendAnonymous("GET", "/", Map.of(), Map.of(), new byte[0]);
    assertThat(list.status()).as(list.text()).isEqualTo(200);
    assertThat(list.text()).doesNotContain("<Bucket>");
    before.assertUnchanged(S3, "anonymous requests");
  }
}
