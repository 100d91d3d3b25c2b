package dev.estuary.s3.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.s3.testing.RawS3;
import dev.estuary.s3.testing.S3Errors;
import dev.estuary.s3.testing.S3TestServer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ObjectLockEnabled;
import software.amazon.awssdk.services.s3.model.ObjectLockLegalHoldStatus;
import software.amazon.awssdk.services.s3.model.ObjectLockMode;
import software.amazon.awssdk.services.s3.model.ObjectLockRetentionMode;

/**
 * S3 Object Lock through the AWS SDK for Java v2 (S3 User Guide, "Locking objects with Object
 * Lock"; S3 API Reference, PutObjectLockConfiguration, PutObjectRetention, PutObjectLegalHold):
 * the bucket configuration and its default retention, retention and legal hold per object with
 * the governance bypass, the lock headers on PUT, COPY and multipart uploads and on GET/HEAD, and
 * the errors S3 gives. That a locked object cannot be overwritten or removed through any protocol
 * is the backend's ({@code RetentionContract}); here its refusals come back as AccessDenied.
 */
class ObjectLockTest {
  @RegisterExtension static final S3TestServer S3 = new S3TestServer();

  private static final Instant FAR = Instant.parse("2030-01-01T00:00:00Z");

  private static String lockedBucket(String purpose) {
    String bucket = S3.newBucketName(purpose);
    S3.client().createBucket(b -> b.bucket(bucket).objectLockEnabledForBucket(true));
    return bucket;
  }

  private static String put(String bucket, String key, String body) {
    return S3.client().putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString(body)).eTag();
  }

  private static String md5(byte[] body) throws Exception {
    return Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(body));
  }

  private static RawS3.Response rawPut(String bucket, String key, String subresource, String xml)
      throws Exception {
    byte[] body = xml.getBytes(StandardCharsets.UTF_8);
    return S3.raw().send("PUT", key == null ? "/" + bucket : RawS3.path(bucket, key), Map.of(subresource, ""),
        Map.of("Content-MD5", md5(body)), body);
  }

  @Test
  void createBucketWithObjectLock_hasAnEnabledConfigurationWithoutRule() {
    String bucket = lockedBucket("lock-create");

    var c = S3.client().getObjectLockConfiguration(b -> b.bucket(bucket)).objectLockConfiguration();

    assertThat(c.objectLockEnabled()).isEqualTo(ObjectLockEnabled.ENABLED);
    assertThat(c.rule()).isNull();
  }

  @Test
  void bucketWithoutObjectLock_refusesLockCallsAsS3Does() {
    String bucket = S3.createBucket("lock-none");
    put(bucket, "k", "v");
    S3Client s3 = S3.client();

    S3Errors.assertError(S3, org.assertj.core.api.Assertions.catchThrowable(
        () -> s3.getObjectLockConfiguration(b -> b.bucket(bucket))), 404,
        "ObjectLockConfigurationNotFoundError");
    // Not versioned: Object Lock cannot be enabled on it.
    S3Errors.assertError(S3, org.assertj.core.api.Assertions.catchThrowable(
        () -> s3.putObjectLockConfiguration(b -> b.bucket(bucket).objectLockConfiguration(c -> c
            .objectLockEnabled(ObjectLockEnabled.ENABLED)))), 409, "InvalidBucketState");
    S3Errors.assertError(S3, org.assertj.core.api.Assertions.catchThrowable(
        () -> s3.putObjectRetention(b -> b.bucket(bucket).key("k").retention(r -> r
            .mode(ObjectLockRetentionMode.GOVERNANCE).retainUntilDate(FAR)))), 400, "InvalidRequest");
    S3Errors.assertError(S3, org.assertj.core.api.Assertions.catchThrowable(
        () -> s3.getObjectRetention(b -> b.bucket(bucket).key("k"))), 400, "InvalidRequest");
    S3Errors.assertError(S3, org.assertj.core.api.Assertions.catchThrowable(
        () -> s3.putObjectLegalHold(b -> b.bucket(bucket).key("k").legalHold(h -> h
            .status(ObjectLockLegalHoldStatus.ON)))), 400, "InvalidRequest");
    S3Errors.assertError(S3, org.assertj.core.api.Assertions.catchThrowable(
        () -> s3.getObjectLegalHold(b -> b.bucket(bucket).key("k"))), 400, "InvalidRequest");
    S3Errors.assertError(S3, org.assertj.core.api.Assertions.catchThrowable(
        () -> s3.putObject(b -> b.bucket(bucket).key("k2").objectLockLegalHoldStatus(
            ObjectLockLegalHoldStatus.ON), RequestBody.fromString("v"))), 400, "InvalidRequest");
    assertThat(S3.client().headObject(b -> b.bucket(bucket).key("k")).objectLockMode()).isNull();
  }

  @Test
  void defaultRetention_roundTripsAndLocksNewObjects() {
    String bucket = lockedBucket("lock-default");
    S3.client().putObjectLockConfiguration(b -> b.bucket(bucket).objectLockConfiguration(c -> c
        .objectLockEnabled(ObjectLockEnabled.ENABLED)
        .rule(r -> r.defaultRetention(d -> d.mode(ObjectLockRetentionMode.COMPLIANCE).days(3)))));

    var c = S3.client().getObjectLockConfiguration(b -> b.bucket(bucket)).objectLockConfiguration();
    assertThat(c.rule().defaultRetention().mode()).isEqualTo(ObjectLockRetentionMode.COMPLIANCE);
    assertThat(c.rule().defaultRetention().days()).isEqualTo(3);
    assertThat(c.rule().defaultRetention().years()).isNull();

    Instant before = S3.clock().instant();
    put(bucket, "backup/0001", "chunk");
    HeadObjectResponse h = S3.client().headObject(b -> b.bucket(bucket).key("backup/0001"));
    assertThat(h.objectLockMode()).isEqualTo(ObjectLockMode.COMPLIANCE);
    assertThat(h.objectLockRetainUntilDate()).isBetween(
        before.plus(Duration.ofDays(3)).truncatedTo(ChronoUnit.MILLIS),
        S3.clock().instant().plus(Duration.ofDays(3)));
    assertThat(h.objectLockLegalHoldStatus()).isEqualTo(ObjectLockLegalHoldStatus.OFF);

    // Years instead of days, and a configuration without a rule stops defaulting.
    S3.client().putObjectLockConfiguration(b -> b.bucket(bucket).objectLockConfiguration(x -> x
        .objectLockEnabled(ObjectLockEnabled.ENABLED)
        .rule(r -> r.defaultRetention(d -> d.mode(ObjectLockRetentionMode.GOVERNANCE).years(1)))));
    assertThat(S3.client().getObjectLockConfiguration(b -> b.bucket(bucket)).objectLockConfiguration()
        .rule().defaultRetention().years()).isEqualTo(1);
    S3.client().putObjectLockConfiguration(b -> b.bucket(bucket).objectLockConfiguration(x -> x
        .objectLockEnabled(ObjectLockEnabled.ENABLED)));
    put(bucket, "plain", "x");
    assertThat(S3.client().headObject(b -> b.bucket(bucket).key("plain")).objectLockMode()).isNull();
  }

  @Test
  void malformedConfigurations_areRefusedAsS3Does() throws Exception {
    String bucket = lockedBucket("lock-bad-config");
    String head = "<ObjectLockConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">";
    String tail = "</ObjectLockConfiguration>";
    String enabled = "<ObjectLockEnabled>Enabled</ObjectLockEnabled>";

    S3Errors.assertError(rawPut(bucket, null, "object-lock", head + enabled
        + "<Rule><DefaultRetention><Mode>GOVERNANCE</Mode><Days>1</Days><Years>1</Years>"
        + "</DefaultRetention></Rule>" + tail), 400, "MalformedXML");
    S3Errors.assertError(rawPut(bucket, null, "object-lock", head + enabled
        + "<Rule><DefaultRetention><Mode>GOVERNANCE</Mode><Days>0</Days></DefaultRetention></Rule>"
        + tail), 400, "InvalidRetentionPeriod");
    S3Errors.assertError(rawPut(bucket, null, "object-lock", head + enabled
        + "<Rule><DefaultRetention><Mode>GOVERNANCE</Mode><Years>-1</Years></DefaultRetention></Rule>"
        + tail), 400, "InvalidRetentionPeriod");
    S3Errors.assertError(rawPut(bucket, null, "object-lock", head + enabled
        + "<Rule><DefaultRetention><Mode>governance</Mode><Years>1</Years></DefaultRetention></Rule>"
        + tail), 400, "MalformedXML");
    S3Errors.assertError(rawPut(bucket, null, "object-lock", head
        + "<ObjectLockEnabled>Disabled</ObjectLockEnabled>" + tail), 400, "MalformedXML");
    // Without Content-MD5 or a checksum (the body's SHA-256 is not signed either).
    byte[] body = (head + enabled + tail).getBytes(StandardCharsets.UTF_8);
    S3Errors.assertError(S3.raw().sendUnsignedPayload("PUT", "/" + bucket,
        Map.of("object-lock", ""), Map.of(), body), 400, "InvalidRequest");
    assertThat(S3.client().getObjectLockConfiguration(b -> b.bucket(bucket)).objectLockConfiguration()
        .rule()).isNull();
  }

  @Test
  void retention_putGetExtendAndShortenOnlyWithTheBypass() {
    String bucket = lockedBucket("lock-retention");
    put(bucket, "k", "v");
    S3Client s3 = S3.client();

    S3Errors.assertError(S3, org.assertj.core.api.Assertions.catchThrowable(
        () -> s3.getObjectRetention(b -> b.bucket(bucket).key("k"))), 404, "NoSuchObjectLockConfiguration");
    s3.putObjectRetention(b -> b.bucket(bucket).key("k").retention(r -> r
        .mode(ObjectLockRetentionMode.GOVERNANCE).retainUntilDate(FAR)));
    var got = s3.getObjectRetention(b -> b.bucket(bucket).key("k")).retention();
    assertThat(got.mode()).isEqualTo(ObjectLockRetentionMode.GOVERNANCE);
    assertThat(got.retainUntilDate()).isEqualTo(FAR);

    Instant later = FAR.plus(Duration.ofDays(2));
    s3.putObjectRetention(b -> b.bucket(bucket).key("k").retention(r -> r
        .mode(ObjectLockRetentionMode.GOVERNANCE).retainUntilDate(later)));
    S3Errors.assertError(S3, org.assertj.core.api.Assertions.catchThrowable(
        () -> s3.putObjectRetention(b -> b.bucket(bucket).key("k").retention(r -> r
            .mode(ObjectLockRetentionMode.GOVERNANCE).retainUntilDate(FAR)))), 403, "AccessDenied");
    S3Errors.assertError(S3, org.assertj.core.api.Assertions.catchThrowable(
        () -> s3.putObjectRetention(b -> b.bucket(bucket).key("k").retention(r -> r
            .mode(ObjectLockRetentionMode.COMPLIANCE).retainUntilDate(later)))), 403, "AccessDenied");
    assertThat(s3.getObjectRetention(b -> b.bucket(bucket).key("k")).retention().retainUntilDate())
        .isEqualTo(later);

    s3.putObjectRetention(b -> b.bucket(bucket).key("k").bypassGovernanceRetention(true)
        .retention(r -> r.mode(ObjectLockRetentionMode.GOVERNANCE).retainUntilDate(FAR)));
    assertThat(s3.getObjectRetention(b -> b.bucket(bucket).key("k")).retention().retainUntilDate())
        .isEqualTo(FAR);
    s3.putObjectRetention(b -> b.bucket(bucket).key("k").bypassGovernanceRetention(true)
        .retention(r -> r.mode(ObjectLockRetentionMode.COMPLIANCE).retainUntilDate(FAR)));
    // Compliance: no bypass shortens or weakens it.
    S3Errors.assertError(S3, org.assertj.core.api.Assertions.catchThrowable(
        () -> s3.putObjectRetention(b -> b.bucket(bucket).key("k").bypassGovernanceRetention(true)
            .retention(r -> r.mode(ObjectLockRetentionMode.GOVERNANCE).retainUntilDate(FAR)))),
        403, "AccessDenied");
    assertThat(s3.getObjectRetention(b -> b.bucket(bucket).key("k")).retention().mode())
        .isEqualTo(ObjectLockRetentionMode.COMPLIANCE);
  }

  @Test
  void retentionDates_inThePastAndBadModes_areRefused() throws Exception {
    String bucket = lockedBucket("lock-retention-bad");
    put(bucket, "k", "v");

    S3Errors.assertError(S3, org.assertj.core.api.Assertions.catchThrowable(
        () -> S3.client().putObjectRetention(b -> b.bucket(bucket).key("k").retention(r -> r
            .mode(ObjectLockRetentionMode.GOVERNANCE)
            .retainUntilDate(S3.clock().instant().minusSeconds(60))))), 400, "InvalidArgument");
    S3Errors.assertError(rawPut(bucket, "k", "retention", "<Retention><Mode>governance</Mode>"
        + "<RetainUntilDate>2030-01-01T00:00:00Z</RetainUntilDate></Retention>"), 400, "MalformedXML");
    S3Errors.assertError(rawPut(bucket, "k", "legal-hold", "<LegalHold><Status>abc</Status></LegalHold>"),
        400, "MalformedXML");
    S3Errors.assertError(S3, org.assertj.core.api.Assertions.catchThrowable(
        () -> S3.client().putObjectRetention(b -> b.bucket(bucket).key("missing").retention(r -> r
            .mode(ObjectLockRetentionMode.GOVERNANCE).retainUntilDate(FAR)))), 404, "NoSuchKey");
  }

  @Test
  void governanceBypass_needsTheBucketAdminGrant() {
    String bucket = lockedBucket("lock-bypass-right");
    put(bucket, "k", "v");
    S3.client().putObjectRetention(b -> b.bucket(bucket).key("k").retention(r -> r
        .mode(ObjectLockRetentionMode.GOVERNANCE).retainUntilDate(FAR)));
    var writerOnly = software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(
        "ESTUARYLOCKWRITER001", "lock-writer-secret/Key+0123456789abcdefg");
    var users = S3.users().orElseThrow();
    users.add("lockwriter", "lockwriter-password", java.util.OptionalInt.empty(),
        java.util.OptionalInt.empty(), false, new dev.estuary.core.S3Credentials(
            writerOnly.accessKeyId(), new dev.estuary.core.Secret(writerOnly.secretAccessKey())));
    users.grant("lockwriter", bucket, dev.estuary.core.Permission.WRITE);

    S3Errors.assertError(S3, org.assertj.core.api.Assertions.catchThrowable(
        () -> S3.clientFor(writerOnly).putObjectRetention(b -> b.bucket(bucket).key("k")
            .bypassGovernanceRetention(true).retention(r -> r.mode(ObjectLockRetentionMode.GOVERNANCE)
                .retainUntilDate(FAR.minusSeconds(3600))))), 403, "AccessDenied");

    assertThat(S3.client().getObjectRetention(b -> b.bucket(bucket).key("k")).retention()
        .retainUntilDate()).isEqualTo(FAR);
  }

  @Test
  void governanceBypass_isGivenByABucketPolicyAndTakenAwayByAnExplicitDeny() {
    String bucket = lockedBucket("lock-bypass-policy");
    put(bucket, "k", "v");
    S3.client().putObjectRetention(b -> b.bucket(bucket).key("k").retention(r -> r
        .mode(ObjectLockRetentionMode.GOVERNANCE).retainUntilDate(FAR)));
    var bypasser = software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(
        "ESTUARYLOCKBYPASS001", "lock-bypass-secret/Key+0123456789abcdefgh");
    S3.users().orElseThrow().add("lockbypass", "lockbypass-password", java.util.OptionalInt.empty(),
        java.util.OptionalInt.empty(), false, new dev.estuary.core.S3Credentials(
            bypasser.accessKeyId(), new dev.estuary.core.Secret(bypasser.secretAccessKey())));
    S3.users().orElseThrow().grant("lockbypass", bucket, dev.estuary.core.Permission.WRITE);
    // A user with only a write grant may bypass once the policy allows s3:BypassGovernanceRetention.
    S3.client().putBucketPolicy(b -> b.bucket(bucket).policy("{\"Version\":\"2012-10-17\","
        + "\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":[\"lockbypass\"]},"
        + "\"Action\":[\"s3:BypassGovernanceRetention\",\"s3:PutObjectRetention\"],"
        + "\"Resource\":\"arn:aws:s3:::" + bucket + "/*\"}]}"));
    Instant earlier = FAR.minusSeconds(3600);
    S3.clientFor(bypasser).putObjectRetention(b -> b.bucket(bucket).key("k")
        .bypassGovernanceRetention(true).retention(r -> r.mode(ObjectLockRetentionMode.GOVERNANCE)
            .retainUntilDate(earlier)));
    assertThat(S3.client().getObjectRetention(b -> b.bucket(bucket).key("k")).retention()
        .retainUntilDate()).isEqualTo(earlier);

    // An explicit Deny of the bypass holds even for the administrator's own grant.
    S3.client().putBucketPolicy(b -> b.bucket(bucket).policy("{\"Version\":\"2012-10-17\","
        + "\"Statement\":[{\"Effect\":\"Deny\",\"Principal\":\"*\","
        + "\"Action\":\"s3:BypassGovernanceRetention\","
        + "\"Resource\":\"arn:aws:s3:::" + bucket + "/*\"}]}"));
    S3Errors.assertError(S3, org.assertj.core.api.Assertions.catchThrowable(
        () -> S3.client().putObjectRetention(b -> b.bucket(bucket).key("k")
            .bypassGovernanceRetention(true).retention(r -> r.mode(ObjectLockRetentionMode.GOVERNANCE)
                .retainUntilDate(earlier.minusSeconds(3600))))), 403, "AccessDenied");
    assertThat(S3.client().getObjectRetention(b -> b.bucket(bucket).key("k")).retention()
        .retainUntilDate()).isEqualTo(earlier);
  }

  @Test
  void aclsOfALockedVersion_areSetWithItAndChangeableLater() {
    String bucket = lockedBucket("lock-acl");
    S3.client().putObjectLockConfiguration(b -> b.bucket(bucket).objectLockConfiguration(c -> c
        .objectLockEnabled(ObjectLockEnabled.ENABLED)
        .rule(r -> r.defaultRetention(d -> d.mode(ObjectLockRetentionMode.COMPLIANCE).days(1)))));
    // The ACL of a PUT (rclone and the aws CLI send x-amz-acl) is stored although the new version
    // is locked at once: access control is not what Object Lock protects.
    S3.client().putObject(b -> b.bucket(bucket).key("k")
        .acl(software.amazon.awssdk.services.s3.model.ObjectCannedACL.PUBLIC_READ),
        RequestBody.fromString("v"));
    assertThat(S3.client().getObjectAcl(b -> b.bucket(bucket).key("k")).grants())
        .anySatisfy(g -> assertThat(g.grantee().uri()).endsWith("/AllUsers"));
    S3.client().putObjectAcl(b -> b.bucket(bucket).key("k")
        .acl(software.amazon.awssdk.services.s3.model.ObjectCannedACL.PRIVATE));
    assertThat(S3.client().getObjectAcl(b -> b.bucket(bucket).key("k")).grants())
        .noneSatisfy(g -> assertThat(g.grantee().uri()).isNotNull());
    assertThat(S3.client().headObject(b -> b.bucket(bucket).key("k")).objectLockMode())
        .isEqualTo(ObjectLockMode.COMPLIANCE);
  }

  @Test
  void legalHold_onAndOff() {
    String bucket = lockedBucket("lock-hold");
    put(bucket, "k", "v");
    S3Client s3 = S3.client();

    assertThat(s3.getObjectLegalHold(b -> b.bucket(bucket).key("k")).legalHold().status())
        .isEqualTo(ObjectLockLegalHoldStatus.OFF);
    s3.putObjectLegalHold(b -> b.bucket(bucket).key("k").legalHold(h -> h.status(ObjectLockLegalHoldStatus.ON)));
    assertThat(s3.getObjectLegalHold(b -> b.bucket(bucket).key("k")).legalHold().status())
        .isEqualTo(ObjectLockLegalHoldStatus.ON);
    assertThat(s3.headObject(b -> b.bucket(bucket).key("k")).objectLockLegalHoldStatus())
        .isEqualTo(ObjectLockLegalHoldStatus.ON);
    assertThat(s3.getObject(b -> b.bucket(bucket).key("k")).response().objectLockLegalHoldStatus())
        .isEqualTo(ObjectLockLegalHoldStatus.ON);

    s3.putObjectLegalHold(b -> b.bucket(bucket).key("k").legalHold(h -> h.status(ObjectLockLegalHoldStatus.OFF)));
    assertThat(s3.getObjectLegalHold(b -> b.bucket(bucket).key("k")).legalHold().status())
        .isEqualTo(ObjectLockLegalHoldStatus.OFF);
  }

  @Test
  void lockHeadersOnPutObject_lockTheNewObject() {
    String bucket = lockedBucket("lock-put-headers");
    S3.client().putObject(b -> b.bucket(bucket).key("k").objectLockMode(ObjectLockMode.GOVERNANCE)
        .objectLockRetainUntilDate(FAR).objectLockLegalHoldStatus(ObjectLockLegalHoldStatus.ON),
        RequestBody.fromString("abc"));

    HeadObjectResponse h = S3.client().headObject(b -> b.bucket(bucket).key("k"));
    assertThat(h.objectLockMode()).isEqualTo(ObjectLockMode.GOVERNANCE);
    assertThat(h.objectLockRetainUntilDate()).isEqualTo(FAR);
    assertThat(h.objectLockLegalHoldStatus()).isEqualTo(ObjectLockLegalHoldStatus.ON);
    // The lock is the backend's: the file cannot be changed there either.
    var v = S3.dfs().orElseThrow().volume(bucket);
    var a = v.lookup(v.root(), "k");
    assertThat(v.getRetention(a.id()).inEffect(S3.clock().instant())).isTrue();
  }

  @Test
  void badLockHeaders_areInvalidArgument() {
    String bucket = lockedBucket("lock-put-bad");
    S3Errors.assertError(S3, org.assertj.core.api.Assertions.catchThrowable(
        () -> S3.client().putObject(b -> b.bucket(bucket).key("k").objectLockMode(ObjectLockMode.GOVERNANCE),
            RequestBody.fromString("abc"))), 400, "InvalidArgument");
    S3Errors.assertError(S3, org.assertj.core.api.Assertions.catchThrowable(
        () -> S3.client().putObject(b -> b.bucket(bucket).key("k").objectLockMode(ObjectLockMode.GOVERNANCE)
            .objectLockRetainUntilDate(S3.clock().instant().minusSeconds(1)), RequestBody.fromString("abc"))),
        400, "InvalidArgument");
    // Nothing was stored.
    assertThat(org.assertj.core.api.Assertions.catchThrowableOfType(
        software.amazon.awssdk.services.s3.model.S3Exception.class,
        () -> S3.client().headObject(b -> b.bucket(bucket).key("k"))).statusCode()).isEqualTo(404);
  }

  @Test
  void putWithLockHeaders_withoutMd5OrChecksumOrSignedPayload_isInvalidRequest() {
    String bucket = lockedBucket("lock-put-md5");
    RawS3.Response r = S3.raw().sendUnsignedPayload("PUT", RawS3.path(bucket, "k"), Map.of(),
        Map.of("x-amz-object-lock-legal-hold", "ON"), "abc".getBytes(StandardCharsets.UTF_8));

    S3Errors.assertError(r, 400, "InvalidRequest");
    assertThat(r.error().message()).contains("Content-MD5");
    RawS3.Response ok = S3.raw().sendUnsignedPayload("PUT", RawS3.path(bucket, "k"), Map.of(),
        Map.of("x-amz-object-lock-legal-hold", "ON", "Content-MD5", "kAFQmDzST7DWlj99KOF/cg=="),
        "abc".getBytes(StandardCharsets.UTF_8));
    assertThat(ok.status()).as(ok.text()).isEqualTo(200);
  }

  @Test
  void copyObject_getsTheRequestsLockNotTheSources() {
    String bucket = lockedBucket("lock-copy");
    S3.client().putObject(b -> b.bucket(bucket).key("src").objectLockMode(ObjectLockMode.COMPLIANCE)
        .objectLockRetainUntilDate(FAR), RequestBody.fromString("abc"));

    S3.client().copyObject(b -> b.sourceBucket(bucket).sourceKey("src").destinationBucket(bucket)
        .destinationKey("plain"));
    S3.client().copyObject(b -> b.sourceBucket(bucket).sourceKey("src").destinationBucket(bucket)
        .destinationKey("held").objectLockLegalHoldStatus(ObjectLockLegalHoldStatus.ON));

    assertThat(S3.client().headObject(b -> b.bucket(bucket).key("plain")).objectLockMode()).isNull();
    HeadObjectResponse held = S3.client().headObject(b -> b.bucket(bucket).key("held"));
    assertThat(held.objectLockMode()).isNull();
    assertThat(held.objectLockLegalHoldStatus()).isEqualTo(ObjectLockLegalHoldStatus.ON);
  }

  @Test
  void multipartUpload_getsTheLockAskedAtCreation() {
    String bucket = lockedBucket("lock-multipart");
    S3Client s3 = S3.client();
    String id = s3.createMultipartUpload(b -> b.bucket(bucket).key("big")
        .objectLockMode(ObjectLockMode.GOVERNANCE).objectLockRetainUntilDate(FAR)).uploadId();
    String etag = s3.uploadPart(b -> b.bucket(bucket).key("big").uploadId(id).partNumber(1),
        RequestBody.fromString("part one")).eTag();
    s3.completeMultipartUpload(b -> b.bucket(bucket).key("big").uploadId(id).multipartUpload(m -> m
        .parts(CompletedPart.builder().partNumber(1).eTag(etag).build())));

    HeadObjectResponse h = s3.headObject(b -> b.bucket(bucket).key("big"));
    assertThat(h.objectLockMode()).isEqualTo(ObjectLockMode.GOVERNANCE);
    assertThat(h.objectLockRetainUntilDate()).isEqualTo(FAR);
  }

  @Test
  void expiredRetention_canBeRemovedWithoutTheBypass() {
    String bucket = lockedBucket("lock-expiry");
    put(bucket, "k", "v");
    Instant soon = S3.clock().instant().plusSeconds(60).truncatedTo(ChronoUnit.SECONDS);
    S3.client().putObjectRetention(b -> b.bucket(bucket).key("k").retention(r -> r
        .mode(ObjectLockRetentionMode.COMPLIANCE).retainUntilDate(soon)));
    S3Errors.assertError(S3, org.assertj.core.api.Assertions.catchThrowable(
        () -> S3.client().putObjectRetention(b -> b.bucket(bucket).key("k").retention(r -> r
            .mode(ObjectLockRetentionMode.GOVERNANCE).retainUntilDate(FAR)))), 403, "AccessDenied");

    S3.clock().advance(Duration.ofSeconds(61));

    S3.client().putObjectRetention(b -> b.bucket(bucket).key("k").retention(r -> r
        .mode(ObjectLockRetentionMode.GOVERNANCE).retainUntilDate(FAR)));
    assertThat(S3.client().getObjectRetention(b -> b.bucket(bucket).key("k")).retention().mode())
        .isEqualTo(ObjectLockRetentionMode.GOVERNANCE);
  }
}
