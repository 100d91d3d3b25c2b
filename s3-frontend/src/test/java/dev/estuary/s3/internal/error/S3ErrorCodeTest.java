package dev.estuary.s3.internal.error;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class S3ErrorCodeTest {
  @Test
  void statusesMatchTheReference() {
    // A sample of rows from the S3 API Reference "List of error codes".
    Map<S3ErrorCode, Integer> expected = Map.ofEntries(
        Map.entry(S3ErrorCode.ACCESS_DENIED, 403),
        Map.entry(S3ErrorCode.INVALID_ACCESS_KEY_ID, 403),
        Map.entry(S3ErrorCode.SIGNATURE_DOES_NOT_MATCH, 403),
        Map.entry(S3ErrorCode.REQUEST_TIME_TOO_SKEWED, 403),
        Map.entry(S3ErrorCode.AUTHORIZATION_HEADER_MALFORMED, 400),
        Map.entry(S3ErrorCode.AUTHORIZATION_QUERY_PARAMETERS_ERROR, 400),
        Map.entry(S3ErrorCode.X_AMZ_CONTENT_SHA256_MISMATCH, 400),
        Map.entry(S3ErrorCode.BAD_DIGEST, 400),
        Map.entry(S3ErrorCode.MALFORMED_XML, 400),
        Map.entry(S3ErrorCode.NO_SUCH_UPLOAD, 404),
        Map.entry(S3ErrorCode.NO_SUCH_KEY, 404),
        Map.entry(S3ErrorCode.BUCKET_NOT_EMPTY, 409),
        Map.entry(S3ErrorCode.PRECONDITION_FAILED, 412),
        Map.entry(S3ErrorCode.NOT_MODIFIED, 304),
        Map.entry(S3ErrorCode.INVALID_RANGE, 416),
        Map.entry(S3ErrorCode.METHOD_NOT_ALLOWED, 405),
        Map.entry(S3ErrorCode.MISSING_CONTENT_LENGTH, 411),
        Map.entry(S3ErrorCode.NOT_IMPLEMENTED, 501),
        Map.entry(S3ErrorCode.INTERNAL_ERROR, 500),
        Map.entry(S3ErrorCode.SLOW_DOWN, 503));
    expected.forEach((c, s) -> assertThat(c.httpStatus()).as(c.code()).isEqualTo(s));
    assertThat(S3ErrorCode.REQUEST_EXPIRED.code()).isEqualTo("AccessDenied");
    assertThat(S3ErrorCode.REQUEST_EXPIRED.defaultMessage()).isEqualTo("Request has expired");
  }

  @Test
  void everyCodeIsAWireIdentifierAndSharedCodesShareTheStatus() {
    Map<String, Integer> statusByCode = new HashMap<>();
    for (S3ErrorCode c : S3ErrorCode.values()) {
      assertThat(c.code()).matches("[A-Z][A-Za-z0-9]+");
      assertThat(c.defaultMessage()).isNotBlank();
      Integer prior = statusByCode.putIfAbsent(c.code(), c.httpStatus());
      assertThat(prior == null || prior == c.httpStatus()).as(c.name()).isTrue();
    }
    // No two constants are the same answer.
    assertThat(Arrays.stream(S3ErrorCode.values()).map(c -> c.code() + "|" + c.defaultMessage()).distinct())
        .hasSize(S3ErrorCode.values().length);
  }

  @Test
  void exceptionIsImmutableAndCarriesDetails() {
    S3Exception e = S3ErrorCode.NO_SUCH_KEY.exception();
    S3Exception e2 = e.withDetail("Key", "a/b").withResource("/b/a/b");
    assertThat(e.details()).isEmpty();
    assertThat(e.resource()).isEmpty();
    assertThat(e2.details()).containsExactly(new S3Exception.Detail("Key", "a/b"));
    assertThat(e2.resource()).contains("/b/a/b");
    assertThat(e2.getMessage()).isEqualTo("The specified key does not exist.");
    assertThat(e2.getStackTrace()).isEmpty();
    assertThatThrownBy(() -> e.withDetail("a b", "x")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'a b'");
  }
}
