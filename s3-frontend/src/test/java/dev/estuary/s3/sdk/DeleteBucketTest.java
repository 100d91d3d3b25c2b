package dev.estuary.s3.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.estuary.s3.testing.ErrorXml;
import dev.estuary.s3.testing.S3TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Bucket;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** DeleteBucket: removes an empty bucket's volume; a non-empty one is BucketNotEmpty. */
class DeleteBucketTest {
  @RegisterExtension static final S3TestServer S3 = new S3TestServer();

  @Test
  void deleteEmptyBucketRemovesTheVolume() {
    S3Client s3 = S3.client();
    String name = S3.createBucket("delete");
    s3.deleteBucket(b -> b.bucket(name));

    assertThat(s3.listBuckets().buckets()).extracting(Bucket::name).doesNotContain(name);
    assertThat(S3.volumes().bucketExists(name)).isFalse();
    assertThatThrownBy(() -> s3.headBucket(b -> b.bucket(name)))
        .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(404));
  }

  @Test
  void deleteNonEmptyBucketIsRefusedWithBucketNotEmpty() {
    S3Client s3 = S3.client();
    String name = S3.createBucket("nonempty");
    s3.putObject(b -> b.bucket(name).key("d/x"), RequestBody.fromString("x"));

    assertThatThrownBy(() -> s3.deleteBucket(b -> b.bucket(name)))
        .isInstanceOfSatisfying(S3Exception.class, e -> {
          assertThat(e.statusCode()).isEqualTo(409);
          ErrorXml x = S3.error(e);
          assertThat(x.code()).isEqualTo("BucketNotEmpty");
          assertThat(x.complete()).as(x.xml()).isTrue();
        });
    assertThat(s3.getObjectAsBytes(b -> b.bucket(name).key("d/x")).asUtf8String()).isEqualTo("x");
  }

  @Test
  void deleteMissingBucketIsNoSuchBucket() {
    String missing = S3.newBucketName("gone");
    assertThatThrownBy(() -> S3.client().deleteBucket(b -> b.bucket(missing)))
        .isInstanceOfSatisfying(NoSuchBucketException.class, e -> {
          assertThat(e.statusCode()).isEqualTo(404);
          assertThat(S3.error(e).code()).isEqualTo("NoSuchBucket");
        });
  }
}
