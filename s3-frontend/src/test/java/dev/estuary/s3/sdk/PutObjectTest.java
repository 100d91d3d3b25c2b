package dev.estuary.s3.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.estuary.s3.testing.Checksums;
import dev.estuary.s3.testing.ErrorXml;
import dev.estuary.s3.testing.S3TestServer;
import dev.estuary.s3.testing.TestData;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * PutObject through the sync client (signed aws-chunked body with a CRC32 trailer over HTTP) and
 * the async client (unsigned aws-chunked with a trailer), and conditional writes (S3 User Guide,
 * "Conditional writes": If-None-Match: * and If-Match).
 */
class PutObjectTest {
  @RegisterExtension static final S3TestServer S3 = new S3TestServer();

  @Test
  void syncPutStoresTheBytesAsAFileAtTheKeyPath() {
    String bucket = S3.createBucket("put");
    byte[] data = TestData.bytes(300 * 1024 + 7, 1);
    PutObjectResponse r = S3.client().putObject(b -> b.bucket(bucket).key("dir/sub/file.bin"),
        RequestBody.fromBytes(data));

    assertThat(r.eTag()).isEqualTo(Checksums.etag(data));
    assertThat(S3.volumes().read(bucket, "dir/sub/file.bin")).hasValueSatisfying(
        v -> assertThat(v).isEqualTo(data));
    assertThat(S3.client().getObjectAsBytes(b -> b.bucket(bucket).key("dir/sub/file.bin"))
        .asByteArray()).isEqualTo(data);
  }

  @Test
  void asyncPutStoresTheBytes() {
    String bucket = S3.createBucket("put-async");
    byte[] data = TestData.bytes(1024 * 1024 + 13, 2);
    PutObjectResponse r = S3.asyncClient()
        .putObject(b -> b.bucket(bucket).key("async.bin"), AsyncRequestBody.fromBytes(data))
        .join();
    assertThat(r.eTag()).isEqualTo(Checksums.etag(data));
    assertThat(S3.volumes().read(bucket, "async.bin")).hasValueSatisfying(
        v -> assertThat(v).isEqualTo(data));
  }

  @Test
  void emptyObject() {
    String bucket = S3.createBucket("put-empty");
    PutObjectResponse r = S3.client().putObject(b -> b.bucket(bucket).key("empty"),
        RequestBody.empty());
    assertThat(r.eTag()).isEqualTo("\"d41d8cd98f00b204e9800998ecf8427e\"");
    assertThat(S3.client().headObject(b -> b.bucket(bucket).key("empty")).contentLength())
        .isZero();
  }

  @Test
  void overwriteReplacesContentAndETag() {
    String bucket = S3.createBucket("put-over");
    S3Client s3 = S3.client();
    s3.putObject(b -> b.bucket(bucket).key("k"), RequestBody.fromString("first version, longer"));
    PutObjectResponse r = s3.putObject(b -> b.bucket(bucket).key("k"),
        RequestBody.fromString("second"));
    assertThat(r.eTag()).isEqualTo(Checksums.etag("second".getBytes()));
    assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("k")).asUtf8String())
        .isEqualTo("second");
  }

  @Test
  void ifNoneMatchStarCreatesOnlyWhenAbsent() {
    String bucket = S3.createBucket("put-inm");
    S3Client s3 = S3.client();
    PutObjectResponse first = s3.putObject(b -> b.bucket(bucket).key("once").ifNoneMatch("*"),
        RequestBody.fromString("one"));
    assertThat(first.eTag()).isEqualTo(Checksums.etag("one".getBytes()));

    assertThatThrownBy(() -> s3.putObject(b -> b.bucket(bucket).key("once").ifNoneMatch("*"),
        RequestBody.fromString("two")))
        .isInstanceOfSatisfying(S3Exception.class, e -> {
          assertThat(e.statusCode()).isEqualTo(412);
          ErrorXml x = S3.error(e);
          assertThat(x.code()).isEqualTo("PreconditionFailed");
          assertThat(x.complete()).as(x.xml()).isTrue();
        });
    assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("once")).asUtf8String())
        .isEqualTo("one");
    assertThat(S3.volumes().walk(bucket)).containsExactly("once");
  }

  @Test
  void ifMatchWritesOnlyOverTheExpectedVersion() {
    String bucket = S3.createBucket("put-im");
    S3Client s3 = S3.client();
    String etag = s3.putObject(b -> b.bucket(bucket).key("v"), RequestBody.fromString("v1"))
        .eTag();

    assertThatThrownBy(() -> s3.putObject(
        b -> b.bucket(bucket).key("v").ifMatch("\"00000000000000000000000000000000\""),
        RequestBody.fromString("v2-wrong")))
        .isInstanceOfSatisfying(S3Exception.class, e -> {
          assertThat(e.statusCode()).isEqualTo(412);
          assertThat(S3.error(e).code()).isEqualTo("PreconditionFailed");
        });
    assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("v")).asUtf8String())
        .isEqualTo("v1");

    PutObjectResponse ok = s3.putObject(b -> b.bucket(bucket).key("v").ifMatch(etag),
        RequestBody.fromString("v2"));
    assertThat(ok.eTag()).isEqualTo(Checksums.etag("v2".getBytes()));
    assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("v")).asUtf8String())
        .isEqualTo("v2");
  }

  @Test
  void ifMatchOnAMissingKeyIsNoSuchKeyAndCreatesNothing() {
    String bucket = S3.createBucket("put-im-missing");
    // S3 User Guide, conditional writes: If-Match on a key with no current object answers 404
    // NoSuchKey.
    assertThatThrownBy(() -> S3.client().putObject(
        b -> b.bucket(bucket).key("absent").ifMatch("\"00000000000000000000000000000000\""),
        RequestBody.fromString("x")))
        .isInstanceOfSatisfying(S3Exception.class, e -> {
          assertThat(e.statusCode()).isEqualTo(404);
          assertThat(S3.error(e).code()).isEqualTo("NoSuchKey");
        });
    assertThat(S3.volumes().walk(bucket)).isEmpty();
  }

  @Test
  void asyncConditionalPutConflictIs412() {
    String bucket = S3.createBucket("put-inm-async");
    S3.asyncClient().putObject(b -> b.bucket(bucket).key("k"), AsyncRequestBody.fromString("a"))
        .join();
    assertThatThrownBy(() -> S3.asyncClient()
        .putObject(b -> b.bucket(bucket).key("k").ifNoneMatch("*"),
            AsyncRequestBody.fromString("b"))
        .join())
        .isInstanceOf(CompletionException.class)
        .cause()
        .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(412));
    assertThat(S3.volumes().read(bucket, "k")).hasValueSatisfying(
        v -> assertThat(new String(v)).isEqualTo("a"));
  }

  @Test
  void keysWithSpecialCharactersRoundTrip() {
    String bucket = S3.createBucket("put-keys");
    S3Client s3 = S3.client();
    List<String> keys = List.of("a b", "ä/ö ü", "plus+sign", "percent%41", "q?x=1&y", "tilde~",
        "star*(paren)", "semi;colon,comma", "quote'\"", "hash#frag", "日本語/ファイル");
    for (String k : keys) {
      s3.putObject(b -> b.bucket(bucket).key(k), RequestBody.fromString("v:" + k));
    }
    for (String k : keys) {
      assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key(k)).asUtf8String())
          .as(k).isEqualTo("v:" + k);
      assertThat(S3.volumes().read(bucket, k)).as(k).isPresent();
    }
  }
}
