package dev.estuary.s3.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A snapshot of a bucket, taken before a request that must fail, to prove afterwards that the
 * failure left nothing behind: neither in the S3 listing nor in the volume itself.
 *
 * @param bucket the bucket
 * @param listing the keys S3 listed
 * @param volume every path in the volume
 */
public record Leftovers(String bucket, List<String> listing, List<String> volume) {
  /**
   * Takes the snapshot.
   *
   * @param s3 the fixture
   * @param bucket the bucket
   * @return the snapshot
   */
  public static Leftovers snapshot(S3TestServer s3, String bucket) {
    return new Leftovers(bucket, keys(s3, bucket), s3.volumes().walk(bucket));
  }

  /**
   * Asserts the bucket is exactly as it was.
   *
   * @param s3 the fixture
   * @param after what happened in between, for the failure message
   */
  public void assertUnchanged(S3TestServer s3, String after) {
    assertThat(keys(s3, bucket)).as("S3 listing after " + after).isEqualTo(listing);
    assertThat(s3.volumes().walk(bucket)).as("volume after " + after).isEqualTo(volume);
  }

  private static List<String> keys(S3TestServer s3, String bucket) {
    return s3.client().listObjectsV2Paginator(b -> b.bucket(bucket)).contents().stream()
        .map(S3Object::key).toList();
  }
}
