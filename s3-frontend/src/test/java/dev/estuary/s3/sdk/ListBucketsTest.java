package dev.estuary.s3.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.s3.testing.S3TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Bucket;

/** ListBuckets: every bucket the caller may see, sorted by name, with its creation date. */
class ListBucketsTest {
  @RegisterExtension static final S3TestServer S3 = new S3TestServer();

  @Test
  void createdBucketIsListedAndIsAVolume() {
    S3Client s3 = S3.client();
    String name = S3.newBucketName("create");
    s3.createBucket(b -> b.bucket(name));

    assertThat(s3.listBuckets().buckets()).extracting(Bucket::name).contains(name);
    assertThat(s3.listBuckets().buckets())
        .filteredOn(b -> b.name().equals(name))
        .allSatisfy(b -> assertThat(b.creationDate()).isNotNull());
    assertThat(S3.volumes().bucketExists(name)).as("volume for bucket " + name).isTrue();
  }

  @Test
  void listBucketsIsSortedByName() {
    S3Client s3 = S3.client();
    S3.createBucket("zz-sorted");
    S3.createBucket("aa-sorted");
    var names = s3.listBuckets().buckets().stream().map(Bucket::name).toList();
    assertThat(names).isSorted();
  }
}
