package dev.estuary.s3.internal.auth;

import static dev.estuary.s3.internal.auth.AwsExamples.AMZ_DATE;
import static dev.estuary.s3.internal.auth.AwsExamples.TIME;
import static dev.estuary.s3.internal.auth.AwsExamples.authenticator;
import static dev.estuary.s3.internal.auth.AwsExamples.authorization;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.estuary.s3.internal.error.S3ErrorCode;
import dev.estuary.s3.internal.error.S3Exception;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** The S3 API Reference's SigV4 examples, and each way a signature can be refused. */
class SigV4AuthenticatorTest {
  private static final String EMPTY = SigV4.EMPTY_SHA256;
  private static final String PRESIGNED_QUERY = "X-Amz-Algorithm=AWS4-HMAC-SHA256"
      + "&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request"
      + "&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host"
      + "&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404";

  private static SigV4Request getObject(String signature) {
    return new SigV4Request("GET", "/test.txt", "", Map.of(
        "host", List.of("examplebucket.s3.amazonaws.com"),
        "range", List.of("bytes=0-9"),
        "x-amz-content-sha256", List.of(EMPTY),
        "x-amz-date", List.of(AMZ_DATE),
        "authorization", List.of(authorization("host;range;x-amz-content-sha256;x-amz-date", signature))));
  }

  private static final String GET_OBJECT_SIG = "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41";

  @Test
  void getObjectExample() {
    Authentication a = authenticator(TIME).authenticate(getObject(GET_OBJECT_SIG));
    assertThat(a.principal().name()).isEqualTo("example");
    assertThat(a.accessKeyId()).isEqualTo(AwsExamples.AKID);
    assertThat(a.payloadMode()).isEqualTo(PayloadMode.SIGNED);
    assertThat(a.payloadSha256()).contains(EMPTY);
    assertThat(a.presigned()).isFalse();
    assertThat(a.chunkSigning()).isEmpty();
    assertThat(a.requestTime()).isEqualTo(TIME);
    a.verifyPayloadSha256(SigV4.sha256().digest());
    assertCode(() -> a.verifyPayloadSha256(SigV4.sha256().digest(new byte[1])), S3ErrorCode.X_AMZ_CONTENT_SHA256_MISMATCH);
  }

  @Test
  void putObjectExampleWithDateHeaderAndEncodedPath() {
    SigV4Request r = new SigV4Request("PUT", "/test%24file.text", "", Map.of(
        "host", List.of("examplebucket.s3.amazonaws.com"),
        "date", List.of("Fri, 24 May 2013 00:00:00 GMT"),
        "x-amz-date", List.of(AMZ_DATE),
        "x-amz-storage-class", List.of("REDUCED_REDUNDANCY"),
        "x-amz-content-sha256", List.of("44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072"),
        "authorization", List.of(authorization("date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class",
            "98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd"))));
    Authentication a = authenticator(TIME).authenticate(r);
    assertThat(a.payloadSha256()).contains("44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072");
    // The same key sent with '$' unencoded canonicalises identically.
    authenticator(TIME).authenticate(new SigV4Request("PUT", "/test$file.text", "", r.headers()));
  }

  @Test
  void bucketSubresourceAndListExamples() {
    Map<String, List<String>> h = new HashMap<>(Map.of(
        "host", List.of("examplebucket.s3.amazonaws.com"),
        "x-amz-content-sha256", List.of(EMPTY),
        "x-amz-date", List.of(AMZ_DATE)));
    h.put("authorization", List.of(authorization("host;x-amz-content-sha256;x-amz-date",
        "fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543")));
    authenticator(TIME).authenticate(new SigV4Request("GET", "/", "lifecycle", h));
    h.put("authorization", List.of(authorization("host;x-amz-content-sha256;x-amz-date",
        "34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7")));
    authenticator(TIME).authenticate(new SigV4Request("GET", "/", "max-keys=2&prefix=J", h));
    // Query order on the wire does not matter; the canonical query is sorted.
    authenticator(TIME).authenticate(new SigV4Request("GET", "/", "prefix=J&max-keys=2", h));
  }

  @Test
  void unsignedAmzHeaderNextToASignedRequestIsAccessDenied() {
    // The AWS GetObject example, correctly signed, plus headers the signature does not cover.
    Map<String, List<String>> h = new HashMap<>(getObject(GET_OBJECT_SIG).headers());
    h.put("x-amz-meta-added", List.of("1"));
    h.put("x-amz-copy-source", List.of("/bucket/secret"));
    assertCode(() -> authenticator(TIME).authenticate(new SigV4Request("GET", "/test.txt", "", h)),
        S3ErrorCode.ACCESS_DENIED)
        .satisfies(e -> assertThat(e.getMessage())
            .isEqualTo("There were headers present in the request which were not signed"))
        .satisfies(e -> assertThat(e.details()).contains(
            new S3Exception.Detail("HeadersNotSigned", "x-amz-copy-source, x-amz-meta-added")));
    // x-amz-date and x-amz-content-sha256 must be signed too in the header form.
    Map<String, List<String>> dateUnsigned = new HashMap<>(getObject(GET_OBJECT_SIG).headers());
    dateUnsigned.put("authorization", List.of(authorization("host;range;x-amz-content-sha256",
        GET_OBJECT_SIG)));
    assertCode(() -> authenticator(TIME).authenticate(
        new SigV4Request("GET", "/test.txt", "", dateUnsigned)), S3ErrorCode.ACCESS_DENIED)
        .satisfies(e -> assertThat(e.details()).contains(
            new S3Exception.Detail("HeadersNotSigned", "x-amz-date")));
    // Headers that are not x-amz-* may stay unsigned (user-agent, expect, x-amzn-trace-id).
    Map<String, List<String>> other = new HashMap<>(getObject(GET_OBJECT_SIG).headers());
    other.put("user-agent", List.of("test"));
    other.put("x-amzn-trace-id", List.of("Root=1"));
    authenticator(TIME).authenticate(new SigV4Request("GET", "/test.txt", "", other));
  }

  @Test
  void unsignedAmzHeaderNextToAPresignedUrlIsAccessDenied() {
    Map<String, List<String>> h = new HashMap<>(
        Map.of("host", List.of("examplebucket.s3.amazonaws.com")));
    h.put("x-amz-copy-source", List.of("/examplebucket/secret.txt"));
    assertCode(() -> authenticator(TIME.plusSeconds(60)).authenticate(
        new SigV4Request("GET", "/test.txt", PRESIGNED_QUERY, h)), S3ErrorCode.ACCESS_DENIED)
        .satisfies(e -> assertThat(e.details()).contains(
            new S3Exception.Detail("HeadersNotSigned", "x-amz-copy-source")));
    // The payload hash header is part of the canonical request: the signature covers its value.
    Map<String, List<String>> sha = new HashMap<>(
        Map.of("host", List.of("examplebucket.s3.amazonaws.com")));
    sha.put("x-amz-content-sha256", List.of("UNSIGNED-PAYLOAD"));
    authenticator(TIME.plusSeconds(60)).authenticate(
        new SigV4Request("GET", "/test.txt", PRESIGNED_QUERY, sha));
    sha.put("x-amz-content-sha256", List.of(EMPTY));
    assertCode(() -> authenticator(TIME.plusSeconds(60)).authenticate(
        new SigV4Request("GET", "/test.txt", PRESIGNED_QUERY, sha)),
        S3ErrorCode.SIGNATURE_DOES_NOT_MATCH);
  }

  @Test
  void repeatedPresignParametersAreRefused() {
    Map<String, List<String>> h = Map.of("host", List.of("examplebucket.s3.amazonaws.com"));
    for (String extra : List.of("&X-Amz-Expires=604800", "&X-Amz-Date=20130525T000000Z",
        "&X-Amz-Signature=00", "&X-Amz-Credential=OTHER%2F20130524%2Fus-east-1%2Fs3%2Faws4_request",
        "&X-Amz-SignedHeaders=host%3Bx-amz-meta-a", "&X-Amz-Algorithm=AWS4-HMAC-SHA256",
        "&X-Amz-Content-Sha256=UNSIGNED-PAYLOAD&X-Amz-Content-Sha256=x")) {
      assertCode(() -> authenticator(TIME.plusSeconds(60)).authenticate(
          new SigV4Request("GET", "/test.txt", PRESIGNED_QUERY + extra, h)),
          S3ErrorCode.AUTHORIZATION_QUERY_PARAMETERS_ERROR)
          .satisfies(e -> assertThat(e.getMessage()).contains("(expected: at most one)"));
    }
  }

  @Test
  void repeatedAuthenticationHeadersAreInvalidArgument() {
    for (String name : List.of("authorization", "x-amz-date", "x-amz-content-sha256")) {
      Map<String, List<String>> h = new HashMap<>(getObject(GET_OBJECT_SIG).headers());
      List<String> twice = List.of(h.get(name).getFirst(), h.get(name).getFirst());
      h.put(name, twice);
      assertCode(() -> authenticator(TIME).authenticate(new SigV4Request("GET", "/test.txt", "", h)),
          S3ErrorCode.INVALID_ARGUMENT)
          .satisfies(e -> assertThat(e.details()).contains(
              new S3Exception.Detail("ArgumentName", name)));
    }
  }

  @Test
  void presignedExample() {
    SigV4Request r = new SigV4Request("GET", "/test.txt", PRESIGNED_QUERY,
        Map.of("host", List.of("examplebucket.s3.amazonaws.com")));
    Authentication a = authenticator(TIME.plusSeconds(86_400)).authenticate(r);
    assertThat(a.presigned()).isTrue();
    assertThat(a.payloadMode()).isEqualTo(PayloadMode.UNSIGNED_PAYLOAD);
    assertThat(SigV4Authenticator.hasCredentials(r)).isTrue();

    assertCode(() -> authenticator(TIME.plusSeconds(86_401)).authenticate(r), S3ErrorCode.REQUEST_EXPIRED)
        .satisfies(e -> assertThat(e.details()).contains(new S3Exception.Detail("X-Amz-Expires", "86400")));
    assertCode(() -> authenticator(TIME.minus(Duration.ofMinutes(16))).authenticate(r),
        S3ErrorCode.REQUEST_NOT_YET_VALID);
    assertCode(() -> authenticator(TIME).authenticate(new SigV4Request("GET", "/test2.txt", PRESIGNED_QUERY, r.headers())),
        S3ErrorCode.SIGNATURE_DOES_NOT_MATCH);
    assertCode(() -> authenticator(TIME).authenticate(new SigV4Request("GET", "/test.txt",
        PRESIGNED_QUERY.replace("Expires=86400", "Expires=604801"), r.headers())),
        S3ErrorCode.ACCESS_DENIED);
    assertCode(() -> authenticator(TIME).authenticate(new SigV4Request("GET", "/test.txt",
        PRESIGNED_QUERY.replace("Expires=86400", "Expires=0"), r.headers())),
        S3ErrorCode.REQUEST_EXPIRED);
    assertCode(() -> authenticator(TIME).authenticate(new SigV4Request("GET", "/test.txt",
        PRESIGNED_QUERY.replace("Expires=86400", "Expires=-7"), r.headers())),
        S3ErrorCode.REQUEST_EXPIRED);
    assertCode(() -> authenticator(TIME).authenticate(new SigV4Request("GET", "/test.txt",
        PRESIGNED_QUERY.replace("Expires=86400", "Expires=soon"), r.headers())),
        S3ErrorCode.AUTHORIZATION_QUERY_PARAMETERS_ERROR);
    assertCode(() -> authenticator(TIME).authenticate(new SigV4Request("GET", "/test.txt",
        PRESIGNED_QUERY.replace("&X-Amz-Date=20130524T000000Z", ""), r.headers())),
        S3ErrorCode.AUTHORIZATION_QUERY_PARAMETERS_ERROR);
    assertCode(() -> authenticator(TIME).authenticate(new SigV4Request("GET", "/test.txt",
        PRESIGNED_QUERY.replace("HMAC-SHA256", "HMAC-SHA1"), r.headers())),
        S3ErrorCode.AUTHORIZATION_QUERY_PARAMETERS_ERROR);
    assertCode(() -> authenticator(TIME).authenticate(new SigV4Request("GET", "/test.txt",
        PRESIGNED_QUERY, Map.of("host", List.of("examplebucket.s3.amazonaws.com"),
            "authorization", List.of(authorization("host", GET_OBJECT_SIG))))),
        S3ErrorCode.INVALID_ARGUMENT);
  }

  @Test
  void chunkedUploadExampleSeed() {
    Authentication a = authenticator(TIME).authenticate(AwsExamples.chunkedRequest());
    assertThat(a.payloadMode()).isEqualTo(PayloadMode.STREAMING_SIGNED);
    assertThat(a.decodedContentLength()).hasValue(66560);
    assertThat(a.chunkSigning()).get().extracting(ChunkSigningContext::seedSignature)
        .isEqualTo(AwsExamples.CHUNKED_SEED);
    assertThat(a.newChunkedDecoder(1 << 20)).isPresent();
  }

  @Test
  void trailerExampleSeed() {
    Authentication a = authenticator(TIME).authenticate(AwsExamples.trailerRequest());
    assertThat(a.payloadMode()).isEqualTo(PayloadMode.STREAMING_SIGNED_TRAILER);
    assertThat(a.trailerNames()).containsExactly("x-amz-checksum-crc32c");
  }

  @Test
  void refusals() {
    assertCode(() -> authenticator(TIME).authenticate(getObject(GET_OBJECT_SIG.replace('f', 'e'))),
        S3ErrorCode.SIGNATURE_DOES_NOT_MATCH)
        .satisfies(e -> assertThat(e.details()).extracting(S3Exception.Detail::name)
            .contains("AWSAccessKeyId", "StringToSign", "SignatureProvided", "CanonicalRequest"));
    // A signed header changed in transit.
    SigV4Request good = getObject(GET_OBJECT_SIG);
    Map<String, List<String>> h = new HashMap<>(good.headers());
    h.put("range", List.of("bytes=0-10"));
    assertCode(() -> authenticator(TIME).authenticate(new SigV4Request("GET", "/test.txt", "", h)),
        S3ErrorCode.SIGNATURE_DOES_NOT_MATCH);
    // Unsigned headers other than x-amz-* may be added.
    h.put("range", List.of("bytes=0-9"));
    h.put("user-agent", List.of("x"));
    authenticator(TIME).authenticate(new SigV4Request("GET", "/test.txt", "", h));

    assertCode(() -> authenticator(TIME.plus(Duration.ofMinutes(16))).authenticate(good),
        S3ErrorCode.REQUEST_TIME_TOO_SKEWED);
    // A stale x-amz-date is reported as skew, before its mismatch with the credential date.
    Map<String, List<String>> stale = new HashMap<>(good.headers());
    stale.put("x-amz-date", List.of("20100707T215304Z"));
    assertCode(() -> authenticator(TIME).authenticate(new SigV4Request("GET", "/test.txt", "", stale)),
        S3ErrorCode.REQUEST_TIME_TOO_SKEWED);
    stale.put("x-amz-date", List.of("19500707T215304Z"));
    assertCode(() -> authenticator(TIME).authenticate(new SigV4Request("GET", "/test.txt", "", stale)),
        S3ErrorCode.ACCESS_DENIED);
    stale.put("x-amz-date", List.of("Bad Date"));
    assertCode(() -> authenticator(TIME).authenticate(new SigV4Request("GET", "/test.txt", "", stale)),
        S3ErrorCode.ACCESS_DENIED);
    stale.put("x-amz-date", List.of("20130524T000000Z"));
    stale.put("date", List.of("Bad Date"));
    authenticator(TIME).authenticate(new SigV4Request("GET", "/test.txt", "", stale));
    authenticator(TIME.plus(Duration.ofMinutes(14))).authenticate(good);

    h.put("authorization", List.of(good.header("authorization").orElseThrow().replace("AKIAIOSFODNN7EXAMPLE", "NOSUCHKEY")));
    assertCode(() -> authenticator(TIME).authenticate(new SigV4Request("GET", "/test.txt", "", h)),
        S3ErrorCode.INVALID_ACCESS_KEY_ID);
    h.put("authorization", List.of("AWS4-HMAC-SHA256 Credential=AKIAIGR7ZNNBHC5BKSUB/20150930/us-east-1/s3/aws4_request,"
        + "SignedHeaders=host;user-agent,Signature=" + GET_OBJECT_SIG));
    assertCode(() -> authenticator(TIME).authenticate(new SigV4Request("GET", "/test.txt", "", h)),
        S3ErrorCode.INVALID_ACCESS_KEY_ID);
    h.put("authorization", List.of("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3, SignedHeaders=host, Signature=00"));
    assertCode(() -> authenticator(TIME).authenticate(new SigV4Request("GET", "/test.txt", "", h)),
        S3ErrorCode.AUTHORIZATION_HEADER_MALFORMED);
    h.put("authorization", List.of(authorization("range;x-amz-content-sha256;x-amz-date", GET_OBJECT_SIG)));
    assertCode(() -> authenticator(TIME).authenticate(new SigV4Request("GET", "/test.txt", "", h)),
        S3ErrorCode.AUTHORIZATION_HEADER_MALFORMED);
    h.put("authorization", List.of("AWS AKIAIOSFODNN7EXAMPLE:frJIUN8DYpKDtOLCwo//yllqDzg="));
    assertCode(() -> authenticator(TIME).authenticate(new SigV4Request("GET", "/test.txt", "", h)),
        S3ErrorCode.INVALID_REQUEST);
    h.put("authorization", List.of(""));
    assertCode(() -> authenticator(TIME).authenticate(new SigV4Request("GET", "/test.txt", "", h)),
        S3ErrorCode.ACCESS_DENIED);
    h.remove("authorization");
    assertCode(() -> authenticator(TIME).authenticate(new SigV4Request("GET", "/test.txt", "", h)),
        S3ErrorCode.ACCESS_DENIED);
    assertThat(SigV4Authenticator.hasCredentials(new SigV4Request("GET", "/test.txt", "", h))).isFalse();

    h.put("authorization", good.headerValues("authorization"));
    h.put("x-amz-content-sha256", List.of("STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD"));
    assertCode(() -> authenticator(TIME).authenticate(new SigV4Request("GET", "/test.txt", "", h)),
        S3ErrorCode.NOT_IMPLEMENTED);
    h.put("x-amz-content-sha256", List.of("nonsense"));
    assertCode(() -> authenticator(TIME).authenticate(new SigV4Request("GET", "/test.txt", "", h)),
        S3ErrorCode.INVALID_ARGUMENT);
    h.remove("x-amz-content-sha256");
    assertCode(() -> authenticator(TIME).authenticate(new SigV4Request("GET", "/test.txt", "", h)),
        S3ErrorCode.INVALID_REQUEST);
  }

  @Test
  void regionAndServiceChecks() {
    var eu = new SigV4Authenticator(AwsExamples::lookup, Clock.fixed(TIME, ZoneOffset.UTC),
        new SigV4Authenticator.Config(Duration.ofMinutes(15), "eu-west-1", "s3"));
    assertCode(() -> eu.authenticate(getObject(GET_OBJECT_SIG)), S3ErrorCode.AUTHORIZATION_HEADER_MALFORMED)
        .satisfies(e -> assertThat(e.details()).contains(new S3Exception.Detail("Region", "eu-west-1")));
    var us = new SigV4Authenticator(AwsExamples::lookup, Clock.fixed(TIME, ZoneOffset.UTC),
        new SigV4Authenticator.Config(Duration.ofMinutes(15), "us-east-1", "s3"));
    us.authenticate(getObject(GET_OBJECT_SIG));
    var other = new SigV4Authenticator(AwsExamples::lookup, Clock.fixed(TIME, ZoneOffset.UTC),
        new SigV4Authenticator.Config(Duration.ofMinutes(15), null, "s3-other"));
    assertCode(() -> other.authenticate(getObject(GET_OBJECT_SIG)), S3ErrorCode.AUTHORIZATION_HEADER_MALFORMED);
  }

  static org.assertj.core.api.ObjectAssert<S3Exception> assertCode(ThrowingCallable call, S3ErrorCode code) {
    return dev.estuary.s3.internal.error.S3Assertions.assertCode(call, code);
  }

}
