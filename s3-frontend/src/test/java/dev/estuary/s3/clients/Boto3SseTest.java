package dev.estuary.s3.clients;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.s3.testing.Programs;
import dev.estuary.s3.testing.S3TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Server-side encryption with boto3 (Debian's python3-boto3), driven as ceph's s3-tests drive it:
 * SSE-C headers from a before-call hook (400 without the key, 403 with another, 400 for a bad key
 * MD5), boto3's SSECustomer* parameters through the transfer manager (multipart both ways, a range
 * across parts), bucket default encryption. The script is {@code
 * src/test/resources/clients/boto3_sse.py}.
 */
class Boto3SseTest {
  @RegisterExtension
  static final S3TestServer S3 = new S3TestServer().option("sse-c-over-http", "loopback");

  @TempDir Path home;

  @Test
  void encryptionWorkflow() throws IOException {
    Path python = Programs.require("/usr/bin/python3", "python3-boto3");
    Path script = home.resolve("boto3_sse.py");
    try (InputStream in = Boto3SseTest.class.getResourceAsStream("/clients/boto3_sse.py")) {
      assertThat(in).as("test resource clients/boto3_sse.py").isNotNull();
      Files.copy(in, script);
    }
    String bucket = S3.createBucket("boto3-sse");
    Programs.Result r = Programs.run(home, Map.of(), Duration.ofMinutes(3), python.toString(),
        script.toString(), S3.endpoint().toString(), bucket, S3.credentials().accessKeyId(),
        S3.credentials().secretAccessKey(), home.toString()).ok();
    assertThat(r.stdout().strip()).isEqualTo("OK 3");
  }
}
