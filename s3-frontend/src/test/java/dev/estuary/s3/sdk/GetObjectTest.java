package dev.estuary.s3.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.estuary.s3.testing.Checksums;
import dev.estuary.s3.testing.S3TestServer;
import dev.estuary.s3.testing.TestData;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * GetObject: ranges (RFC 9110 §14), {@code partNumber}, the four conditional headers (RFC 9110
 * §13, as S3 documents them for GetObject) and the {@code response-*} overrides.
 */
class GetObjectTest {
  @RegisterExtension static final S3TestServer S3 = new S3TestServer();

  private static final byte[] DATA = TestData.bytes(100_000, 7);
  private static String bucket;
  private static String etag;
  private static Instant lastModified;

  @BeforeAll
  static void putObject() {
    bucket = S3.createBucket("get");
    etag = S3.client().putObject(b -> b.bucket(bucket).key("obj").contentType("text/plain"),
        RequestBody.fromBytes(DATA)).eTag();
    lastModified = S3.client().headObject(b -> b.bucket(bucket).key("obj")).lastModified();
  }

  private static ResponseBytes<GetObjectResponse> range(String range) {
    return S3.client().getObjectAsBytes(b -> b.bucket(bucket).key("obj").range(range));
  }

  @Test
  void wholeObject() {
    ResponseBytes<GetObjectResponse> r =
        S3.client().getObjectAsBytes(b -> b.bucket(bucket).key("obj"));
    assertThat(r.asByteArray()).isEqualTo(DATA);
    assertThat(r.response().eTag()).isEqualTo(etag).isEqualTo(Checksums.etag(DATA));
    assertThat(r.response().contentLength()).isEqualTo(DATA.length);
    assertThat(r.response().contentType()).isEqualTo("text/plain");
    assertThat(r.response().acceptRanges()).isEqualTo("bytes");
    assertThat(r.response().lastModified()).isEqualTo(lastModified);
  }

  @Test
  void closedRange() {
    ResponseBytes<GetObjectResponse> r = range("bytes=10-19");
    assertThat(r.response().sdkHttpResponse().statusCode()).isEqualTo(206);
    assertThat(r.asByteArray()).isEqualTo(Arrays.copyOfRange(DATA, 10, 20));
    assertThat(r.response().contentRange()).isEqualTo("bytes 10-19/" + DATA.length);
    assertThat(r.response().contentLength()).isEqualTo(10);
  }

  @Test
  void openEndedRange() {
    ResponseBytes<GetObjectResponse> r = range("bytes=99990-");
    assertThat(r.asByteArray()).isEqualTo(Arrays.copyOfRange(DATA, 99_990, DATA.length));
    assertThat(r.response().contentRange()).isEqualTo("bytes 99990-99999/" + DATA.length);
  }

  @Test
  void suffixRange() {
    ResponseBytes<GetObjectResponse> r = range("bytes=-5");
    assertThat(r.asByteArray()).isEqualTo(Arrays.copyOfRange(DATA, DATA.length - 5, DATA.length));
    assertThat(r.response().contentRange()).isEqualTo("bytes 99995-99999/" + DATA.length);
  }

  @Test
  void rangePastTheEndIsTruncated() {
    ResponseBytes<GetObjectResponse> r = range("bytes=99000-200000");
    assertThat(r.asByteArray()).isEqualTo(Arrays.copyOfRange(DATA, 99_000, DATA.length));
    assertThat(r.response().contentRange()).isEqualTo("bytes 99000-99999/" + DATA.length);
  }

  @Test
  void unsatisfiableRangeIs416InvalidRange() {
    assertThatThrownBy(() -> range("bytes=100000-"))
        .isInstanceOfSatisfying(S3Exception.class, e -> {
          assertThat(e.statusCode()).isEqualTo(416);
          var x = S3.error(e);
          assertThat(x.code()).isEqualTo("InvalidRange");
          assertThat(x.complete()).as(x.xml()).isTrue();
        });
  }

  @Test
  void anyRangeOfAnEmptyObjectIs416() {
    S3.client().putObject(b -> b.bucket(bucket).key("empty"), RequestBody.empty());
    assertThatThrownBy(() -> S3.client().getObjectAsBytes(b -> b.bucket(bucket).key("empty")
        .range("bytes=40-50")))
        .isInstanceOfSatisfying(S3Exception.class, e -> {
          assertThat(e.statusCode()).isEqualTo(416);
          assertThat(S3.error(e).code()).isEqualTo("InvalidRange");
        });
    assertThat(S3.client().getObjectAsBytes(b -> b.bucket(bucket).key("empty")).asByteArray())
        .isEmpty();
  }

  @Test
  void asyncRangedGet() {
    ResponseBytes<GetObjectResponse> r = S3.asyncClient()
        .getObject(b -> b.bucket(bucket).key("obj").range("bytes=1000-65535"),
            AsyncResponseTransformer.toBytes())
        .join();
    assertThat(r.asByteArray()).isEqualTo(Arrays.copyOfRange(DATA, 1000, 65_536));
  }

  @Test
  void asyncWholeGet() {
    ResponseBytes<GetObjectResponse> r = S3.asyncClient()
        .getObject(b -> b.bucket(bucket).key("obj"), AsyncResponseTransformer.toBytes())
        .join();
    assertThat(r.asByteArray()).isEqualTo(DATA);
  }

  @Test
  void partNumberOfAMultipartObject() {
    S3Client s3 = S3.client();
    byte[] p1 = TestData.bytes(5 * 1024 * 1024, 11);
    byte[] p2 = TestData.bytes(4321, 12);
    String upload = s3.createMultipartUpload(b -> b.bucket(bucket).key("mpu")).uploadId();
    String e1 = s3.uploadPart(b -> b.bucket(bucket).key("mpu").uploadId(upload).partNumber(1),
        RequestBody.fromBytes(p1)).eTag();
    String e2 = s3.uploadPart(b -> b.bucket(bucket).key("mpu").uploadId(upload).partNumber(2),
        RequestBody.fromBytes(p2)).eTag();
    s3.completeMultipartUpload(b -> b.bucket(bucket).key("mpu").uploadId(upload)
        .multipartUpload(m -> m.parts(CompletedPart.builder().partNumber(1).eTag(e1).build(),
            CompletedPart.builder().partNumber(2).eTag(e2).build())));

    ResponseBytes<GetObjectResponse> r =
        s3.getObjectAsBytes(b -> b.bucket(bucket).key("mpu").partNumber(2));
    assertThat(r.response().sdkHttpResponse().statusCode()).isEqualTo(206);
    assertThat(r.asByteArray()).isEqualTo(p2);
    assertThat(r.response().partsCount()).isEqualTo(2);
    assertThat(r.response().contentRange())
        .isEqualTo("bytes " + p1.length + "-" + (p1.length + p2.length - 1) + "/"
            + (p1.length + p2.length));
    assertThat(r.response().eTag()).isEqualTo(Checksums.multipartEtag(List.of(p1, p2)));

    ResponseBytes<GetObjectResponse> first =
        s3.getObjectAsBytes(b -> b.bucket(bucket).key("mpu").partNumber(1));
    assertThat(first.asByteArray()).isEqualTo(p1);
    assertThat(s3.headObject(b -> b.bucket(bucket).key("mpu").partNumber(1)).contentLength())
        .isEqualTo(p1.length);
  }

  @Test
  void ifMatch() {
    assertThat(S3.client().getObjectAsBytes(b -> b.bucket(bucket).key("obj").ifMatch(etag))
        .asByteArray()).isEqualTo(DATA);
    assertThatThrownBy(() -> S3.client().getObjectAsBytes(
        b -> b.bucket(bucket).key("obj").ifMatch("\"0123456789abcdef0123456789abcdef\"")))
        .isInstanceOfSatisfying(S3Exception.class, e -> {
          assertThat(e.statusCode()).isEqualTo(412);
          assertThat(S3.error(e).code()).isEqualTo("PreconditionFailed");
        });
  }

  @Test
  void ifNoneMatch() {
    assertThatThrownBy(() -> S3.client().getObjectAsBytes(
        b -> b.bucket(bucket).key("obj").ifNoneMatch(etag)))
        .isInstanceOfSatisfying(S3Exception.class,
            e -> assertThat(e.statusCode()).isEqualTo(304));
    assertThat(S3.client().getObjectAsBytes(b -> b.bucket(bucket).key("obj")
        .ifNoneMatch("\"0123456789abcdef0123456789abcdef\"")).asByteArray()).isEqualTo(DATA);
  }

  @Test
  void ifModifiedSince() {
    assertThatThrownBy(() -> S3.client().getObjectAsBytes(b -> b.bucket(bucket).key("obj")
        .ifModifiedSince(lastModified.plus(Duration.ofHours(1)))))
        .isInstanceOfSatisfying(S3Exception.class,
            e -> assertThat(e.statusCode()).isEqualTo(304));
    assertThat(S3.client().getObjectAsBytes(b -> b.bucket(bucket).key("obj")
        .ifModifiedSince(lastModified.minus(Duration.ofHours(1)))).asByteArray())
        .isEqualTo(DATA);
  }

  @Test
  void ifUnmodifiedSince() {
    assertThatThrownBy(() -> S3.client().getObjectAsBytes(b -> b.bucket(bucket).key("obj")
        .ifUnmodifiedSince(lastModified.minus(Duration.ofHours(1)))))
        .isInstanceOfSatisfying(S3Exception.class, e -> {
          assertThat(e.statusCode()).isEqualTo(412);
          assertThat(S3.error(e).code()).isEqualTo("PreconditionFailed");
        });
    assertThat(S3.client().getObjectAsBytes(b -> b.bucket(bucket).key("obj")
        .ifUnmodifiedSince(lastModified.plus(Duration.ofHours(1)))).asByteArray())
        .isEqualTo(DATA);
  }

  @Test
  void responseOverrides() {
    Instant expires = Instant.parse("2031-02-03T04:05:06Z");
    GetObjectResponse r = S3.client().getObjectAsBytes(b -> b.bucket(bucket).key("obj")
        .responseContentType("application/x-test")
        .responseContentDisposition("attachment; filename=\"x.bin\"")
        .responseCacheControl("no-cache")
        .responseContentLanguage("de-CH")
        .responseContentEncoding("identity")
        .responseExpires(expires)).response();
    assertThat(r.contentType()).isEqualTo("application/x-test");
    assertThat(r.contentDisposition()).isEqualTo("attachment; filename=\"x.bin\"");
    assertThat(r.cacheControl()).isEqualTo("no-cache");
    assertThat(r.contentLanguage()).isEqualTo("de-CH");
    assertThat(r.contentEncoding()).isEqualTo("identity");
    assertThat(r.expires()).isEqualTo(expires);
  }

  @Test
  void missingKeyIsNoSuchKey() {
    assertThatThrownBy(() -> S3.client().getObjectAsBytes(b -> b.bucket(bucket).key("nope")))
        .isInstanceOfSatisfying(NoSuchKeyException.class, e -> {
          assertThat(e.statusCode()).isEqualTo(404);
          assertThat(S3.error(e).code()).isEqualTo("NoSuchKey");
        });
  }

  @Test
  void aDirectoryIsNotAnObject() {
    S3.client().putObject(b -> b.bucket(bucket).key("dir1/inner"), RequestBody.fromString("x"));
    assertThatThrownBy(() -> S3.client().getObjectAsBytes(b -> b.bucket(bucket).key("dir1")))
        .isInstanceOfSatisfying(NoSuchKeyException.class,
            e -> assertThat(e.statusCode()).isEqualTo(404));
  }
}
