package dev.estuary.s3.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.estuary.s3.testing.ErrorXml;
import dev.estuary.s3.testing.RawS3;
import dev.estuary.s3.testing.S3TestServer;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Bucket;
import software.amazon.awssdk.services.s3.model.GetBucketLocationResponse;
import software.amazon.awssdk.services.s3.model.GetBucketVersioningResponse;
import software.amazon.awssdk.services.s3.model.HeadBucketResponse;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;

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
