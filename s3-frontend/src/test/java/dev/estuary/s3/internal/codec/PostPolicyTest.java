package dev.estuary.s3.internal.codec;

import static dev.estuary.s3.internal.error.S3Assertions.assertCode;
import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.s3.internal.error.S3ErrorCode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The POST policy document: parsing, condition checks, field coverage, the size range. */
class PostPolicyTest {
  private static PostPolicy parse(String json) {
    return PostPolicy.parse(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void parsesEveryConditionForm() {
    PostPolicy p = parse("""
        {"expiration": "2030-01-01T12:00:00.000Z", "conditions": [
          {"Bucket": "b"}, ["EQ", "$ACL", "private"], ["Starts-With", "$Key", "u/"],
          ["content-length-range", 10, 20], ["content-length-range", "0", 15]]}""");
    assertThat(p.expiration()).isEqualTo(Instant.parse("2030-01-01T12:00:00Z"));
    assertThat(p.conditions()).hasSize(5);
    assertThat(p.conditions().get(0)).isEqualTo(
        new PostPolicy.Exact("bucket", "b", "{\"Bucket\":\"b\"}"));
    assertThat(p.conditions().get(2)).isInstanceOf(PostPolicy.StartsWith.class);
    // Every range must hold: their intersection.
    assertThat(p.lengthRange()).containsExactly(10, 15);
    assertThat(parse("{\"expiration\": \"2030-01-01T12:00:00Z\", \"conditions\": []}")
        .lengthRange()).isNull();
  }

  @Test
  void checksConditionsAndCoverage() {
    PostPolicy p = parse("""
        {"expiration": "2030-01-01T12:00:00Z", "conditions": [
          {"bucket": "b"}, ["starts-with", "$key", "u/"], ["starts-with", "$content-type", "image/"],
          ["starts-with", "$x-amz-meta-tag", ""]]}""");
    Set<String> exempt = Set.of("policy", "signature", "awsaccesskeyid");
    p.check(Map.of("bucket", "b", "key", "u/1", "content-type", "image/png, image/gif",
        "policy", "x", "signature", "y", "awsaccesskeyid", "z", "x-ignore-me", "1"), exempt);
    // Each comma-separated Content-Type must start with the prefix.
    assertCode(() -> p.check(Map.of("bucket", "b", "key", "u/1",
        "content-type", "image/png, text/html"), exempt), S3ErrorCode.ACCESS_DENIED)
        .satisfies(e -> assertThat(e.getMessage()).contains("$content-type"));
    assertCode(() -> p.check(Map.of("bucket", "c", "key", "u/1", "content-type", "image/png"),
        exempt), S3ErrorCode.ACCESS_DENIED);
    assertCode(() -> p.check(Map.of("bucket", "b", "key", "u/1", "content-type", "image/png",
        "cache-control", "no-cache"), exempt), S3ErrorCode.ACCESS_DENIED)
        .satisfies(e -> assertThat(e.getMessage()).endsWith("Extra input fields: cache-control"));
  }

  @Test
  void refusesMalformedDocuments() {
    for (String bad : new String[] {
        "[]", "{\"expiration\": 5, \"conditions\": []}",
        "{\"expiration\": \"2030-01-01T12:00:00Z\", \"conditions\": {}}",
        "{\"expiration\": \"2030-01-01T12:00:00Z\", \"conditions\": [{\"a\": \"1\", \"b\": \"2\"}]}",
        "{\"expiration\": \"2030-01-01T12:00:00Z\", \"conditions\": [{\"a\": [\"1\"]}]}",
        "{\"expiration\": \"2030-01-01T12:00:00Z\", \"conditions\": [[\"eq\", \"key\", \"1\"]]}",
        "{\"expiration\": \"2030-01-01T12:00:00Z\", \"conditions\": [[\"eq\", \"$key\"]]}",
        "{\"expiration\": \"2030-01-01T12:00:00Z\", \"conditions\": [[\"content-length-range\", 5, 1]]}",
        "{\"expiration\": \"2030-01-01T12:00:00Z\", \"conditions\": [[\"content-length-range\", 1.5, 3]]}",
        "{\"expiration\": \"2030-01-01T12:00:00Z\", \"conditions\": [[[[[[[[[[1]]]]]]]]]]}"}) {
      assertCode(() -> parse(bad), S3ErrorCode.INVALID_POLICY_DOCUMENT);
    }
    assertCode(() -> PostPolicy.parseBase64("%%%"), S3ErrorCode.INVALID_POLICY_DOCUMENT);
    assertCode(() -> PostPolicy.parse(new byte[PostPolicy.MAX_BYTES + 1]),
        S3ErrorCode.INVALID_POLICY_DOCUMENT);
  }
}
