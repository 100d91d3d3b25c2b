package dev.estuary.s3.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.s3.testing.S3TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.s3.model.GetBucketVersioningResponse;

/** GetBucketVersioning: unversioned until versioning exists. */
class GetBucketVersioningTest {
  @RegisterExtension static final S3TestServer S3 = new S3TestServer();

  @Test
  void getBucketVersioningOfANeverVersionedBucketHasNoStatus() {
    String name = S3.createBucket("versioning");
    GetBucketVersioningResponse r = S3.client().getBucketVersioning(b -> b.bucket(name));
    assertThat(r.status()).isNull();
    assertThat(r.mfaDelete()).isNull();
  }
}
