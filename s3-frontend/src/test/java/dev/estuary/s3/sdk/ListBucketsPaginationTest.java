package dev.estuary.s3.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.estuary.s3.testing.RawS3;
import dev.estuary.s3.testing.S3TestServer;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Bucket;
import software.amazon.awssdk.services.s3.model.ListBucketsResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** ListBuckets with max-buckets, continuation-token, prefix and bucket-region. */
class ListBucketsPaginationTest {
  @RegisterExtension static final S3TestServer S3 = new S3TestServer();

  @Test
  void pagesOfOneWithATokenOnlyWhenMoreFollow() {
    S3Client s3 = S3.client();
    String prefix = "pg" + Long.toString(System.nanoTime(), 36);
    ListBucketsResponse none = s3.listBuckets(b -> b.prefix(prefix).maxBuckets(1));
    assertThat(none.buckets()).isEmpty();
    assertThat(none.continuationToken()).isNull();
    s3.createBucket(b -> b.bucket(prefix + "-a"));
    ListBucketsResponse one = s3.listBuckets(b -> b.prefix(prefix).maxBuckets(1));
    assertThat(one.buckets()).extracting(Bucket::name).containsExactly(prefix + "-a");
    assertThat(one.continuationToken()).isNull();
    assertThat(one.prefix()).isEqualTo(prefix);
    s3.createBucket(b -> b.bucket(prefix + "-c"));
    s3.createBucket(b -> b.bucket(prefix + "-b"));
    ListBucketsResponse p1 = s3.listBuckets(b -> b.prefix(prefix).maxBuckets(2));
    assertThat(p1.buckets()).extracting(Bucket::name).containsExactly(prefix + "-a", prefix + "-b");
    assertThat(p1.continuationToken()).isNotEmpty();
    ListBucketsResponse p2 = s3.listBuckets(b -> b.prefix(prefix).maxBuckets(2)
        .continuationToken(p1.continuationToken()));
    assertThat(p2.buckets()).extracting(Bucket::name).containsExactly(prefix + "-c");
    assertThat(p2.continuationToken()).isNull();
    // The SDK paginator walks every page.
    assertThat(s3.listBucketsPaginator(b -> b.prefix(prefix).maxBuckets(1)).buckets())
        .extracting(Bucket::name).containsExactly(prefix + "-a", prefix + "-b", prefix + "-c");
    // Without max-buckets: everything, no token.
    ListBucketsResponse all = s3.listBuckets();
    assertThat(all.buckets()).extracting(Bucket::name).contains(prefix + "-a", prefix + "-c");
    assertThat(all.continuationToken()).isNull();
  }

  @Test
  void bucketRegionFiltersAndAnEmptyTokenStartsAtTheBeginning() {
    S3Client s3 = S3.client();
    String prefix = "rg" + Long.toString(System.nanoTime(), 36);
    s3.createBucket(b -> b.bucket(prefix + "-x"));
    assertThat(s3.listBuckets(b -> b.prefix(prefix).bucketRegion(S3TestServer.REGION)).buckets())
        .extracting(Bucket::name).containsExactly(prefix + "-x");
    assertThat(s3.listBuckets(b -> b.prefix(prefix).bucketRegion("eu-west-3")).buckets())
        .isEmpty();
    RawS3.Response empty = S3.raw().send("GET", "/", Map.of("continuation-token", "",
        "prefix", prefix), Map.of(), new byte[0]);
    assertThat(empty.status()).isEqualTo(200);
    assertThat(empty.text()).contains("<Name>" + prefix + "-x</Name>");
  }

  @Test
  void badMaxBucketsOrTokenIsInvalidArgument() {
    for (int bad : new int[] {0, 10_001}) {
      assertThatThrownBy(() -> S3.client().listBuckets(b -> b.maxBuckets(bad)))
          .isInstanceOfSatisfying(S3Exception.class, e -> {
            assertThat(e.statusCode()).isEqualTo(400);
            assertThat(S3.error(e).code()).isEqualTo("InvalidArgument");
          });
    }
    assertThatThrownBy(() -> S3.client().listBuckets(b -> b.continuationToken("!!not-base64!!")))
        .isInstanceOfSatisfying(S3Exception.class,
            e -> assertThat(S3.error(e).code()).isEqualTo("InvalidArgument"));
  }
}
