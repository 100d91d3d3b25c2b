package dev.estuary.s3.errors;

import static dev.estuary.s3.testing.S3Errors.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.estuary.s3.testing.Leftovers;
import dev.estuary.s3.testing.S3TestServer;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Conflicting conditional headers, resolved as the S3 API reference documents for GetObject and
 * CopyObject (following RFC 9110 §13.2.2): If-Match wins over a false If-Unmodified-Since;
 * a false If-None-Match wins over a true If-Modified-Since.
 */
class ConditionalErrorsTest {
  @RegisterExtension static final S3TestServer S3 = new S3TestServer();

  static String bucket;
  static String etag;
  static Instant modified;
  static final String OTHER = "\"0123456789abcdef0123456789abcdef\"";

  @BeforeAll
  static void put() {
    bucket = S3.createBucket("cond");
    S3.client().putObject(b -> b.bucket(bucket).key("k"), RequestBody.fromString("content"));
    HeadObjectResponse h = S3.client().headObject(b -> b.bucket(bucket).key("k"));
    etag = h.eTag();
    modified = h.lastModified();
  }

  @Test
  void ifMatchTrueAndIfUnmodifiedSinceFalseReturnsTheObject() {
    assertThat(S3.client().getObjectAsBytes(b -> b.bucket(bucket).key("k").ifMatch(etag)
        .ifUnmodifiedSince(modified.minus(Duration.ofDays(1)))).asUtf8String())
        .isEqualTo("content");
  }

  @Test
  void ifNoneMatchFalseAndIfModifiedSinceTrueIsNotModified() {
    Throwable t = catchThrowable(() -> S3.client().getObjectAsBytes(b -> b.bucket(bucket).key("k")
        .ifNoneMatch(etag).ifModifiedSince(modified.minus(Duration.ofDays(1)))));
    assertThat(t).isInstanceOfSatisfying(S3Exception.class,
        e -> assertThat(e.statusCode()).isEqualTo(304));
  }

  @Test
  void ifMatchFalseWinsOverEverythingElse() {
    assertError(S3, catchThrowable(() -> S3.client().getObjectAsBytes(b -> b.bucket(bucket)
        .key("k").ifMatch(OTHER).ifNoneMatch(OTHER)
        .ifModifiedSince(modified.minus(Duration.ofDays(1))))), 412, "PreconditionFailed");
  }

  @Test
  void copyWithIfMatchTrueAndIfUnmodifiedSinceFalseCopies() {
    S3.client().copyObject(b -> b.sourceBucket(bucket).sourceKey("k").destinationBucket(bucket)
        .destinationKey("copy1").copySourceIfMatch(etag)
        .copySourceIfUnmodifiedSince(modified.minus(Duration.ofDays(1))));
    assertThat(S3.client().getObjectAsBytes(b -> b.bucket(bucket).key("copy1")).asUtf8String())
        .isEqualTo("content");
  }

  @Test
  void copyWithIfNoneMatchFalseAndIfModifiedSinceTrueFailsAndWritesNothing() {
    Leftovers before = Leftovers.snapshot(S3, bucket);
    assertError(S3, catchThrowable(() -> S3.client().copyObject(b -> b.sourceBucket(bucket)
        .sourceKey("k").destinationBucket(bucket).destinationKey("copy2")
        .copySourceIfNoneMatch(etag)
        .copySourceIfModifiedSince(modified.minus(Duration.ofDays(1))))), 412,
        "PreconditionFailed");
    before.assertUnchanged(S3, "a copy whose conditions fail");
  }

  @Test
  void conditionalPutThatFailsWritesNothing() {
    Leftovers before = Leftovers.snapshot(S3, bucket);
    assertError(S3, catchThrowable(() -> S3.client().putObject(b -> b.bucket(bucket).key("k")
        .ifMatch(OTHER), RequestBody.fromString("replaced"))), 412, "PreconditionFailed");
    assertError(S3, catchThrowable(() -> S3.client().putObject(b -> b.bucket(bucket).key("k")
        .ifNoneMatch("*"), RequestBody.fromString("replaced"))), 412, "PreconditionFailed");
    before.assertUnchanged(S3, "conditional PUTs that fail");
    assertThat(S3.client().getObjectAsBytes(b -> b.bucket(bucket).key("k")).asUtf8String())
        .isEqualTo("content");
  }
}
