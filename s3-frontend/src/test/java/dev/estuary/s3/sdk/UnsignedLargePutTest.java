package dev.estuary.s3.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.s3.testing.RawS3;
import dev.estuary.s3.testing.S3TestServer;
import java.net.URI;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Large bodies with {@code UNSIGNED-PAYLOAD} (presigned PUTs, and what SDKs send over HTTPS)
 * take the direct-buffer path from the request's pooled buffers to the file (ObjectWriter,
 * PooledBodyStream): the bytes, the MD5 ETag and the Content-MD5 check come out as on the heap
 * path, sizes around the 1 MiB write unit included, and a rejected body stores nothing.
 */
class UnsignedLargePutTest {
  @RegisterExtension static final S3TestServer S3 = new S3TestServer();

  private static byte[] random(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  private static URI presignedPut(String bucket, String key) {
    return S3.raw().presign("PUT", RawS3.path(bucket, key), Duration.ofMinutes(5),
        Clock.systemUTC());
  }

  @Test
  void bytesAndEtagSurviveTheDirectPath() throws Exception {
    String bucket = S3.createBucket("unsigned-large");
    for (int size : new int[] {(1 << 20) - 1, 1 << 20, (1 << 20) + 1, 3 * (1 << 20) + 4099,
        9 * (1 << 20)}) {
      byte[] data = random(size, size);
      String key = "big/" + size;
      RawS3.Response put = S3.raw().plain("PUT", presignedPut(bucket, key), Map.of(), data);
      assertThat(put.status()).as(put.text()).isEqualTo(200);
      String md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data));
      assertThat(put.header("etag")).isEqualTo('"' + md5 + '"');
      byte[] back = S3.client().getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
      assertThat(back).as("size %d", size).isEqualTo(data);
    }
  }

  @Test
  void wrongContentMd5StoresNothing() throws Exception {
    String bucket = S3.createBucket("unsigned-md5");
    byte[] data = random(5 * (1 << 20) + 7, 5);
    String wrong = Base64.getEncoder().encodeToString(
        MessageDigest.getInstance("MD5").digest(new byte[1]));
    URI url = presignedPut(bucket, "bad");
    RawS3.Response put = S3.raw().plain("PUT", url, Map.of("Content-MD5", wrong), data);
    assertThat(put.status()).as(put.text()).isEqualTo(400);
    assertThat(put.error().code()).isEqualTo("BadDigest");
    assertThat(S3.volumes().walk(bucket)).isEmpty();
    try {
      S3.client().headObject(b -> b.bucket(bucket).key("bad"));
    } catch (S3Exception e) {
      assertThat(e.statusCode()).isEqualTo(404);
    }
    // The connection pool still works after the refused body.
    RawS3.Response ok = S3.raw().plain("PUT", presignedPut(bucket, "good"), Map.of(), data);
    assertThat(ok.status()).as(ok.text()).isEqualTo(200);
  }
}
