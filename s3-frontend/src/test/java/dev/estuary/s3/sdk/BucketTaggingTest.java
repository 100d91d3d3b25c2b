package dev.estuary.s3.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.estuary.s3.testing.S3TestServer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.Tag;

/** PutBucketTagging, GetBucketTagging, DeleteBucketTagging. */
class BucketTaggingTest {
  @RegisterExtension static final S3TestServer S3 = new S3TestServer();

  private static void assertNoSuchTagSet(S3Client s3, String bucket) {
    assertThatThrownBy(() -> s3.getBucketTagging(b -> b.bucket(bucket)))
        .isInstanceOfSatisfying(S3Exception.class, e -> {
          assertThat(e.statusCode()).isEqualTo(404);
          assertThat(S3.error(e).code()).isEqualTo("NoSuchTagSet");
        });
  }

  @Test
  void putGetDeleteWithNoSuchTagSetBeforeAndAfter() {
    String bucket = S3.createBucket("btags");
    S3Client s3 = S3.client();
    assertNoSuchTagSet(s3, bucket);
    var put = s3.putBucketTagging(b -> b.bucket(bucket).tagging(t -> t.tagSet(
        Tag.builder().key("Hello").value("World").build(),
        Tag.builder().key("empty").value("").build(),
        Tag.builder().key("ünï cödé").value("a+b=c").build())));
    assertThat(put.sdkHttpResponse().statusCode()).isEqualTo(204);
    assertThat(s3.getBucketTagging(b -> b.bucket(bucket)).tagSet()).containsExactly(
        Tag.builder().key("Hello").value("World").build(),
        Tag.builder().key("empty").value("").build(),
        Tag.builder().key("ünï cödé").value("a+b=c").build());
    // A second put replaces the whole set.
    s3.putBucketTagging(b -> b.bucket(bucket).tagging(t -> t.tagSet(
        Tag.builder().key("only").value("one").build())));
    assertThat(s3.getBucketTagging(b -> b.bucket(bucket)).tagSet())
        .containsExactly(Tag.builder().key("only").value("one").build());
    var del = s3.deleteBucketTagging(b -> b.bucket(bucket));
    assertThat(del.sdkHttpResponse().statusCode()).isEqualTo(204);
    assertNoSuchTagSet(s3, bucket);
    // Deleting again is still 204.
    assertThat(s3.deleteBucketTagging(b -> b.bucket(bucket)).sdkHttpResponse().statusCode())
        .isEqualTo(204);
  }

  @Test
  void fiftyTagsAreAllowedFiftyOneAreInvalidTag() {
    String bucket = S3.createBucket("btags-max");
    S3Client s3 = S3.client();
    List<Tag> tags = new ArrayList<>();
    for (int i = 0; i < 51; i++) {
      tags.add(Tag.builder().key("k" + i).value("v" + i).build());
    }
    s3.putBucketTagging(b -> b.bucket(bucket).tagging(t -> t.tagSet(tags.subList(0, 50))));
    assertThat(s3.getBucketTagging(b -> b.bucket(bucket)).tagSet()).hasSize(50);
    assertThatThrownBy(() -> s3.putBucketTagging(b -> b.bucket(bucket)
        .tagging(t -> t.tagSet(tags))))
        .isInstanceOfSatisfying(S3Exception.class, e -> {
          assertThat(e.statusCode()).isEqualTo(400);
          assertThat(S3.error(e).code()).isEqualTo("InvalidTag");
        });
    // The refused set changed nothing.
    assertThat(s3.getBucketTagging(b -> b.bucket(bucket)).tagSet()).hasSize(50);
  }

  @Test
  void readersMayReadButNotChangeAndUnknownBucketsAreNoSuchBucket() {
    String bucket = S3.createBucket("btags-perm");
    S3.client().putBucketTagging(b -> b.bucket(bucket).tagging(t -> t.tagSet(
        Tag.builder().key("a").value("1").build())));
    S3Client reader = S3.clientFor(S3TestServer.READER);
    assertThat(reader.getBucketTagging(b -> b.bucket(bucket)).tagSet()).hasSize(1);
    assertThatThrownBy(() -> reader.deleteBucketTagging(b -> b.bucket(bucket)))
        .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(403));
    assertThat(S3.client().getBucketTagging(b -> b.bucket(bucket)).tagSet()).hasSize(1);
    assertThatThrownBy(() -> S3.client().getBucketTagging(b -> b.bucket("no-such-bucket-tags")))
        .isInstanceOfSatisfying(S3Exception.class,
            e -> assertThat(S3.error(e).code()).isEqualTo("NoSuchBucket"));
  }
}
