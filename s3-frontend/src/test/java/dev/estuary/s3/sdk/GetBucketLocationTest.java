package dev.estuary.s3.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.s3.testing.S3TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.s3.model.GetBucketLocationResponse;

/** GetBucketLocation of a us-east-1 bucket. */
class GetBucketLocationTest {
  @RegisterExtension static final S3TestServer S3 = new S3TestServer();

  @Test
  void getBucketLocationOfAUsEast1BucketIsEmpty() {
    String name = S3.createBucket("location");
    GetBucketLocationResponse r = S3.client().getBucketLocation(b -> b.bucket(name));
    // S3 API reference, GetBucketLocation: "Buckets in Region us-east-1 have a LocationConstraint
    // of null."
    assertThat(r.locationConstraintAsString()).isNullOrEmpty();
  }
}
