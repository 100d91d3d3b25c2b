package dev.estuary.s3.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.s3.testing.RawS3;
import dev.estuary.s3.testing.S3TestServer;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/** User metadata (x-amz-meta-*) and the stored standard headers round-trip through HEAD and GET. */
class UserMetadataTest {
  @RegisterExtension static final S3TestServer S3 = new S3TestServer();

  @Test
  void userMetadataAndStandardHeadersRoundTrip() {
    String bucket = S3.createBucket("meta");
    Instant expires = Instant.parse("2030-01-02T03:04:05Z");
    S3.client().putObject(b -> b.bucket(bucket).key("m/obj")
        .metadata(Map.of("Mixed-Case", "Value With Spaces", "empty", "", "num", "42"))
        .contentType("application/x-custom; charset=utf-8")
        .cacheControl("public, max-age=3600")
        .contentDisposition("inline; filename=\"a.txt\"")
        .contentEncoding("identity")
        .contentLanguage("fr")
        .expires(expires), RequestBody.fromString("body"));

    HeadObjectResponse h = S3.client().headObject(b -> b.bucket(bucket).key("m/obj"));
    // HTTP header names are case-insensitive; S3 returns user metadata names in lower case.
    assertThat(h.metadata()).containsExactlyInAnyOrderEntriesOf(
        Map.of("mixed-case", "Value With Spaces", "empty", "", "num", "42"));
    assertThat(h.contentType()).isEqualTo("application/x-custom; charset=utf-8");
    assertThat(h.cacheControl()).isEqualTo("public, max-age=3600");
    assertThat(h.contentDisposition()).isEqualTo("inline; filename=\"a.txt\"");
    assertThat(h.contentEncoding()).isEqualTo("identity");
    assertThat(h.contentLanguage()).isEqualTo("fr");
    assertThat(h.expires()).isEqualTo(expires);

    GetObjectResponse g = S3.client().getObjectAsBytes(b -> b.bucket(bucket).key("m/obj"))
        .response();
    assertThat(g.metadata()).isEqualTo(h.metadata());
    assertThat(g.contentType()).isEqualTo(h.contentType());
  }

  @Test
  void defaultContentTypeIsBinary() {
    String bucket = S3.createBucket("meta-default");
    // S3 API reference, PutObject Content-Type: "Default: binary/octet-stream".
    // The SDK always sends a Content-Type, so the request goes raw, without one.
    var r = S3.raw().send("PUT", RawS3.path(bucket, "k"), Map.of(), Map.of(), new byte[] {1});
    assertThat(r.status()).as(r.text()).isEqualTo(200);
    HeadObjectResponse h = S3.client().headObject(b -> b.bucket(bucket).key("k"));
    assertThat(h.contentType()).isEqualTo("binary/octet-stream");
    assertThat(h.metadata()).isEmpty();
  }

  @Test
  void overwriteReplacesMetadata() {
    String bucket = S3.createBucket("meta-over");
    S3.client().putObject(b -> b.bucket(bucket).key("k").metadata(Map.of("a", "1")),
        RequestBody.fromString("1"));
    S3.client().putObject(b -> b.bucket(bucket).key("k").metadata(Map.of("b", "2")),
        RequestBody.fromString("2"));
    assertThat(S3.client().headObject(b -> b.bucket(bucket).key("k")).metadata())
        .containsExactlyEntriesOf(Map.of("b", "2"));
  }

  @Test
  void nonAsciiMetadataValuesSurviveAsTheyWereSent() {
    String bucket = S3.createBucket("meta-utf8");
    // The SDK sends header values as given; RFC 2047 encoding is the caller's business. S3 keeps
    // the value, so an ASCII-encoded form must come back byte for byte.
    String encoded = "=?UTF-8?B?w6TDtsO8?=";
    S3.client().putObject(b -> b.bucket(bucket).key("k").metadata(Map.of("name", encoded)),
        RequestBody.fromString("v"));
    assertThat(S3.client().headObject(b -> b.bucket(bucket).key("k")).metadata())
        .containsEntry("name", encoded);
  }
}
