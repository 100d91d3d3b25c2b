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
 * boto3 (Debian's) sending what the ceph/s3-tests conformance suite sends for issue 15's
 * correctness items: unicode user metadata, tags in the {@code x-amz-tagging} header, {@code
 * Content-Encoding: gzip, aws-chunked}, a checksum that is not the body's, an empty continuation
 * token. The script is {@code src/test/resources/clients/boto3_conformance.py}.
 */
class Boto3ConformanceTest {
  @RegisterExtension static final S3TestServer S3 = new S3TestServer();

  @TempDir Path home;

  @Test
  void suiteExpectations() throws IOException {
    Path python = Programs.require("/usr/bin/python3", "python3-boto3");
    Path script = home.resolve("boto3_conformance.py");
    try (InputStream in = getClass().getResourceAsStream("/clients/boto3_conformance.py")) {
      assertThat(in).as("test resource clients/boto3_conformance.py").isNotNull();
      Files.copy(in, script);
    }
    String bucket = S3.createBucket("conformance");
    Programs.Result r = Programs.run(home, Map.of(), Duration.ofMinutes(2), python.toString(),
        script.toString(), S3.endpoint().toString(), bucket, S3.credentials().accessKeyId(),
        S3.credentials().secretAccessKey());
    assertThat(r.exit()).as("stdout:%n%s%nstderr:%n%s", r.stdout(), r.stderr()).isZero();
    assertThat(r.stdout().lines().toList().getLast()).isEqualTo("OK 5");
  }
}
