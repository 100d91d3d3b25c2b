package dev.estuary.s3.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.s3.testing.S3TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.GetBucketVersioningResponse;

/**
 * GetBucketVersioning: no status until versioning is first set, then the state last put (a bucket
 * may be suspended without ever having been enabled, as S3 allows).
 */
class GetBucketVersioningTest {
  @RegisterExtension static final S3TestServer S3 = new S3TestServer();

  @Test
  void getBucketVersioningOfANeverVersionedBucketHasNoStatus() {
    String name = S3.createBucket("versioning");
    GetBucketVersioningResponse r = S3.client().getBucketVersioning(b -> b.bucket(name));
    assertThat(r.status()).isNull();
    assertThat(r.mfaDelete()).isNull();
  }

  @Test
  void aSuspendedStateIsReportedEvenIfNeverEnabled() {
    String name = S3.createBucket("versioning-suspended");
    S3.client().putBucketVersioning(b -> b.bucket(name)
        .versioningConfiguration(c -> c.status(BucketVersioningStatus.SUSPENDED)));
    assertThat(S3.client().getBucketVersioning(b -> b.bucket(name)).status())
        .isEqualTo(BucketVersioningStatus.SUSPENDED);
    // A reader may read the state but not change it (bucket administration).
    var reader = S3.clientFor(S3TestServer.READER);
    assertThat(reader.getBucketVersioning(b -> b.bucket(name)).status())
        .isEqualTo(BucketVersioningStatus.SUSPENDED);
    var e = (software.amazon.awssdk.services.s3.model.S3Exception)
        org.assertj.core.api.Assertions.catchThrowable(() -> reader.putBucketVersioning(b -> b
            .bucket(name).versioningConfiguration(c -> c.status(BucketVersioningStatus.ENABLED))));
    assertThat(e.statusCode()).isEqualTo(403);
  }
}
