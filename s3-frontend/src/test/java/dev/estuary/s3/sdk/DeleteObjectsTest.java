package dev.estuary.s3.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.s3.testing.S3TestServer;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.DeletedObject;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * DeleteObjects (S3 API reference): verbose mode reports every key as deleted, including keys that
 * did not exist; quiet mode reports only errors. The SDK sends an x-amz-checksum-crc32 instead of
 * Content-MD5, which a server must accept.
 */
class DeleteObjectsTest {
  @RegisterExtension static final S3TestServer S3 = new S3TestServer();

  private static List<ObjectIdentifier> ids(String... keys) {
    return Stream.of(keys).map(k -> ObjectIdentifier.builder().key(k).build()).toList();
  }

  @Test
  void verboseReportsEveryKeyIncludingMissingOnes() {
    String bucket = S3.createBucket("multidel");
    S3Client s3 = S3.client();
    for (String k : List.of("a", "b/c", "b/d", "keep")) {
      s3.putObject(b -> b.bucket(bucket).key(k), RequestBody.fromString(k));
    }
    DeleteObjectsResponse r = s3.deleteObjects(b -> b.bucket(bucket)
        .delete(d -> d.objects(ids("a", "b/c", "b/d", "missing", "x/y/z"))));

    assertThat(r.errors()).isEmpty();
    assertThat(r.deleted()).extracting(DeletedObject::key)
        .containsExactlyInAnyOrder("a", "b/c", "b/d", "missing", "x/y/z");
    assertThat(s3.listObjectsV2(b -> b.bucket(bucket)).contents()).extracting(S3Object::key)
        .containsExactly("keep");
    assertThat(S3.volumes().read(bucket, "b/c")).isEmpty();
    assertThat(S3.volumes().read(bucket, "keep")).isPresent();
  }

  @Test
  void quietReportsNothingOnSuccess() {
    String bucket = S3.createBucket("multidel-quiet");
    S3Client s3 = S3.client();
    s3.putObject(b -> b.bucket(bucket).key("q1"), RequestBody.fromString("1"));
    s3.putObject(b -> b.bucket(bucket).key("q2"), RequestBody.fromString("2"));
    DeleteObjectsResponse r = s3.deleteObjects(b -> b.bucket(bucket)
        .delete(d -> d.quiet(true).objects(ids("q1", "q2", "q3"))));
    assertThat(r.deleted()).isEmpty();
    assertThat(r.errors()).isEmpty();
    assertThat(s3.listObjectsV2(b -> b.bucket(bucket)).keyCount()).isZero();
  }

  @Test
  void manyKeysInOneRequest() {
    String bucket = S3.createBucket("multidel-many");
    S3Client s3 = S3.client();
    List<String> keys = new java.util.ArrayList<>();
    for (int i = 0; i < 60; i++) {
      String k = "many/" + (i % 3) + "/k" + i;
      keys.add(k);
      s3.putObject(b -> b.bucket(bucket).key(k), RequestBody.fromString(k));
    }
    DeleteObjectsResponse r = s3.deleteObjects(b -> b.bucket(bucket)
        .delete(d -> d.objects(ids(keys.toArray(String[]::new)))));
    assertThat(r.deleted()).hasSize(60);
    assertThat(s3.listObjectsV2(b -> b.bucket(bucket)).keyCount()).isZero();
  }
}
