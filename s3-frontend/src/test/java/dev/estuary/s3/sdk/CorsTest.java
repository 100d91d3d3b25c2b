package dev.estuary.s3.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.estuary.s3.testing.RawS3;
import dev.estuary.s3.testing.S3TestServer;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.CORSRule;
import software.amazon.awssdk.services.s3.model.GetBucketCorsResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Bucket CORS (S3 User Guide, "Using cross-origin resource sharing"): Put/Get/DeleteBucketCors
 * through the SDK and real browser-style preflight OPTIONS requests over java.net.http.
 */
class CorsTest {
  @RegisterExtension static final S3TestServer S3 = new S3TestServer();

  private static String bucketWithCors() {
    String bucket = S3.createBucket("cors");
    S3.client().putBucketCors(b -> b.bucket(bucket).corsConfiguration(c -> c.corsRules(
        CORSRule.builder().allowedOrigins("https://app.example.com")
            .allowedMethods("GET", "PUT").allowedHeaders("*").exposeHeaders("ETag")
            .maxAgeSeconds(600).build())));
    return bucket;
  }

  private static RawS3.Response preflight(String bucket, String origin, String method,
      String headers) {
    URI uri = URI.create(S3.endpoint() + "/" + bucket + "/some/key");
    return S3.raw().plain("OPTIONS", uri, headers == null
        ? Map.of("Origin", origin, "Access-Control-Request-Method", method)
        : Map.of("Origin", origin, "Access-Control-Request-Method", method,
            "Access-Control-Request-Headers", headers), new byte[0]);
  }

  @Test
  void putGetDelete() {
    String bucket = bucketWithCors();
    GetBucketCorsResponse r = S3.client().getBucketCors(b -> b.bucket(bucket));
    assertThat(r.corsRules()).singleElement().satisfies(rule -> {
      assertThat(rule.allowedOrigins()).containsExactly("https://app.example.com");
      assertThat(rule.allowedMethods()).containsExactly("GET", "PUT");
      assertThat(rule.allowedHeaders()).containsExactly("*");
      assertThat(rule.exposeHeaders()).containsExactly("ETag");
      assertThat(rule.maxAgeSeconds()).isEqualTo(600);
    });

    assertThat(S3.client().deleteBucketCors(b -> b.bucket(bucket)).sdkHttpResponse().statusCode())
        .isEqualTo(204);
    assertThatThrownBy(() -> S3.client().getBucketCors(b -> b.bucket(bucket)))
        .isInstanceOfSatisfying(S3Exception.class, e -> {
          assertThat(e.statusCode()).isEqualTo(404);
          assertThat(S3.error(e).code()).isEqualTo("NoSuchCORSConfiguration");
        });
  }

  @Test
  void preflightOfAnAllowedOriginAndMethod() {
    String bucket = bucketWithCors();
    RawS3.Response r = preflight(bucket, "https://app.example.com", "PUT", "content-type,x-amz-date");
    assertThat(r.status()).as(r.text()).isEqualTo(200);
    assertThat(r.header("Access-Control-Allow-Origin")).isEqualTo("https://app.example.com");
    assertThat(r.header("Access-Control-Allow-Methods")).contains("PUT");
    assertThat(r.header("Access-Control-Allow-Headers")).containsIgnoringCase("content-type");
    assertThat(r.header("Access-Control-Max-Age")).isEqualTo("600");
  }

  @Test
  void preflightOfAnotherOriginIsForbidden() {
    String bucket = bucketWithCors();
    RawS3.Response r = preflight(bucket, "https://evil.example.net", "GET", null);
    assertThat(r.status()).isEqualTo(403);
    assertThat(r.header("Access-Control-Allow-Origin")).isNull();
  }

  @Test
  void preflightOfAMethodNotAllowedIsForbidden() {
    String bucket = bucketWithCors();
    RawS3.Response r = preflight(bucket, "https://app.example.com", "DELETE", null);
    assertThat(r.status()).isEqualTo(403);
  }

  @Test
  void preflightWithoutConfigurationIsForbidden() {
    String bucket = S3.createBucket("cors-none");
    RawS3.Response r = preflight(bucket, "https://app.example.com", "GET", null);
    assertThat(r.status()).isEqualTo(403);
  }

  @Test
  void actualRequestFromAnAllowedOriginCarriesCorsHeaders() {
    String bucket = bucketWithCors();
    S3.client().putObject(b -> b.bucket(bucket).key("some/key"), RequestBody.fromString("x"));
    RawS3.Response r = S3.raw().send("GET", RawS3.path(bucket, "some/key"), Map.of(),
        Map.of("Origin", "https://app.example.com"), new byte[0]);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("Access-Control-Allow-Origin")).isEqualTo("https://app.example.com");
    assertThat(r.header("Access-Control-Expose-Headers")).containsIgnoringCase("ETag");
  }
}
