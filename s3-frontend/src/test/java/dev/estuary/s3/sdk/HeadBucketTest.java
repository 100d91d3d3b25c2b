package dev.estuary.s3.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.estuary.s3.testing.S3TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadBucketResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** HeadBucket: 200 for an existing bucket, 404 for a missing one. */
class HeadBucketTest {
  @RegisterExtension static final S3TestServer S3 = new S3TestServer();

  @Test
  void headBucketAnswers200ForAnExistingAnd404ForAMissingBucket() {
    S3Client s3 = S3.client();
    String name = S3.createBucket("head");
    HeadBucketResponse r = s3.headBucket(b -> b.bucket(name));
    assertThat(r.sdkHttpResponse().statusCode()).isEqualTo(200);
    // HeadBucket reports the bucket's region in x-amz-bucket-region.
    assertThat(r.bucketRegion()).isEqualTo(S3TestServer.REGION);
    // One Date header, an IMF-fixdate (RFC 9110 5.6.7: a two-digit day), which Go clients (rclone)
    // parse; Armeria's own wrote "Mon, 7 Dec 2026".
    assertThat(r.sdkHttpResponse().headers().get("Date")).singleElement().asString()
        .matches("[A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT");

    String missing = S3.newBucketName("missing");
    assertThatThrownBy(() -> s3.headBucket(b -> b.bucket(missing)))
        .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(404));
  }
}
