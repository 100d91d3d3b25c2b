package dev.estuary.s3.sdk;

import static dev.estuary.s3.testing.S3Errors.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.estuary.s3.testing.RawS3;
import dev.estuary.s3.testing.S3TestServer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketCannedACL;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.Grant;
import software.amazon.awssdk.services.s3.model.Grantee;
import software.amazon.awssdk.services.s3.model.ObjectCannedACL;
import software.amazon.awssdk.services.s3.model.Permission;
import software.amazon.awssdk.services.s3.model.Type;

/**
 * ACLs through the AWS SDK v2: the owner's FULL_CONTROL by default, canned ACLs on PutObject,
 * CopyObject, CreateMultipartUpload and PutObjectAcl, grants to a user by canonical id and by
 * e-mail (user name), to AllUsers and AuthenticatedUsers, bucket ACLs that let a user list and
 * write, and the errors of bad ACLs. Anonymous reads go through the raw client, which sends no
 * Authorization header.
 */
class AclTest {
  @RegisterExtension static final S3TestServer S3 = new S3TestServer();

  static AwsBasicCredentials frank;
  static S3Client frankClient;
  static String frankId;

  @BeforeAll
  static void users() {
    frank = S3.addUser("frank");
    frankClient = S3.clientFor(frank);
    frankId = Integer.toUnsignedString(
        S3.users().orElseThrow().principal("frank").orElseThrow().uid());
  }

  static RawS3.Response anonymousGet(String bucket, String key) {
    return S3.raw().sendAnonymous("GET", RawS3.path(bucket, key), Map.of(), Map.of(),
        new byte[0]);
  }

  @Test
  void bucketAndObjectAclsNameTheOwnerWithFullControl() {
    String bucket = S3.createBucket("acl");
    S3.client().putObject(b -> b.bucket(bucket).key("k"), RequestBody.fromString("v"));
    var bucketAcl = S3.client().getBucketAcl(b -> b.bucket(bucket));
    assertThat(bucketAcl.owner().displayName()).isEqualTo("writer");
    assertThat(bucketAcl.grants()).singleElement().satisfies(g -> {
      assertThat(g.permission()).isEqualTo(Permission.FULL_CONTROL);
      assertThat(g.grantee().id()).isEqualTo(bucketAcl.owner().id());
    });
    var objectAcl = S3.client().getObjectAcl(b -> b.bucket(bucket).key("k"));
    assertThat(objectAcl.owner().id()).isEqualTo(bucketAcl.owner().id());
    assertThat(objectAcl.grants()).extracting(Grant::permission)
        .containsExactly(Permission.FULL_CONTROL);
  }

  @Test
  void anObjectAclByVersionIdIsThatVersionsOwn() {
    String bucket = S3.createBucket("acl-ver");
    S3.client().putBucketVersioning(b -> b.bucket(bucket)
        .versioningConfiguration(v -> v.status("Enabled")));
    String first = S3.client().putObject(b -> b.bucket(bucket).key("k"),
        RequestBody.fromString("one")).versionId();
    S3.client().putObject(b -> b.bucket(bucket).key("k"), RequestBody.fromString("two"));
    S3.client().putObjectAcl(b -> b.bucket(bucket).key("k").versionId(first)
        .acl(software.amazon.awssdk.services.s3.model.ObjectCannedACL.PUBLIC_READ));
    assertThat(S3.client().getObjectAcl(b -> b.bucket(bucket).key("k").versionId(first)).grants())
        .anySatisfy(g -> assertThat(g.grantee().uri()).endsWith("/AllUsers"));
    // The current version keeps its own (private) ACL.
    assertThat(S3.client().getObjectAcl(b -> b.bucket(bucket).key("k")).grants())
        .noneSatisfy(g -> assertThat(g.grantee().uri()).isNotNull());
  }

  @Test
  void deleteOnTheAclSubresourceNeverDeletesTheBucket() {
    String bucket = S3.createBucket("acl-del");
    var r = S3.raw().send("DELETE", "/" + bucket, Map.of("acl", ""), Map.of(), new byte[0]);
    assertThat(r.status()).as(r.text()).isBetween(400, 599);
    assertThat(S3.volumes().bucketExists(bucket)).isTrue();
    S3.client().headBucket(b -> b.bucket(bucket));
  }

  @Test
  void aPublicReadObjectIsReadAnonymouslyOnlyAfterItsAclSaysSo() {
    String bucket = S3.createBucket("acl-pub");
    S3.client().putObject(b -> b.bucket(bucket).key("k"), RequestBody.fromString("hello"));
    assertError(anonymousGet(bucket, "k"), 403, "AccessDenied");
    S3.client().putObjectAcl(b -> b.bucket(bucket).key("k").acl(ObjectCannedACL.PUBLIC_READ));
    RawS3.Response r = anonymousGet(bucket, "k");
    assertThat(r.status()).as(r.text()).isEqualTo(200);
    assertThat(r.text()).isEqualTo("hello");
    assertThat(S3.client().getObjectAcl(b -> b.bucket(bucket).key("k")).grants())
        .anySatisfy(g -> {
          assertThat(g.grantee().type()).isEqualTo(Type.GROUP);
          assertThat(g.grantee().uri()).isEqualTo(
              "http://acs.amazonaws.com/groups/global/AllUsers");
          assertThat(g.permission()).isEqualTo(Permission.READ);
        });
    // READ on the object lets nobody write it or list the bucket.
    assertError(S3.raw().sendAnonymous("PUT", RawS3.path(bucket, "k"), Map.of(), Map.of(),
        "x".getBytes(StandardCharsets.UTF_8)), 403, "AccessDenied");
    assertError(S3.raw().sendAnonymous("GET", "/" + bucket, Map.of(), Map.of(), new byte[0]),
        403, "AccessDenied");
    S3.client().putObjectAcl(b -> b.bucket(bucket).key("k").acl(ObjectCannedACL.PRIVATE));
    assertError(anonymousGet(bucket, "k"), 403, "AccessDenied");
  }

  @Test
  void cannedAclsOnPutCopyAndMultipartUploads() {
    String bucket = S3.createBucket("acl-canned");
    S3.client().putObject(b -> b.bucket(bucket).key("put").acl(ObjectCannedACL.PUBLIC_READ),
        RequestBody.fromString("p"));
    S3.client().putObject(b -> b.bucket(bucket).key("plain"), RequestBody.fromString("q"));
    S3.client().copyObject(b -> b.sourceBucket(bucket).sourceKey("plain")
        .destinationBucket(bucket).destinationKey("copy").acl(ObjectCannedACL.PUBLIC_READ));
    String id = S3.client().createMultipartUpload(b -> b.bucket(bucket).key("mpu")
        .acl(ObjectCannedACL.PUBLIC_READ)).uploadId();
    String etag = S3.client().uploadPart(b -> b.bucket(bucket).key("mpu").uploadId(id)
        .partNumber(1), RequestBody.fromString("m")).eTag();
    S3.client().completeMultipartUpload(b -> b.bucket(bucket).key("mpu").uploadId(id)
        .multipartUpload(u -> u.parts(CompletedPart.builder().partNumber(1).eTag(etag)
            .build())));
    assertThat(anonymousGet(bucket, "put").text()).isEqualTo("p");
    assertThat(anonymousGet(bucket, "copy").text()).isEqualTo("q");
    assertThat(anonymousGet(bucket, "mpu").text()).isEqualTo("m");
    assertError(anonymousGet(bucket, "plain"), 403, "AccessDenied");
    // An overwrite without an ACL makes the object private again, as on S3.
    S3.client().putObject(b -> b.bucket(bucket).key("put"), RequestBody.fromString("p2"));
    assertError(anonymousGet(bucket, "put"), 403, "AccessDenied");
  }

  @Test
  void grantsToAUserByIdAndByEmail() {
    String bucket = S3.createBucket("acl-user");
    S3.client().putObject(b -> b.bucket(bucket).key("k"), RequestBody.fromString("v"));
    assertError(S3, catchThrowable(() -> frankClient.getObjectAsBytes(b -> b.bucket(bucket)
        .key("k"))), 403, "AccessDenied");
    S3.client().putObjectAcl(b -> b.bucket(bucket).key("k").grantRead("id=\"" + frankId + "\""));
    assertThat(frankClient.getObjectAsBytes(b -> b.bucket(bucket).key("k")).asUtf8String())
        .isEqualTo("v");
    assertError(S3, catchThrowable(() -> frankClient.getObjectAcl(b -> b.bucket(bucket)
        .key("k"))), 403, "AccessDenied");
    // The same through an AccessControlPolicy body, with an e-mail grantee (the user name).
    var owner = S3.client().getObjectAcl(b -> b.bucket(bucket).key("k")).owner();
    S3.client().putObjectAcl(b -> b.bucket(bucket).key("k").accessControlPolicy(p -> p
        .owner(owner).grants(
            Grant.builder().grantee(Grantee.builder().type(Type.CANONICAL_USER).id(owner.id())
                .build()).permission(Permission.FULL_CONTROL).build(),
            Grant.builder().grantee(Grantee.builder().type(Type.AMAZON_CUSTOMER_BY_EMAIL)
                .emailAddress("frank").build()).permission(Permission.READ_ACP).build())));
    assertThat(frankClient.getObjectAcl(b -> b.bucket(bucket).key("k")).grants())
        .anySatisfy(g -> {
          assertThat(g.grantee().id()).isEqualTo(frankId);
          assertThat(g.grantee().displayName()).isEqualTo("frank");
          assertThat(g.permission()).isEqualTo(Permission.READ_ACP);
        });
    assertError(S3, catchThrowable(() -> frankClient.getObjectAsBytes(b -> b.bucket(bucket)
        .key("k"))), 403, "AccessDenied");
  }

  @Test
  void aBucketAclLetsAUserListAndWrite() {
    String bucket = S3.createBucket("acl-bucket");
    S3.client().putObject(b -> b.bucket(bucket).key("k"), RequestBody.fromString("v"));
    assertError(S3, catchThrowable(() -> frankClient.listObjectsV2(b -> b.bucket(bucket))), 403,
        "AccessDenied");
    S3.client().putBucketAcl(b -> b.bucket(bucket).grantRead("id=\"" + frankId + "\"")
        .grantWrite("emailAddress=\"frank\""));
    assertThat(frankClient.listObjectsV2(b -> b.bucket(bucket)).contents())
        .extracting(o -> o.key()).containsExactly("k");
    frankClient.putObject(b -> b.bucket(bucket).key("from-frank"), RequestBody.fromString("f"));
    // Frank owns what he wrote: its default ACL gives him full control.
    assertThat(frankClient.getObjectAsBytes(b -> b.bucket(bucket).key("from-frank"))
        .asUtf8String()).isEqualTo("f");
    assertThat(frankClient.getObjectAcl(b -> b.bucket(bucket).key("from-frank")).owner()
        .displayName()).isEqualTo("frank");
    // Bucket READ is listing, not reading objects of others.
    assertError(S3, catchThrowable(() -> frankClient.getObjectAsBytes(b -> b.bucket(bucket)
        .key("k"))), 403, "AccessDenied");
    assertError(S3, catchThrowable(() -> frankClient.putBucketAcl(b -> b.bucket(bucket)
        .acl(BucketCannedACL.PUBLIC_READ))), 403, "AccessDenied");
    // Nor does WRITE read them by copying: the source is decided for frank as he is.
    assertError(S3, catchThrowable(() -> frankClient.copyObject(b -> b.sourceBucket(bucket)
        .sourceKey("k").destinationBucket(bucket).destinationKey("stolen"))), 403,
        "AccessDenied");
    assertThat(S3.volumes().walk(bucket)).doesNotContain("stolen");
  }

  @Test
  void authenticatedUsersMeansSignedRequestsOnly() {
    String bucket = S3.createBucket("acl-auth");
    S3.client().putObject(b -> b.bucket(bucket).key("k").acl(ObjectCannedACL.AUTHENTICATED_READ),
        RequestBody.fromString("v"));
    assertThat(frankClient.getObjectAsBytes(b -> b.bucket(bucket).key("k")).asUtf8String())
        .isEqualTo("v");
    assertError(anonymousGet(bucket, "k"), 403, "AccessDenied");
  }

  @Test
  void aPublicReadWriteBucketTakesAnonymousUploads() {
    String bucket = S3.createBucket("acl-prw");
    S3.client().putBucketAcl(b -> b.bucket(bucket).acl(BucketCannedACL.PUBLIC_READ_WRITE));
    RawS3.Response put = S3.raw().sendAnonymous("PUT", RawS3.path(bucket, "anon"), Map.of(),
        Map.of(), "a".getBytes(StandardCharsets.UTF_8));
    assertThat(put.status()).as(put.text()).isEqualTo(200);
    RawS3.Response list = S3.raw().sendAnonymous("GET", "/" + bucket, Map.of(), Map.of(),
        new byte[0]);
    assertThat(list.status()).as(list.text()).isEqualTo(200);
    assertThat(list.text()).contains("<Key>anon</Key>");
    assertThat(S3.client().getObjectAsBytes(b -> b.bucket(bucket).key("anon")).asUtf8String())
        .isEqualTo("a");
    // WRITE on the bucket does not read its private objects by copying them.
    S3.client().putObject(b -> b.bucket(bucket).key("private"), RequestBody.fromString("s"));
    assertError(S3.raw().sendAnonymous("PUT", RawS3.path(bucket, "stolen"), Map.of(),
        Map.of("x-amz-copy-source", "/" + bucket + "/private"), new byte[0]), 403,
        "AccessDenied");
    assertThat(S3.volumes().walk(bucket)).doesNotContain("stolen");
    // With the source public-read, the same copy is allowed.
    S3.client().putObjectAcl(b -> b.bucket(bucket).key("private").acl(ObjectCannedACL.PUBLIC_READ));
    RawS3.Response copied = S3.raw().sendAnonymous("PUT", RawS3.path(bucket, "copied"), Map.of(),
        Map.of("x-amz-copy-source", "/" + bucket + "/private"), new byte[0]);
    assertThat(copied.status()).as(copied.text()).isEqualTo(200);
  }

  @Test
  void aMissingKeyIs404OnlyToWhoeverMayListTheBucket() {
    String bucket = S3.createBucket("acl-404");
    assertError(anonymousGet(bucket, "gone"), 403, "AccessDenied");
    S3.client().putBucketAcl(b -> b.bucket(bucket).acl(BucketCannedACL.PUBLIC_READ));
    assertError(anonymousGet(bucket, "gone"), 404, "NoSuchKey");
    S3.client().deleteBucket(b -> b.bucket(bucket));
    // Bucket names are one namespace CreateBucket reveals anyway: NoSuchBucket to everyone.
    assertError(anonymousGet(bucket, "gone"), 404, "NoSuchBucket");
  }

  @Test
  void badAclsAreRefusedAndChangeNothing() {
    String bucket = S3.createBucket("acl-bad");
    S3.client().putObject(b -> b.bucket(bucket).key("k"), RequestBody.fromString("v"));
    assertError(S3, catchThrowable(() -> S3.client().putObjectAcl(b -> b.bucket(bucket).key("k")
        .grantRead("id=\"4000000000\""))), 400, "InvalidArgument");
    assertError(S3, catchThrowable(() -> S3.client().putObjectAcl(b -> b.bucket(bucket).key("k")
        .grantRead("uri=\"http://example.com/group\""))), 400, "InvalidArgument");
    assertError(S3, catchThrowable(() -> S3.client().putObjectAcl(b -> b.bucket(bucket).key("k")
        .grantRead("emailAddress=\"nobody-here\""))), 400, "UnresolvableGrantByEmailAddress");
    assertError(S3.raw().send("PUT", RawS3.path(bucket, "k"), Map.of("acl", ""),
        Map.of("x-amz-acl", "public-read-maybe"), new byte[0]), 400, "InvalidArgument");
    assertError(S3.raw().send("PUT", RawS3.path(bucket, "k"), Map.of("acl", ""),
        Map.of("x-amz-acl", "public-read", "x-amz-grant-read", "id=\"" + frankId + "\""),
        new byte[0]), 400, "InvalidRequest");
    assertError(S3.raw().send("PUT", RawS3.path(bucket, "k"), Map.of("acl", ""), Map.of(),
        "<AccessControlPolicy><AccessControlList><Grant><Permission>READ</Permission></Grant>"
            .getBytes(StandardCharsets.UTF_8)), 400, "MalformedACLError");
    assertThat(S3.client().getObjectAcl(b -> b.bucket(bucket).key("k")).grants())
        .extracting(Grant::permission).containsExactly(Permission.FULL_CONTROL);
    assertError(anonymousGet(bucket, "k"), 403, "AccessDenied");
  }
}
