package dev.estuary.s3.errors;

import static dev.estuary.s3.testing.S3Errors.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.s3.testing.ErrorXml;
import dev.estuary.s3.testing.Leftovers;
import dev.estuary.s3.testing.RawS3;
import dev.estuary.s3.testing.S3TestServer;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * Presigned URLs (SigV4 in the query string, X-Amz-Expires): valid ones work without any other
 * header; expired ones answer 403 AccessDenied "Request has expired"; tampered ones answer 403
 * SignatureDoesNotMatch. Expiry is reached by moving the server's clock forward.
 */
class PresignedUrlErrorsTest {
  @RegisterExtension static final S3TestServer S3 = new S3TestServer();

  @AfterEach
  void resetClock() {
    S3.clock().reset();
  }

  /**
   * Presigns for 60 seconds and makes the URL stale: by moving the server clock 10 minutes on, or
   * against an external server (whose clock we cannot move) by signing 10 minutes in the past.
   */
  private static URI expired(String method, String path) {
    if (S3.external()) {
      return S3.raw().presign(method, path, Duration.ofSeconds(60),
          Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-10)));
    }
    URI url = S3.raw().presign(method, path, Duration.ofSeconds(60), S3.clock());
    S3.clock().advance(Duration.ofMinutes(10));
    return url;
  }

  @Test
  void validPresignedGetAndPutWork() {
    String bucket = S3.createBucket("presign-ok");
    URI put = S3.raw().presign("PUT", RawS3.path(bucket, "up/loaded.txt"),
        Duration.ofMinutes(5), S3.clock());
    RawS3.Response p = S3.raw().plain("PUT", put, Map.of(), "presigned body".getBytes());
    assertThat(p.status()).as(p.text()).isEqualTo(200);

    URI get = S3.raw().presign("GET", RawS3.path(bucket, "up/loaded.txt"),
        Duration.ofMinutes(5), S3.clock());
    RawS3.Response g = S3.raw().plain("GET", get, Map.of(), new byte[0]);
    assertThat(g.status()).as(g.text()).isEqualTo(200);
    assertThat(g.text()).isEqualTo("presigned body");
  }

  @Test
  void expiredPresignedGetIsAccessDenied() {
    String bucket = S3.createBucket("presign-exp");
    S3.client().putObject(b -> b.bucket(bucket).key("k"), RequestBody.fromString("secret"));
    URI url = expired("GET", RawS3.path(bucket, "k"));
    RawS3.Response r = S3.raw().plain("GET", url, Map.of(), new byte[0]);
    ErrorXml x = assertError(r, 403, "AccessDenied");
    assertThat(x.message()).isEqualTo("Request has expired");
    assertThat(r.text()).doesNotContain("secret</");
  }

  @Test
  void expiredPresignedPutWritesNothing() {
    String bucket = S3.createBucket("presign-exp-put");
    Leftovers before = Leftovers.snapshot(S3, bucket);
    URI url = expired("PUT", RawS3.path(bucket, "late"));
    RawS3.Response r = S3.raw().plain("PUT", url, Map.of(), "too late".getBytes());
    ErrorXml x = assertError(r, 403, "AccessDenied");
    assertThat(x.message()).isEqualTo("Request has expired");
    S3.clock().reset();
    before.assertUnchanged(S3, "an expired presigned PUT");
  }

  @Test
  void presignedUrlForAnotherKeyIsSignatureDoesNotMatch() {
    String bucket = S3.createBucket("presign-tamper");
    S3.client().putObject(b -> b.bucket(bucket).key("public"), RequestBody.fromString("p"));
    S3.client().putObject(b -> b.bucket(bucket).key("private"), RequestBody.fromString("q"));
    URI url = S3.raw().presign("GET", RawS3.path(bucket, "public"), Duration.ofMinutes(5),
        S3.clock());
    URI tampered = URI.create(url.toString().replace("/public?", "/private?"));
    RawS3.Response r = S3.raw().plain("GET", tampered, Map.of(), new byte[0]);
    assertError(r, 403, "SignatureDoesNotMatch");
  }

  @Test
  void expiryLongerThanSevenDaysIsRefused() {
    String bucket = S3.createBucket("presign-long");
    S3.client().putObject(b -> b.bucket(bucket).key("k"), RequestBody.fromString("v"));
    URI url = S3.raw().presign("GET", RawS3.path(bucket, "k"), Duration.ofDays(7), S3.clock());
    // X-Amz-Expires above 604800 seconds is invalid (SigV4 query-string auth).
    URI tooLong = URI.create(url.toString().replace("X-Amz-Expires=604800",
        "X-Amz-Expires=604801"));
    RawS3.Response r = S3.raw().plain("GET", tooLong, Map.of(), new byte[0]);
    assertThat(r.status()).as(r.text()).isIn(400, 403);
    assertThat(r.error().complete()).isTrue();
  }
}
