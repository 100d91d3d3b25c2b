package dev.estuary.s3.internal.auth;

import static dev.estuary.s3.internal.auth.SigV4AuthenticatorTest.assertCode;
import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.s3.internal.error.S3ErrorCode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * SigV2 against the worked examples of the S3 guide "Signing and Authenticating REST Requests"
 * (bucket johnsmith, key AKIAIOSFODNN7EXAMPLE): the GET and PUT of photos/puppy.jpg by header,
 * the same GET as a presigned URL, virtual-host and path-style resources, and each refusal.
 */
class SigV2AuthenticatorTest {
  private static final Instant GET_TIME = Instant.parse("2007-03-27T19:36:42Z");
  private static final String GET_DATE = "Tue, 27 Mar 2007 19:36:42 +0000";

  private static SigV2Authenticator at(Instant now) {
    return new SigV2Authenticator(AwsExamples::lookup, Clock.fixed(now, ZoneOffset.UTC),
        Duration.ofMinutes(15));
  }

  private static Map<String, List<String>> headers(String... kv) {
    Map<String, List<String>> h = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      h.put(kv[i], List.of(kv[i + 1]));
    }
    return h;
  }

  @Test
  void guideExamplesVerifyVirtualHostAndPathStyle() {
    var get = new SigV4Request("GET", "/photos/puppy.jpg", "", headers(
        "host", "johnsmith.s3.amazonaws.com", "date", GET_DATE,
        "authorization", "AWS AKIAIOSFODNN7EXAMPLE:bWq2s1WEIj+Ydj0vQ697zp+IXMU="));
    assertThat(SigV2Authenticator.isSigV2(get)).isTrue();
    Authentication a = at(GET_TIME).authenticate(get, "johnsmith");
    assertThat(a.principal()).isEqualTo(AwsExamples.PRINCIPAL);
    assertThat(a.presigned()).isFalse();
    assertThat(a.payloadMode()).isEqualTo(PayloadMode.UNSIGNED_PAYLOAD);
    // The same signature path-style: the bucket is in the path instead.
    var pathStyle = new SigV4Request("GET", "/johnsmith/photos/puppy.jpg", "", get.headers());
    assertThat(at(GET_TIME).authenticate(pathStyle, null).accessKeyId())
        .isEqualTo("AKIAIOSFODNN7EXAMPLE");

    var put = new SigV4Request("PUT", "/photos/puppy.jpg", "", headers(
        "host", "johnsmith.s3.amazonaws.com", "date", "Tue, 27 Mar 2007 21:15:45 +0000",
        "content-type", "image/jpeg", "content-length", "94328",
        "authorization", "AWS AKIAIOSFODNN7EXAMPLE:MyyxeRY7whkBe+bq8fHCL/2kKUg="));
    at(Instant.parse("2007-03-27T21:15:45Z")).authenticate(put, "johnsmith");
  }

  @Test
  void presignedGuideExampleAndExpiry() {
    var url = new SigV4Request("GET", "/photos/puppy.jpg",
        "AWSAccessKeyId=AKIAIOSFODNN7EXAMPLE&Signature=NpgCjnDzrM%2BWFzoENXmpNDUsSn8%3D&Expires=1175139620",
        headers("host", "johnsmith.s3.amazonaws.com"));
    assertThat(SigV2Authenticator.isSigV2(url)).isTrue();
    assertThat(at(Instant.ofEpochSecond(1175139620)).authenticate(url, "johnsmith").presigned())
        .isTrue();
    assertCode(() -> at(Instant.ofEpochSecond(1175139621)).authenticate(url, "johnsmith"),
        S3ErrorCode.REQUEST_EXPIRED)
        .satisfies(e -> assertThat(e.getMessage()).contains("Request has expired"));
    // Presigned URLs are not subject to the clock skew of the Date header: hours before is fine.
    at(Instant.ofEpochSecond(1175139620 - 7200)).authenticate(url, "johnsmith");
    var tampered = new SigV4Request("GET", "/photos/kitten.jpg", url.rawQuery(), url.headers());
    assertCode(() -> at(Instant.ofEpochSecond(1175139600)).authenticate(tampered, "johnsmith"),
        S3ErrorCode.SIGNATURE_DOES_NOT_MATCH);
    var missing = new SigV4Request("GET", "/photos/puppy.jpg",
        "AWSAccessKeyId=AKIAIOSFODNN7EXAMPLE&Signature=NpgCjnDzrM%2BWFzoENXmpNDUsSn8%3D",
        url.headers());
    assertCode(() -> at(GET_TIME).authenticate(missing, "johnsmith"), S3ErrorCode.ACCESS_DENIED);
    var badExpires = new SigV4Request("GET", "/photos/puppy.jpg",
        "AWSAccessKeyId=AKIAIOSFODNN7EXAMPLE&Signature=x&Expires=tomorrow", url.headers());
    assertCode(() -> at(GET_TIME).authenticate(badExpires, "johnsmith"), S3ErrorCode.ACCESS_DENIED)
        .satisfies(e -> assertThat(e.getMessage()).contains("tomorrow"));
    var amzInQuery = new SigV4Request("PUT", "/photos/puppy.jpg",
        url.rawQuery() + "&x-amz-meta-a=b", url.headers());
    assertCode(() -> at(GET_TIME).authenticate(amzInQuery, "johnsmith"), S3ErrorCode.NOT_IMPLEMENTED);
  }

  @Test
  void refusalsNameWhatIsWrong() {
    Map<String, List<String>> h = headers("host", "johnsmith.s3.amazonaws.com", "date", GET_DATE,
        "authorization", "AWS AKIAIOSFODNN7EXAMPLE:bWq2s1WEIj+Ydj0vQ697zp+IXMU=");
    var ok = new SigV4Request("GET", "/photos/puppy.jpg", "", h);
    // Skew: 15 minutes either way.
    at(GET_TIME.plusSeconds(900)).authenticate(ok, "johnsmith");
    assertCode(() -> at(GET_TIME.plusSeconds(901)).authenticate(ok, "johnsmith"),
        S3ErrorCode.REQUEST_TIME_TOO_SKEWED);
    // x-amz-date replaces Date; before 1970 it is invalid, not skewed; far ahead it is skewed.
    Map<String, List<String>> dated = new HashMap<>(h);
    dated.put("x-amz-date", List.of("Tue, 07 Jul 1950 21:53:04 GMT"));
    assertCode(() -> at(GET_TIME).authenticate(new SigV4Request("GET", "/photos/puppy.jpg", "",
        dated), "johnsmith"), S3ErrorCode.ACCESS_DENIED)
        .satisfies(e -> assertThat(e.getMessage()).contains("1950"));
    // 7 July 2010 was a Wednesday: the day name is not checked, the date is merely old.
    dated.put("x-amz-date", List.of("Tue, 07 Jul 2010 21:53:04 GMT"));
    assertCode(() -> at(GET_TIME).authenticate(new SigV4Request("GET", "/photos/puppy.jpg", "",
        dated), "johnsmith"), S3ErrorCode.REQUEST_TIME_TOO_SKEWED);
    dated.put("x-amz-date", List.of("Tue, 07 Jul 9999 21:53:04 GMT"));
    assertCode(() -> at(GET_TIME).authenticate(new SigV4Request("GET", "/photos/puppy.jpg", "",
        dated), "johnsmith"), S3ErrorCode.REQUEST_TIME_TOO_SKEWED);
    dated.put("x-amz-date", List.of(""));
    assertCode(() -> at(GET_TIME).authenticate(new SigV4Request("GET", "/photos/puppy.jpg", "",
        dated), "johnsmith"), S3ErrorCode.ACCESS_DENIED);
    // Wrong signature: the StringToSign is in the error so the client can compare.
    h.put("authorization", List.of("AWS AKIAIOSFODNN7EXAMPLE:AAAAs1WEIj+Ydj0vQ697zp+IXMU="));
    assertCode(() -> at(GET_TIME).authenticate(new SigV4Request("GET", "/photos/puppy.jpg", "", h),
        "johnsmith"), S3ErrorCode.SIGNATURE_DOES_NOT_MATCH)
        .satisfies(e -> assertThat(e.details().toString())
            .contains("GET\\n\\n\\n" .replace("\\n", "\n") + GET_DATE + "\n/johnsmith/photos/puppy.jpg")
            .contains("StringToSignBytes"));
    h.put("authorization", List.of("AWS NOSUCHKEY:bWq2s1WEIj+Ydj0vQ697zp+IXMU="));
    assertCode(() -> at(GET_TIME).authenticate(new SigV4Request("GET", "/photos/puppy.jpg", "", h),
        "johnsmith"), S3ErrorCode.INVALID_ACCESS_KEY_ID);
    h.put("authorization", List.of("AWS AKIAIOSFODNN7EXAMPLE"));
    assertCode(() -> at(GET_TIME).authenticate(new SigV4Request("GET", "/photos/puppy.jpg", "", h),
        "johnsmith"), S3ErrorCode.INVALID_ARGUMENT);
    h.put("authorization", List.of("AWS AKIAIOSFODNN7EXAMPLE:bWq2s1WEIj+Ydj0vQ697zp+IXMU="));
    h.remove("date");
    assertCode(() -> at(GET_TIME).authenticate(new SigV4Request("GET", "/photos/puppy.jpg", "", h),
        "johnsmith"), S3ErrorCode.ACCESS_DENIED)
        .satisfies(e -> assertThat(e.getMessage()).contains("Date or x-amz-date"));
    h.put("date", List.of("yesterday"));
    assertCode(() -> at(GET_TIME).authenticate(new SigV4Request("GET", "/photos/puppy.jpg", "", h),
        "johnsmith"), S3ErrorCode.ACCESS_DENIED)
        .satisfies(e -> assertThat(e.getMessage()).contains("yesterday"));
    // Header and query signatures at once.
    h.put("date", List.of(GET_DATE));
    assertCode(() -> at(GET_TIME).authenticate(new SigV4Request("GET", "/photos/puppy.jpg",
        "Signature=abc", h), "johnsmith"), S3ErrorCode.INVALID_ARGUMENT)
        .satisfies(e -> assertThat(e.getMessage()).contains("Only one auth mechanism"));
    // The SigV4 streaming forms need SigV4 chunk signatures.
    h.put("x-amz-content-sha256", List.of("STREAMING-AWS4-HMAC-SHA256-PAYLOAD"));
    assertCode(() -> at(GET_TIME).authenticate(new SigV4Request("GET", "/photos/puppy.jpg", "", h),
        "johnsmith"), S3ErrorCode.INVALID_REQUEST);
  }

  @Test
  void amzHeadersAndSubResourcesAreCanonicalised() {
    // x-amz-date replaces Date (the Date line is then empty); x-amz-* sorted, repeated values
    // joined with ',', folded white space made one space; sub-resources sorted, values decoded,
    // other parameters left out.
    Map<String, List<String>> amz = new HashMap<>();
    amz.put("x-amz-meta-b", List.of("two", "  three\r\n   lines "));
    amz.put("x-amz-date", List.of(GET_DATE));
    String sts = SigV2.stringToSign("PUT", "", "text/plain", "", amz,
        SigV2.canonicalResource(null, "/b/k%20ey",
            "versionId=v%2B1&prefix=x&acl&response-content-type=text%2Fplain"));
    assertThat(sts).isEqualTo("PUT\n\ntext/plain\n\nx-amz-date:" + GET_DATE
        + "\nx-amz-meta-b:two,three lines\n/b/k%20ey?acl&response-content-type=text/plain&versionId=v+1");
    Map<String, List<String>> h = new HashMap<>(amz);
    h.put("content-type", List.of("text/plain"));
    h.put("authorization", List.of("AWS AKIAIOSFODNN7EXAMPLE:"
        + SigV2.sign(AwsExamples.SECRET, sts)));
    at(GET_TIME).authenticate(new SigV4Request("PUT", "/b/k%20ey",
        "versionId=v%2B1&prefix=x&acl&response-content-type=text%2Fplain", h), null);
    // An x-amz header added after signing breaks the signature (every x-amz-* is signed in V2).
    h.put("x-amz-meta-c", List.of("sneaked"));
    assertCode(() -> at(GET_TIME).authenticate(new SigV4Request("PUT", "/b/k%20ey",
        "versionId=v%2B1&prefix=x&acl&response-content-type=text%2Fplain", h), null),
        S3ErrorCode.SIGNATURE_DOES_NOT_MATCH);
  }
}
