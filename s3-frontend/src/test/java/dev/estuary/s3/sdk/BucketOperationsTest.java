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

/**
 * Bucket operations through the AWS SDK: ListBuckets, CreateBucket, DeleteBucket, HeadBucket,
 * GetBucketLocation, GetBucketVersioning (S3 API reference, "Actions").
 */
class BucketOperationsTest {
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

  @Test
  void headBucketAnswers200ForAnExistingAnd404ForAMissingBucket() {
    S3Client s3 = S3.client();
    String name = S3.createBucket("head");
    HeadBucketResponse r = s3.headBucket(b -> b.bucket(name));
    assertThat(r.sdkHttpResponse().statusCode()).isEqualTo(200);

    String missing = S3.newBucketName("missing");
    assertThatThrownBy(() -> s3.headBucket(b -> b.bucket(missing)))
        .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(404));
  }

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

  @Test
  void createBucketWithAnInvalidNameIsInvalidBucketName() {
    // Too short (S3 bucket naming rules: 3 to 63 characters); the SDK refuses bad names itself,
    // so the request goes raw.
    RawS3.Response r = S3.raw().send("PUT", "/ab", Map.of(), Map.of(), new byte[0]);
    assertThat(r.status()).as(r.text()).isEqualTo(400);
    assertThat(r.error().code()).isEqualTo("InvalidBucketName");
    assertThat(r.error().complete()).as(r.text()).isTrue();
  }

  @Test
  void getBucketLocationOfAUsEast1BucketIsEmpty() {
    String name = S3.createBucket("location");
    GetBucketLocationResponse r = S3.client().getBucketLocation(b -> b.bucket(name));
    // S3 API reference, GetBucketLocation: "Buckets in Region us-east-1 have a LocationConstraint
    // of null."
    assertThat(r.locationConstraintAsString()).isNullOrEmpty();
  }

  @Test
  void getBucketVersioningOfANeverVersionedBucketHasNoStatus() {
    String name = S3.createBucket("versioning");
    GetBucketVersioningResponse r = S3.client().getBucketVersioning(b -> b.bucket(name));
    assertThat(r.status()).isNull();
    assertThat(r.mfaDelete()).isNull();
  }

  @Test
  void operationsOnAMissingBucketAreNoSuchBucket() {
    String missing = S3.newBucketName("nobucket");
    assertThatThrownBy(() -> S3.client().listObjectsV2(b -> b.bucket(missing)))
        .isInstanceOfSatisfying(NoSuchBucketException.class,
            e -> assertThat(S3.error(e).complete()).isTrue());
    assertThatThrownBy(() -> S3.client().putObject(b -> b.bucket(missing).key("k"),
        RequestBody.fromString("v")))
        .isInstanceOfSatisfying(NoSuchBucketException.class,
            e -> assertThat(e.statusCode()).isEqualTo(404));
  }
}
