package dev.estuary.s3.sdk;

import static dev.estuary.s3.testing.S3Errors.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.estuary.s3.testing.ErrorXml;
import dev.estuary.s3.testing.RawS3;
import dev.estuary.s3.testing.S3TestServer;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Bucket policies through the AWS SDK v2: Put/Get/DeleteBucketPolicy and GetBucketPolicyStatus,
 * MalformedPolicy naming the fault, a policy granting a user without any grant GetObject on a
 * prefix only, an explicit deny beating a read grant, {@code aws:SourceIp} with 127.0.0.1,
 * {@code s3:prefix} on listing, anonymous access through {@code "*"} and the owner's way out of a
 * policy that denies everything.
 */
class BucketPolicyTest {
  @RegisterExtension static final S3TestServer S3 = new S3TestServer();

  static AwsBasicCredentials carol;
  static S3Client carolClient;

  @BeforeAll
  static void users() {
    carol = S3.addUser("carol");
    carolClient = S3.clientFor(carol);
  }

  static String objects(String bucket, String keyPattern) {
    return "arn:aws:s3:::" + bucket + "/" + keyPattern;
  }

  static void put(String bucket, String key) {
    S3.client().putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString("data:" + key));
  }

  @Test
  void putGetDeleteAndStatus() {
    String bucket = S3.createBucket("pol-crud");
    assertError(S3, catchThrowable(() -> S3.client().getBucketPolicy(b -> b.bucket(bucket))),
        404, "NoSuchBucketPolicy");
    assertError(S3, catchThrowable(() -> S3.client().getBucketPolicyStatus(
        b -> b.bucket(bucket))), 404, "NoSuchBucketPolicy");
    String policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"pub\",\"Effect\":"
        + "\"Allow\",\"Principal\":\"*\",\"Action\":\"s3:GetObject\",\"Resource\":\""
        + objects(bucket, "*") + "\"}]}";
    S3.client().putBucketPolicy(b -> b.bucket(bucket).policy(policy));
    assertThat(S3.client().getBucketPolicy(b -> b.bucket(bucket)).policy()).isEqualTo(policy);
    assertThat(S3.client().getBucketPolicyStatus(b -> b.bucket(bucket)).policyStatus()
        .isPublic()).isTrue();
    String restricted = policy.replace("\"Principal\":\"*\"", "\"Principal\":{\"AWS\":"
        + "\"arn:aws:iam::000000000000:user/carol\"}");
    S3.client().putBucketPolicy(b -> b.bucket(bucket).policy(restricted));
    assertThat(S3.client().getBucketPolicyStatus(b -> b.bucket(bucket)).policyStatus()
        .isPublic()).isFalse();
    S3.client().deleteBucketPolicy(b -> b.bucket(bucket));
    assertError(S3, catchThrowable(() -> S3.client().getBucketPolicy(b -> b.bucket(bucket))),
        404, "NoSuchBucketPolicy");
  }

  @Test
  void malformedPoliciesAreRefusedAndNothingIsStored() {
    String bucket = S3.createBucket("pol-bad");
    for (String[] bad : new String[][] {
        {"{not json", "valid JSON"},
        {"{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\","
            + "\"Action\":\"s3:GetObjekt\",\"Resource\":\"" + objects(bucket, "*") + "\"}]}",
            "s3:GetObjekt"},
        {"{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\","
            + "\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::someone-else/*\"}]}",
            "someone-else"},
        {"{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":"
            + "{\"AWS\":\"mallory\"},\"Action\":\"s3:GetObject\",\"Resource\":\""
            + objects(bucket, "*") + "\"}]}", "mallory"}}) {
      Throwable t = catchThrowable(() -> S3.client().putBucketPolicy(b -> b.bucket(bucket)
          .policy(bad[0])));
      ErrorXml x = assertError(S3, t, 400, "MalformedPolicy");
      assertThat(x.message()).as(bad[0]).contains(bad[1]);
    }
    String big = "{\"Version\":\"2012-10-17\",\"Id\":\"" + "x".repeat(21 * 1024)
        + "\",\"Statement\":[]}";
    assertError(S3, catchThrowable(() -> S3.client().putBucketPolicy(b -> b.bucket(bucket)
        .policy(big))), 400, "MalformedPolicy");
    assertError(S3, catchThrowable(() -> S3.client().getBucketPolicy(b -> b.bucket(bucket))),
        404, "NoSuchBucketPolicy");
  }

  @Test
  void aPolicyGrantsAUserWithoutAnyGrantGetObjectOnAPrefixOnly() {
    String bucket = S3.createBucket("pol-prefix");
    put(bucket, "public/a.txt");
    put(bucket, "private/b.txt");
    // Refused before the policy: carol holds no grant.
    assertError(S3, catchThrowable(() -> carolClient.getObjectAsBytes(b -> b.bucket(bucket)
        .key("public/a.txt"))), 403, "AccessDenied");
    S3.client().putBucketPolicy(b -> b.bucket(bucket).policy("{\"Version\":\"2012-10-17\","
        + "\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":[\"carol\"]},"
        + "\"Action\":[\"s3:GetObject\"],\"Resource\":[\"" + objects(bucket, "public/*")
        + "\"]}]}"));
    assertThat(carolClient.getObjectAsBytes(b -> b.bucket(bucket).key("public/a.txt"))
        .asUtf8String()).isEqualTo("data:public/a.txt");
    assertError(S3, catchThrowable(() -> carolClient.getObjectAsBytes(b -> b.bucket(bucket)
        .key("private/b.txt"))), 403, "AccessDenied");
    assertError(S3, catchThrowable(() -> carolClient.listObjectsV2(b -> b.bucket(bucket))),
        403, "AccessDenied");
    assertError(S3, catchThrowable(() -> carolClient.putObject(b -> b.bucket(bucket)
        .key("public/new"), RequestBody.fromString("x"))), 403, "AccessDenied");
    assertThat(S3.volumes().walk(bucket)).doesNotContain("public/new");
  }

  @Test
  void anExplicitDenyBeatsTheReadersGrant() {
    String bucket = S3.createBucket("pol-deny");
    put(bucket, "secret/x");
    put(bucket, "open/y");
    S3Client reader = S3.clientFor(S3TestServer.READER);
    assertThat(reader.getObjectAsBytes(b -> b.bucket(bucket).key("secret/x")).asUtf8String())
        .isEqualTo("data:secret/x");
    S3.client().putBucketPolicy(b -> b.bucket(bucket).policy("{\"Version\":\"2012-10-17\","
        + "\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"reader\"},\"Action\":"
        + "\"s3:*\",\"Resource\":\"" + objects(bucket, "*") + "\"},{\"Effect\":\"Deny\","
        + "\"Principal\":{\"AWS\":\"reader\"},\"Action\":\"s3:GetObject\",\"Resource\":\""
        + objects(bucket, "secret/*") + "\"}]}"));
    assertError(S3, catchThrowable(() -> reader.getObjectAsBytes(b -> b.bucket(bucket)
        .key("secret/x"))), 403, "AccessDenied");
    assertThat(reader.getObjectAsBytes(b -> b.bucket(bucket).key("open/y")).asUtf8String())
        .isEqualTo("data:open/y");
    // The deny binds the writer's admin grant too when it names everyone.
    S3.client().putBucketPolicy(b -> b.bucket(bucket).policy("{\"Version\":\"2012-10-17\","
        + "\"Statement\":[{\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"s3:DeleteObject\","
        + "\"Resource\":\"" + objects(bucket, "secret/*") + "\"}]}"));
    assertError(S3, catchThrowable(() -> S3.client().deleteObject(b -> b.bucket(bucket)
        .key("secret/x"))), 403, "AccessDenied");
    // DeleteObjects naming the key is refused as a whole: nothing is deleted.
    Throwable batch = catchThrowable(() -> S3.client().deleteObjects(b -> b.bucket(bucket)
        .delete(d -> d.objects(o -> o.key("open/y"), o -> o.key("secret/x")))));
    assertError(S3, batch, 403, "AccessDenied");
    assertThat(S3.volumes().walk(bucket)).contains("secret/x", "open/y");
  }

  @Test
  void sourceIpConditionsSeeTheLoopbackClient() {
    String bucket = S3.createBucket("pol-ip");
    put(bucket, "k");
    String path = RawS3.path(bucket, "k");
    assertThat(S3.raw().sendAnonymous("GET", path, Map.of(), Map.of(), new byte[0]).status())
        .isEqualTo(403);
    S3.client().putBucketPolicy(b -> b.bucket(bucket).policy(anonymousGet(bucket,
        "{\"IpAddress\":{\"aws:SourceIp\":\"10.0.0.0/8\"}}")));
    assertThat(S3.raw().sendAnonymous("GET", path, Map.of(), Map.of(), new byte[0]).status())
        .isEqualTo(403);
    S3.client().putBucketPolicy(b -> b.bucket(bucket).policy(anonymousGet(bucket,
        "{\"IpAddress\":{\"aws:SourceIp\":[\"127.0.0.1/32\",\"::1\"]}}")));
    RawS3.Response ok = S3.raw().sendAnonymous("GET", path, Map.of(), Map.of(), new byte[0]);
    assertThat(ok.status()).as(ok.text()).isEqualTo(200);
    assertThat(ok.text()).isEqualTo("data:k");
    // A deny for every address but one other: the loopback client is refused, even the writer.
    S3.client().putBucketPolicy(b -> b.bucket(bucket).policy("{\"Version\":\"2012-10-17\","
        + "\"Statement\":[{\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"s3:GetObject\","
        + "\"Resource\":\"" + objects(bucket, "*") + "\",\"Condition\":{\"NotIpAddress\":"
        + "{\"aws:SourceIp\":\"192.0.2.7\"}}}]}"));
    assertError(S3, catchThrowable(() -> S3.client().getObjectAsBytes(b -> b.bucket(bucket)
        .key("k"))), 403, "AccessDenied");
  }

  static String anonymousGet(String bucket, String condition) {
    return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":"
        + "{\"AWS\":\"*\"},\"Action\":\"s3:GetObject\",\"Resource\":\"" + objects(bucket, "*")
        + "\",\"Condition\":" + condition + "}]}";
  }

  @Test
  void listingConditionOnThePrefix() {
    String bucket = S3.createBucket("pol-list");
    put(bucket, "home/carol/a");
    put(bucket, "home/dave/b");
    S3.client().putBucketPolicy(b -> b.bucket(bucket).policy("{\"Version\":\"2012-10-17\","
        + "\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"carol\"},\"Action\":"
        + "\"s3:ListBucket\",\"Resource\":\"arn:aws:s3:::" + bucket + "\",\"Condition\":"
        + "{\"StringLike\":{\"s3:prefix\":\"home/${aws:username}/*\"}}}]}"));
    assertThat(carolClient.listObjectsV2(b -> b.bucket(bucket).prefix("home/carol/"))
        .contents()).extracting(o -> o.key()).containsExactly("home/carol/a");
    assertError(S3, catchThrowable(() -> carolClient.listObjectsV2(b -> b.bucket(bucket)
        .prefix("home/dave/"))), 403, "AccessDenied");
    assertError(S3, catchThrowable(() -> carolClient.listObjectsV2(b -> b.bucket(bucket))),
        403, "AccessDenied");
  }

  @Test
  void anOwnerLockedOutByItsPolicyCanStillReplaceIt() {
    AwsBasicCredentials keys = S3.addUser("erin");
    S3Client erin = S3.clientFor(keys);
    String bucket = S3.newBucketName("pol-owner");
    erin.createBucket(b -> b.bucket(bucket));
    erin.putObject(b -> b.bucket(bucket).key("k"), RequestBody.fromString("v"));
    erin.putBucketPolicy(b -> b.bucket(bucket).policy("{\"Version\":\"2012-10-17\","
        + "\"Statement\":[{\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"s3:*\","
        + "\"Resource\":[\"arn:aws:s3:::" + bucket + "\",\"" + objects(bucket, "*") + "\"]}]}"));
    assertError(S3, catchThrowable(() -> erin.getObjectAsBytes(b -> b.bucket(bucket).key("k"))),
        403, "AccessDenied");
    assertThat(erin.getBucketPolicy(b -> b.bucket(bucket)).policy()).contains("Deny");
    erin.deleteBucketPolicy(b -> b.bucket(bucket));
    assertThat(erin.getObjectAsBytes(b -> b.bucket(bucket).key("k")).asUtf8String())
        .isEqualTo("v");
  }

  @Test
  void onlyTheOwnerOrAnAdministratorManagesThePolicy() {
    String bucket = S3.createBucket("pol-admin");
    S3Client reader = S3.clientFor(S3TestServer.READER);
    Throwable t = catchThrowable(() -> reader.putBucketPolicy(b -> b.bucket(bucket).policy(
        anonymousGet(bucket, "{\"Bool\":{\"aws:SecureTransport\":\"false\"}}"))));
    assertThat(t).isInstanceOf(S3Exception.class);
    assertError(S3, t, 403, "AccessDenied");
    assertError(S3, catchThrowable(() -> carolClient.getBucketPolicy(b -> b.bucket(bucket))),
        403, "AccessDenied");
  }
}
