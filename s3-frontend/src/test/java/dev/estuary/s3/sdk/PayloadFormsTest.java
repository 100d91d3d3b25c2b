package dev.estuary.s3.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.s3.testing.RawS3;
import dev.estuary.s3.testing.S3TestServer;
import dev.estuary.s3.testing.TestData;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Every {@code x-amz-content-sha256} form a client may send (SigV4 for S3, "Signature
 * calculations for the Authorization header: Transferring payload in multiple chunks"), each
 * produced by the real SDK or its signer, observed on the wire, and the stored bytes checked.
 */
class PayloadFormsTest {
  @RegisterExtension static final S3TestServer S3 = new S3TestServer();

  /** 300 KiB + 5: three 128 KiB aws-chunks and a short one. */
  static final byte[] DATA = TestData.bytes(300 * 1024 + 5, 77);

  /** Records the x-amz-content-sha256 of every request a client sends. */
  static final class PayloadHashes implements ExecutionInterceptor {
    final List<String> seen = new CopyOnWriteArrayList<>();

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes a) {
      seen.add(context.httpRequest().firstMatchingHeader("x-amz-content-sha256").orElse("(none)"));
    }
  }

  private static void assertStored(String bucket, String key) {
    assertThat(S3.volumes().read(bucket, key)).hasValueSatisfying(
        v -> assertThat(v).isEqualTo(DATA));
    assertThat(S3.client().getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray())
        .isEqualTo(DATA);
  }

  @Test
  void signedChunksWithASignedTrailer() {
    String bucket = S3.createBucket("form-sct");
    PayloadHashes hashes = new PayloadHashes();
    try (S3Client c = syncClient(hashes, RequestChecksumCalculation.WHEN_SUPPORTED)) {
      c.putObject(b -> b.bucket(bucket).key("k"), RequestBody.fromBytes(DATA));
    }
    assertThat(hashes.seen).containsExactly("STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER");
    assertStored(bucket, "k");
  }

  @Test
  void signedChunksWithoutATrailer() {
    String bucket = S3.createBucket("form-sc");
    PayloadHashes hashes = new PayloadHashes();
    try (S3Client c = syncClient(hashes, RequestChecksumCalculation.WHEN_REQUIRED)) {
      c.putObject(b -> b.bucket(bucket).key("k"), RequestBody.fromBytes(DATA));
    }
    assertThat(hashes.seen).containsExactly("STREAMING-AWS4-HMAC-SHA256-PAYLOAD");
    assertStored(bucket, "k");
  }

  @Test
  void unsignedChunksWithATrailer() {
    String bucket = S3.createBucket("form-ut");
    PayloadHashes hashes = new PayloadHashes();
    try (S3AsyncClient c = S3AsyncClient.builder()
        .endpointOverride(S3.endpoint()).region(Region.of(S3TestServer.REGION))
        .credentialsProvider(StaticCredentialsProvider.create(S3.credentials()))
        .forcePathStyle(true)
        .overrideConfiguration(o -> o.addExecutionInterceptor(hashes)
            .retryStrategy(r -> r.maxAttempts(1)))
        .httpClientBuilder(NettyNioAsyncHttpClient.builder()).build()) {
      c.putObject(b -> b.bucket(bucket).key("k"), AsyncRequestBody.fromBytes(DATA)).join();
    }
    assertThat(hashes.seen).containsExactly("STREAMING-UNSIGNED-PAYLOAD-TRAILER");
    assertStored(bucket, "k");
  }

  @Test
  void wholePayloadHash() {
    String bucket = S3.createBucket("form-sha");
    RawS3.Response r = S3.raw().send("PUT", RawS3.path(bucket, "k"), Map.of(), Map.of(), DATA);
    assertThat(r.status()).as(r.text()).isEqualTo(200);
    assertStored(bucket, "k");
  }

  @Test
  void unsignedPayloadInAPresignedPut() {
    String bucket = S3.createBucket("form-unsigned");
    var url = S3.raw().presign("PUT", RawS3.path(bucket, "k"), java.time.Duration.ofMinutes(5),
        S3.clock());
    assertThat(url.getQuery()).contains("X-Amz-Signature=");
    RawS3.Response r = S3.raw().plain("PUT", url, Map.of(), DATA);
    assertThat(r.status()).as(r.text()).isEqualTo(200);
    assertStored(bucket, "k");
  }

  private static S3Client syncClient(PayloadHashes hashes, RequestChecksumCalculation mode) {
    return S3Client.builder()
        .endpointOverride(S3.endpoint()).region(Region.of(S3TestServer.REGION))
        .credentialsProvider(StaticCredentialsProvider.create(S3.credentials()))
        .forcePathStyle(true)
        .requestChecksumCalculation(mode)
        .overrideConfiguration(o -> o.addExecutionInterceptor(hashes)
            .retryStrategy(r -> r.maxAttempts(1)))
        .httpClientBuilder(Apache5HttpClient.builder()).build();
  }
}
