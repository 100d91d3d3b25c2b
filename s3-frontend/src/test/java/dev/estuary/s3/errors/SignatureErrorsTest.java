package dev.estuary.s3.errors;

import static dev.estuary.s3.testing.S3Errors.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.estuary.s3.testing.Leftovers;
import dev.estuary.s3.testing.RawS3;
import dev.estuary.s3.testing.S3TestServer;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * SigV4 failures (S3 API reference, "Error responses"): a wrong secret, an unknown access key, a
 * body that does not match its signed hash, a stale request time. Each answers the documented code
 * and writes nothing.
 */
class SignatureErrorsTest {
  @RegisterExtension static final S3TestServer S3 = new S3TestServer();

  @Test
  void wrongSecretIsSignatureDoesNotMatch() {
    String bucket = S3.createBucket("sig-wrong");
    Leftovers before = Leftovers.snapshot(S3, bucket);
    S3Client bad = S3.clientFor(AwsBasicCredentials.create(
        S3.credentials().accessKeyId(), "not-the-secret-key-0123456789abcdefghij"));
    assertError(S3, catchThrowable(() -> bad.putObject(b -> b.bucket(bucket).key("k"),
        RequestBody.fromString("v"))), 403, "SignatureDoesNotMatch");
    assertError(S3, catchThrowable(() -> bad.listObjectsV2(b -> b.bucket(bucket))),
        403, "SignatureDoesNotMatch");
    before.assertUnchanged(S3, "PUT with a wrong secret");
  }

  @Test
  void unknownAccessKeyIsInvalidAccessKeyId() {
    String bucket = S3.createBucket("sig-unknown");
    Leftovers before = Leftovers.snapshot(S3, bucket);
    S3Client bad = S3.clientFor(AwsBasicCredentials.create(
        "UNKNOWNKEY0000000001", "whatever-secret-0123456789abcdefghij"));
    assertError(S3, catchThrowable(() -> bad.putObject(b -> b.bucket(bucket).key("k"),
        RequestBody.fromString("v"))), 403, "InvalidAccessKeyId");
    before.assertUnchanged(S3, "PUT with an unknown key");
  }

  @Test
  void wrongSecretOnARawSignedRequest() {
    String bucket = S3.createBucket("sig-raw");
    Leftovers before = Leftovers.snapshot(S3, bucket);
    RawS3 bad = S3.raw(AwsBasicCredentials.create(S3.credentials().accessKeyId(),
        "not-the-secret-key-0123456789abcdefghij"));
    RawS3.Response r = bad.send("PUT", RawS3.path(bucket, "k"), Map.of(), Map.of(),
        "v".getBytes());
    assertError(r, 403, "SignatureDoesNotMatch");
    before.assertUnchanged(S3, "raw PUT with a wrong secret");
  }

  @Test
  void bodyNotMatchingItsSignedHashIsXAmzContentSha256Mismatch() {
    String bucket = S3.createBucket("sig-body");
    Leftovers before = Leftovers.snapshot(S3, bucket);
    RawS3.Response r = S3.raw().sendTampered("PUT", RawS3.path(bucket, "k"), Map.of(),
        "the signed body".getBytes(), "the SENT  body".getBytes());
    assertError(r, 400, "XAmzContentSHA256Mismatch");
    before.assertUnchanged(S3, "PUT whose body differs from its signed hash");
  }

  @Test
  void requestTimeFarFromTheServerClockIsRequestTimeTooSkewed() {
    String bucket = S3.createBucket("sig-skew");
    Leftovers before = Leftovers.snapshot(S3, bucket);
    // S3 allows 15 minutes of skew.
    Clock past = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-20));
    RawS3.Response r = S3.raw().send("PUT", RawS3.path(bucket, "k"), Map.of(), Map.of(),
        "v".getBytes(), past);
    assertError(r, 403, "RequestTimeTooSkewed");
    before.assertUnchanged(S3, "PUT signed 20 minutes ago");
  }

  @Test
  void aCorrectRawRequestSucceeds() {
    // The control for the tests above: the raw signer is right, only the spoiled part is wrong.
    String bucket = S3.createBucket("sig-ok");
    RawS3.Response r = S3.raw().send("PUT", RawS3.path(bucket, "k"), Map.of(), Map.of(),
        "v".getBytes());
    assertThat(r.status()).as(r.text()).isEqualTo(200);
    assertThat(S3.client().getObjectAsBytes(b -> b.bucket(bucket).key("k")).asUtf8String())
        .isEqualTo("v");
  }
}
