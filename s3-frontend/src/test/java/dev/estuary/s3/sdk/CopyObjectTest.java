package dev.estuary.s3.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.estuary.s3.testing.Checksums;
import dev.estuary.s3.testing.S3TestServer;
import dev.estuary.s3.testing.TestData;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CopyObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * CopyObject (S3 API reference): metadata directive COPY and REPLACE, the four
 * x-amz-copy-source-if-* conditions, within and across buckets.
 */
class CopyObjectTest {
  @RegisterExtension static final S3TestServer S3 = new S3TestServer();

  private static final byte[] DATA = TestData.bytes(70_000, 3);

  private static String source(String bucket, String key) {
    S3.client().putObject(b -> b.bucket(bucket).key(key).contentType("image/x-src")
        .cacheControl("max-age=60").metadata(Map.of("origin", "source", "n", "1")),
        RequestBody.fromBytes(DATA));
    return key;
  }

  @Test
  void copyDirectiveKeepsContentTypeAndMetadata() {
    String bucket = S3.createBucket("copy");
    source(bucket, "src/a b.bin");
    CopyObjectResponse r = S3.client().copyObject(b -> b.sourceBucket(bucket)
        .sourceKey("src/a b.bin").destinationBucket(bucket).destinationKey("dst/copy.bin"));
    assertThat(r.copyObjectResult().eTag()).isEqualTo(Checksums.etag(DATA));
    assertThat(r.copyObjectResult().lastModified()).isNotNull();

    HeadObjectResponse h = S3.client().headObject(b -> b.bucket(bucket).key("dst/copy.bin"));
    assertThat(h.contentType()).isEqualTo("image/x-src");
    assertThat(h.cacheControl()).isEqualTo("max-age=60");
    assertThat(h.metadata()).containsExactlyInAnyOrderEntriesOf(
        Map.of("origin", "source", "n", "1"));
    assertThat(h.eTag()).isEqualTo(Checksums.etag(DATA));
    assertThat(S3.volumes().read(bucket, "dst/copy.bin")).hasValueSatisfying(
        v -> assertThat(v).isEqualTo(DATA));
    assertThat(S3.volumes().read(bucket, "src/a b.bin")).isPresent();
  }

  @Test
  void replaceDirectiveTakesTheRequestsMetadata() {
    String bucket = S3.createBucket("copy-replace");
    source(bucket, "s");
    S3.client().copyObject(b -> b.sourceBucket(bucket).sourceKey("s")
        .destinationBucket(bucket).destinationKey("d")
        .metadataDirective(MetadataDirective.REPLACE)
        .contentType("text/x-new").metadata(Map.of("fresh", "yes")));
    HeadObjectResponse h = S3.client().headObject(b -> b.bucket(bucket).key("d"));
    assertThat(h.contentType()).isEqualTo("text/x-new");
    assertThat(h.metadata()).containsExactlyEntriesOf(Map.of("fresh", "yes"));
    assertThat(h.cacheControl()).isNull();
    assertThat(h.contentLength()).isEqualTo(DATA.length);
  }

  @Test
  void replaceOntoItselfUpdatesMetadataInPlace() {
    String bucket = S3.createBucket("copy-self");
    source(bucket, "self");
    S3.client().copyObject(b -> b.sourceBucket(bucket).sourceKey("self")
        .destinationBucket(bucket).destinationKey("self")
        .metadataDirective(MetadataDirective.REPLACE).metadata(Map.of("v", "2")));
    HeadObjectResponse h = S3.client().headObject(b -> b.bucket(bucket).key("self"));
    assertThat(h.metadata()).containsExactlyEntriesOf(Map.of("v", "2"));
    assertThat(S3.client().getObjectAsBytes(b -> b.bucket(bucket).key("self")).asByteArray())
        .isEqualTo(DATA);
  }

  @Test
  void copyOntoItselfWithoutChangesIsInvalidRequest() {
    String bucket = S3.createBucket("copy-self-bad");
    source(bucket, "same");
    assertThatThrownBy(() -> S3.client().copyObject(b -> b.sourceBucket(bucket).sourceKey("same")
        .destinationBucket(bucket).destinationKey("same")))
        .isInstanceOfSatisfying(S3Exception.class, e -> {
          assertThat(e.statusCode()).isEqualTo(400);
          assertThat(S3.error(e).code()).isEqualTo("InvalidRequest");
        });
  }

  @Test
  void acrossBuckets() {
    String from = S3.createBucket("copy-from");
    String to = S3.createBucket("copy-to");
    source(from, "deep/er/obj");
    S3.client().copyObject(b -> b.sourceBucket(from).sourceKey("deep/er/obj")
        .destinationBucket(to).destinationKey("landed/here"));
    assertThat(S3.client().getObjectAsBytes(b -> b.bucket(to).key("landed/here")).asByteArray())
        .isEqualTo(DATA);
    assertThat(S3.volumes().walk(to)).containsExactly("landed/", "landed/here");
  }

  @Test
  void copySourceConditions() {
    String bucket = S3.createBucket("copy-cond");
    source(bucket, "c");
    S3Client s3 = S3.client();
    HeadObjectResponse h = s3.headObject(b -> b.bucket(bucket).key("c"));
    String etag = h.eTag();
    Instant modified = h.lastModified();
    String other = "\"0123456789abcdef0123456789abcdef\"";

    // Each failing condition answers 412 PreconditionFailed and writes nothing.
    List<java.util.function.Consumer<software.amazon.awssdk.services.s3.model.CopyObjectRequest
        .Builder>> failing = List.of(
            b -> b.copySourceIfMatch(other),
            b -> b.copySourceIfNoneMatch(etag),
            b -> b.copySourceIfModifiedSince(modified.plus(Duration.ofHours(1))),
            b -> b.copySourceIfUnmodifiedSince(modified.minus(Duration.ofHours(1))));
    for (var condition : failing) {
      assertThatThrownBy(() -> s3.copyObject(b -> {
        b.sourceBucket(bucket).sourceKey("c").destinationBucket(bucket).destinationKey("out");
        condition.accept(b);
      })).isInstanceOfSatisfying(S3Exception.class, e -> {
        assertThat(e.statusCode()).isEqualTo(412);
        assertThat(S3.error(e).code()).isEqualTo("PreconditionFailed");
      });
    }
    assertThat(S3.volumes().read(bucket, "out")).isEmpty();

    s3.copyObject(b -> b.sourceBucket(bucket).sourceKey("c").destinationBucket(bucket)
        .destinationKey("out").copySourceIfMatch(etag)
        .copySourceIfUnmodifiedSince(modified.plus(Duration.ofHours(1))));
    assertThat(S3.volumes().read(bucket, "out")).isPresent();
  }

  @Test
  void missingSourceIsNoSuchKey() {
    String bucket = S3.createBucket("copy-missing");
    assertThatThrownBy(() -> S3.client().copyObject(b -> b.sourceBucket(bucket).sourceKey("none")
        .destinationBucket(bucket).destinationKey("d")))
        .isInstanceOfSatisfying(S3Exception.class, e -> {
          assertThat(e.statusCode()).isEqualTo(404);
          assertThat(S3.error(e).code()).isEqualTo("NoSuchKey");
        });
    assertThat(S3.volumes().walk(bucket)).isEmpty();
  }
}
