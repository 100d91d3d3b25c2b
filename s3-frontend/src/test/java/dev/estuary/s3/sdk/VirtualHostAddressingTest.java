package dev.estuary.s3.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.s3.testing.S3Clients;
import dev.estuary.s3.testing.S3TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Virtual-host-style addressing ({@code http://bucket.s3.estuary.test:port/key}, the SDK's
 * default style), with the server configured for the domain {@link S3Clients#VIRTUAL_HOST_DOMAIN}.
 */
class VirtualHostAddressingTest {
  @RegisterExtension static final S3TestServer S3 = new S3TestServer();

  @Test
  void putGetListDeleteThroughTheHostName() {
    try (S3Client vh = S3Clients.virtualHost(S3.endpoint(), S3.credentials())) {
      String bucket = S3.newBucketName("vhost");
      vh.createBucket(b -> b.bucket(bucket));
      vh.putObject(b -> b.bucket(bucket).key("dir/a b.txt"), RequestBody.fromString("hello"));
      assertThat(vh.getObjectAsBytes(b -> b.bucket(bucket).key("dir/a b.txt")).asUtf8String())
          .isEqualTo("hello");
      assertThat(vh.listObjectsV2(b -> b.bucket(bucket)).contents()).extracting(S3Object::key)
          .containsExactly("dir/a b.txt");
      // The same object through path style.
      assertThat(S3.client().getObjectAsBytes(b -> b.bucket(bucket).key("dir/a b.txt"))
          .asUtf8String()).isEqualTo("hello");
      vh.deleteObject(b -> b.bucket(bucket).key("dir/a b.txt"));
      assertThat(vh.listObjectsV2(b -> b.bucket(bucket)).keyCount()).isZero();
      vh.headBucket(b -> b.bucket(bucket));
    }
  }

  @Test
  void listBucketsOnTheBareDomain() {
    String bucket = S3.createBucket("vhost-list");
    try (S3Client vh = S3Clients.virtualHost(S3.endpoint(), S3.credentials())) {
      assertThat(vh.listBuckets().buckets()).extracting(b -> b.name()).contains(bucket);
    }
  }
}
