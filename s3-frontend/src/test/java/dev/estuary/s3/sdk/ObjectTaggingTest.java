package dev.estuary.s3.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.estuary.s3.testing.S3TestServer;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.Tag;

/** PutObjectTagging, GetObjectTagging, DeleteObjectTagging and tags given on PutObject. */
class ObjectTaggingTest {
  @RegisterExtension static final S3TestServer S3 = new S3TestServer();

  @Test
  void putGetDelete() {
    String bucket = S3.createBucket("tags");
    S3Client s3 = S3.client();
    s3.putObject(b -> b.bucket(bucket).key("t/obj"), RequestBody.fromString("x"));
    assertThat(s3.getObjectTagging(b -> b.bucket(bucket).key("t/obj")).tagSet()).isEmpty();

    s3.putObjectTagging(b -> b.bucket(bucket).key("t/obj").tagging(t -> t.tagSet(
        Tag.builder().key("project").value("estuary").build(),
        Tag.builder().key("with space").value("ä ö_+-=.:/@ 1").build())));
    assertThat(s3.getObjectTagging(b -> b.bucket(bucket).key("t/obj")).tagSet())
        .containsExactlyInAnyOrder(
            Tag.builder().key("project").value("estuary").build(),
            Tag.builder().key("with space").value("ä ö_+-=.:/@ 1").build());
    assertThat(s3.getObject(b -> b.bucket(bucket).key("t/obj")).response().tagCount())
        .isEqualTo(2);

    var del = s3.deleteObjectTagging(b -> b.bucket(bucket).key("t/obj"));
    assertThat(del.sdkHttpResponse().statusCode()).isEqualTo(204);
    assertThat(s3.getObjectTagging(b -> b.bucket(bucket).key("t/obj")).tagSet()).isEmpty();
    assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("t/obj")).asUtf8String())
        .isEqualTo("x");
  }

  @Test
  void characterOutsideTheTagAlphabetIsInvalidTag() {
    String bucket = S3.createBucket("tags-chars");
    S3.client().putObject(b -> b.bucket(bucket).key("k"), RequestBody.fromString("v"));
    // Tag keys and values allow letters, digits, spaces and + - = . _ : / @ only.
    assertThatThrownBy(() -> S3.client().putObjectTagging(b -> b.bucket(bucket).key("k")
        .tagging(t -> t.tagSet(Tag.builder().key("k").value("a<b").build()))))
        .isInstanceOfSatisfying(S3Exception.class, e -> {
          assertThat(e.statusCode()).isEqualTo(400);
          assertThat(S3.error(e).code()).isEqualTo("InvalidTag");
        });
    assertThat(S3.client().getObjectTagging(b -> b.bucket(bucket).key("k")).tagSet()).isEmpty();
  }

  @Test
  void tagsGivenOnPutObject() {
    String bucket = S3.createBucket("tags-put");
    S3.client().putObject(b -> b.bucket(bucket).key("k").tagging("a=1&b=two%20words"),
        RequestBody.fromString("v"));
    assertThat(S3.client().getObjectTagging(b -> b.bucket(bucket).key("k")).tagSet())
        .containsExactlyInAnyOrder(Tag.builder().key("a").value("1").build(),
            Tag.builder().key("b").value("two words").build());
  }

  @Test
  void putReplacesTheWholeSet() {
    String bucket = S3.createBucket("tags-replace");
    S3Client s3 = S3.client();
    s3.putObject(b -> b.bucket(bucket).key("k"), RequestBody.fromString("v"));
    s3.putObjectTagging(b -> b.bucket(bucket).key("k").tagging(t -> t.tagSet(
        Tag.builder().key("old").value("1").build())));
    s3.putObjectTagging(b -> b.bucket(bucket).key("k").tagging(t -> t.tagSet(
        Tag.builder().key("new").value("2").build())));
    assertThat(s3.getObjectTagging(b -> b.bucket(bucket).key("k")).tagSet())
        .isEqualTo(List.of(Tag.builder().key("new").value("2").build()));
  }

  @Test
  void taggingAMissingKeyIsNoSuchKey() {
    String bucket = S3.createBucket("tags-missing");
    assertThatThrownBy(() -> S3.client().putObjectTagging(b -> b.bucket(bucket).key("none")
        .tagging(t -> t.tagSet(Tag.builder().key("k").value("v").build()))))
        .isInstanceOfSatisfying(S3Exception.class, e -> {
          assertThat(e.statusCode()).isEqualTo(404);
          assertThat(S3.error(e).code()).isEqualTo("NoSuchKey");
        });
    assertThat(S3.volumes().walk(bucket)).isEmpty();
  }

  @Test
  void moreThanTenTagsIsRefused() {
    String bucket = S3.createBucket("tags-many");
    S3.client().putObject(b -> b.bucket(bucket).key("k"), RequestBody.fromString("v"));
    List<Tag> eleven = java.util.stream.IntStream.range(0, 11)
        .mapToObj(i -> Tag.builder().key("k" + i).value("v").build()).toList();
    // S3 User Guide, object tagging: at most 10 tags per object; more answers 400 BadRequest.
    assertThatThrownBy(() -> S3.client().putObjectTagging(b -> b.bucket(bucket).key("k")
        .tagging(t -> t.tagSet(eleven))))
        .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(400));
    assertThat(S3.client().getObjectTagging(b -> b.bucket(bucket).key("k")).tagSet()).isEmpty();
  }
}
