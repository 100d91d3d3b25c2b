package dev.estuary.s3.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.estuary.s3.testing.S3TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.Grant;
import software.amazon.awssdk.services.s3.model.Permission;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * GetBucketAcl and GetObjectAcl report the owner with FULL_CONTROL (what S3 reports for the
 * default "bucket owner enforced" setting); ACL changes are not offered, and refusing one changes
 * nothing, in particular a DELETE on {@code ?acl} never deletes the bucket.
 */
class AclTest {
  @RegisterExtension static final S3TestServer S3 = new S3TestServer();

  @Test
  void bucketAndObjectAclsNameTheOwnerWithFullControl() {
    String bucket = S3.createBucket("acl");
    S3.client().putObject(b -> b.bucket(bucket).key("k"), RequestBody.fromString("v"));
    var bucketAcl = S3.client().getBucketAcl(b -> b.bucket(bucket));
    assertThat(bucketAcl.owner()).isNotNull();
    assertThat(bucketAcl.owner().id()).isNotBlank();
    assertThat(bucketAcl.grants()).extracting(Grant::permission).contains(Permission.FULL_CONTROL);

    var objectAcl = S3.client().getObjectAcl(b -> b.bucket(bucket).key("k"));
    assertThat(objectAcl.owner().id()).isEqualTo(bucketAcl.owner().id());
    assertThat(objectAcl.grants()).extracting(Grant::permission).contains(Permission.FULL_CONTROL);
  }

  @Test
  void deleteOnTheAclSubresourceNeverDeletesTheBucket() {
    String bucket = S3.createBucket("acl-del");
    var r = S3.raw().send("DELETE", "/" + bucket, java.util.Map.of("acl", ""), java.util.Map.of(),
        new byte[0]);
    assertThat(r.status()).as(r.text()).isBetween(400, 599);
    assertThat(S3.volumes().bucketExists(bucket)).isTrue();
    S3.client().headBucket(b -> b.bucket(bucket));
  }

  @Test
  void publicReadAclIsRefusedAndNothingChanges() {
    String bucket = S3.createBucket("acl-put");
    S3.client().putObject(b -> b.bucket(bucket).key("k"), RequestBody.fromString("v"));
    assertThatThrownBy(() -> S3.client().putObjectAcl(b -> b.bucket(bucket).key("k")
        .acl(software.amazon.awssdk.services.s3.model.ObjectCannedACL.PUBLIC_READ)))
        .isInstanceOfSatisfying(S3Exception.class,
            e -> assertThat(e.statusCode()).isBetween(400, 599));
    // Still private: an anonymous GET is refused.
    var anon = S3.raw().sendAnonymous("GET", dev.estuary.s3.testing.RawS3.path(bucket, "k"),
        java.util.Map.of(), java.util.Map.of(), new byte[0]);
    assertThat(anon.status()).isEqualTo(403);
  }
}
