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
 * boto3 (Debian's python3-boto3, run by {@code /usr/bin/python3}, not the Python first on PATH):
 * put/get/head with metadata, ranges, paginated listing with a delimiter, transfer-manager
 * multipart upload and download, copy, multi-delete, presigned GET. The script is
 * {@code src/test/resources/clients/boto3_workflow.py}.
 */
class Boto3Test {
  @RegisterExtension static final S3TestServer S3 = new S3TestServer();

  @TempDir Path home;

  @Test
  void workflow() throws IOException {
    Path python = Programs.require("/usr/bin/python3", "python3-boto3");
    Path script = home.resolve("boto3_workflow.py");
    try (InputStream in = Boto3Test.class.getResourceAsStream("/clients/boto3_workflow.py")) {
      assertThat(in).as("test resource clients/boto3_workflow.py").isNotNull();
      Files.copy(in, script);
    }
    Programs.Result importCheck = Programs.run(home, Map.of(), Duration.ofSeconds(60),
        python.toString(), "-c", "import boto3");
    assertThat(importCheck.exit()).as("/usr/bin/python3 -c 'import boto3' (expected: Debian "
        + "package python3-boto3): %s", importCheck.stderr()).isZero();

    String bucket = S3.createBucket("boto3");
    Programs.Result r = Programs.run(home, Map.of(), Duration.ofMinutes(3), python.toString(),
        script.toString(), S3.endpoint().toString(), bucket, S3.credentials().accessKeyId(),
        S3.credentials().secretAccessKey(), home.toString()).ok();
    assertThat(r.stdout().strip()).isEqualTo("OK 6");
  }
}
