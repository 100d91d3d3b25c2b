package dev.estuary.s3.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.estuary.core.MasterKeys;
import dev.estuary.s3.testing.Checksums;
import dev.estuary.s3.testing.S3TestServer;
import dev.estuary.s3.testing.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.GetBucketEncryptionResponse;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ObjectAttributes;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * SSE-S3 through the AWS SDK v2: {@code x-amz-server-side-encryption: AES256} on PUT, the header
 * on GET and HEAD, range reads, bucket default encryption (Put/Get/DeleteBucketEncryption, as
 * ceph's s3-tests test_sse_s3_default_* and test_*_bucket_encryption_s3 expect), SSE-KMS refused,
 * the master key file (0600) and its rotation.
 */
class SseS3Test {
  @RegisterExtension static final S3TestServer S3 = new S3TestServer();

  @Test
  void putGetHeadAndRanges() {
    String bucket = S3.createBucket("sses3");
    byte[] data = TestData.bytes(200_000, 11);
    PutObjectResponse put = S3.client().putObject(b -> b.bucket(bucket).key("o")
        .serverSideEncryption(ServerSideEncryption.AES256), RequestBody.fromBytes(data));
    assertThat(put.serverSideEncryption()).isEqualTo(ServerSideEncryption.AES256);
    // SSE-S3 objects keep the MD5 ETag, as on S3.
    assertThat(put.eTag()).isEqualTo(Checksums.etag(data));

    ResponseBytes<GetObjectResponse> got = S3.client().getObjectAsBytes(b -> b.bucket(bucket)
        .key("o"));
    assertThat(got.asByteArray()).isEqualTo(data);
    assertThat(got.response().serverSideEncryption()).isEqualTo(ServerSideEncryption.AES256);
    assertThat(S3.client().headObject(b -> b.bucket(bucket).key("o")).contentLength())
        .isEqualTo(data.length);
    // GetObjectAttributes reports the plaintext size too, not the stored (larger) one.
    assertThat(S3.client().getObjectAttributes(b -> b.bucket(bucket).key("o")
        .objectAttributes(ObjectAttributes.OBJECT_SIZE)).objectSize()).isEqualTo((long) data.length);
    byte[] range = S3.client().getObjectAsBytes(b -> b.bucket(bucket).key("o")
        .range("bytes=65530-131080")).asByteArray();
    assertThat(range).isEqualTo(Arrays.copyOfRange(data, 65530, 131081));

    byte[] disk = S3.volumes().read(bucket, "o").orElseThrow();
    assertThat(disk.length).isGreaterThan(data.length);
    assertThat(SseCustomerKeyTest.indexOf(disk, Arrays.copyOfRange(data, 5000, 5032)))
        .isEqualTo(-1);
  }

  @Test
  void kmsIsRefusedClearly() {
    String bucket = S3.createBucket("sses3-kms");
    assertThatThrownBy(() -> S3.client().putObject(b -> b.bucket(bucket).key("o")
        .serverSideEncryption(ServerSideEncryption.AWS_KMS), RequestBody.fromString("x")))
        .isInstanceOfSatisfying(S3Exception.class, e -> {
          assertThat(e.statusCode()).isEqualTo(400);
          assertThat(e.awsErrorDetails().errorMessage()).contains("no KMS");
        });
    assertThatThrownBy(() -> S3.client().putBucketEncryption(b -> b.bucket(bucket)
        .serverSideEncryptionConfiguration(c -> c.rules(r -> r.applyServerSideEncryptionByDefault(
            d -> d.sseAlgorithm(ServerSideEncryption.AWS_KMS))))))
        .isInstanceOfSatisfying(S3Exception.class, e -> {
          assertThat(e.statusCode()).isEqualTo(400);
          assertThat(e.awsErrorDetails().errorMessage()).contains("no KMS");
        });
    assertThat(S3.client().listObjectsV2(b -> b.bucket(bucket)).contents()).isEmpty();
  }

  @Test
  void bucketDefaultEncryptionAppliesToNewObjects() {
    String bucket = S3.createBucket("sses3-default");
    assertThatThrownBy(() -> S3.client().getBucketEncryption(b -> b.bucket(bucket)))
        .isInstanceOfSatisfying(S3Exception.class, e -> {
          assertThat(e.statusCode()).isEqualTo(404);
          assertThat(e.awsErrorDetails().errorCode())
              .isEqualTo("ServerSideEncryptionConfigurationNotFoundError");
        });
    S3.client().putObject(b -> b.bucket(bucket).key("before"), RequestBody.fromString("plain"));
    S3.client().putBucketEncryption(b -> b.bucket(bucket)
        .serverSideEncryptionConfiguration(c -> c.rules(r -> r.applyServerSideEncryptionByDefault(
            d -> d.sseAlgorithm(ServerSideEncryption.AES256)))));
    GetBucketEncryptionResponse enc = S3.client().getBucketEncryption(b -> b.bucket(bucket));
    assertThat(enc.serverSideEncryptionConfiguration().rules().getFirst()
        .applyServerSideEncryptionByDefault().sseAlgorithm())
        .isEqualTo(ServerSideEncryption.AES256);

    PutObjectResponse put = S3.client().putObject(b -> b.bucket(bucket).key("after"),
        RequestBody.fromString("now encrypted"));
    assertThat(put.serverSideEncryption()).isEqualTo(ServerSideEncryption.AES256);
    assertThat(S3.client().headObject(b -> b.bucket(bucket).key("after")).serverSideEncryption())
        .isEqualTo(ServerSideEncryption.AES256);
    assertThat(S3.client().headObject(b -> b.bucket(bucket).key("before")).serverSideEncryption())
        .isNull();
    assertThat(S3.client().getObjectAsBytes(b -> b.bucket(bucket).key("after")).asUtf8String())
        .isEqualTo("now encrypted");
    assertThat(new String(S3.volumes().read(bucket, "after").orElseThrow()))
        .doesNotContain("now encrypted");

    S3.client().deleteBucketEncryption(b -> b.bucket(bucket));
    assertThatThrownBy(() -> S3.client().getBucketEncryption(b -> b.bucket(bucket)))
        .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(404));
    assertThat(S3.client().putObject(b -> b.bucket(bucket).key("later"),
        RequestBody.fromString("plain again")).serverSideEncryption()).isNull();
    // Still readable after the default went away.
    assertThat(S3.client().getObjectAsBytes(b -> b.bucket(bucket).key("after")).asUtf8String())
        .isEqualTo("now encrypted");
  }

  @Test
  void keyFileIs0600AndRotationKeepsOldObjectsReadable() throws Exception {
    String bucket = S3.createBucket("sses3-rotate");
    S3.client().putObject(b -> b.bucket(bucket).key("old")
        .serverSideEncryption(ServerSideEncryption.AES256), RequestBody.fromString("old bytes"));
    Path data = S3.dataDirectory().orElseThrow();
    Path file = data.resolve(MasterKeys.FILE_NAME);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    // Rotated by another instance on the same file, as the admin API or the CLI does.
    MasterKeys admin = MasterKeys.open(data, new SecureRandom());
    int before = admin.ids().getLast();
    int rotated = admin.rotate();
    assertThat(rotated).isGreaterThan(before);
    assertThat(Files.readString(file)).startsWith(before + " ").contains("\n" + rotated + " ");

    S3.client().putObject(b -> b.bucket(bucket).key("new")
        .serverSideEncryption(ServerSideEncryption.AES256), RequestBody.fromString("new bytes"));
    assertThat(S3.client().getObjectAsBytes(b -> b.bucket(bucket).key("old")).asUtf8String())
        .isEqualTo("old bytes");
    assertThat(S3.client().getObjectAsBytes(b -> b.bucket(bucket).key("new")).asUtf8String())
        .isEqualTo("new bytes");
  }
}
