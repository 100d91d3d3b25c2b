package dev.estuary.s3.clients;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.s3.testing.AwsCli;
import dev.estuary.s3.testing.Programs;
import dev.estuary.s3.testing.S3TestServer;
import dev.estuary.s3.testing.Trees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Server-side encryption with the AWS CLI from Debian ({@code /usr/bin/aws}): {@code s3 cp
 * --sse-c AES256 --sse-c-key fileb://key} up and down, single-part and multipart (above the CLI's
 * 8 MiB threshold), a download with another key refused, and {@code --sse AES256}. The server
 * allows SSE-C over plain HTTP from loopback ({@code s3.sse-c-over-http = loopback}).
 */
class AwsCliSseTest {
  @RegisterExtension
  static final S3TestServer S3 = new S3TestServer().option("sse-c-over-http", "loopback");

  @TempDir static Path home;
  static AwsCli cli;
  static String bucket;
  static Path key;
  static Path otherKey;

  @BeforeAll
  static void configure() throws IOException {
    cli = AwsCli.configure(S3, home);
    bucket = S3.createBucket("awscli-sse");
    byte[] k = new byte[32];
    Arrays.fill(k, (byte) 0x3c);
    key = Files.write(home.resolve("sse.key"), k);
    k[5] = 1;
    otherKey = Files.write(home.resolve("other.key"), k);
  }

  static Programs.Result aws(String... args) {
    return cli.run(Duration.ofMinutes(4), args);
  }

  @Test
  void cpWithCustomerKeyRoundTrips() throws IOException {
    for (int size : new int[] {1_000_003, 20 * 1024 * 1024 + 5}) {
      Path up = home.resolve("ssec/up-" + size + ".bin");
      String sha = Trees.writeRandomFile(up, size, size);
      String target = "s3://" + bucket + "/ssec/" + size + ".bin";
      aws("s3", "cp", up.toString(), target, "--sse-c", "AES256", "--sse-c-key",
          "fileb://" + key).ok();
      Path down = home.resolve("ssec/down-" + size + ".bin");
      aws("s3", "cp", target, down.toString(), "--sse-c", "AES256", "--sse-c-key",
          "fileb://" + key).ok();
      assertThat(Trees.sha256(down)).as("size %d", size).isEqualTo(sha);

      Programs.Result wrong = aws("s3", "cp", target, home.resolve("ssec/wrong.bin").toString(),
          "--sse-c", "AES256", "--sse-c-key", "fileb://" + otherKey);
      assertThat(wrong.exit()).isNotZero();
      assertThat(wrong.stderr()).contains("403");
      Programs.Result none = aws("s3", "cp", target, home.resolve("ssec/none.bin").toString());
      assertThat(none.exit()).isNotZero();
      assertThat(none.stderr()).contains("400");
    }
    String head = aws("s3api", "head-object", "--bucket", bucket, "--key", "ssec/1000003.bin",
        "--sse-customer-algorithm", "AES256", "--sse-customer-key", "fileb://" + key).ok().stdout();
    assertThat(head).contains("\"ContentLength\": 1000003").contains("\"SSECustomerAlgorithm\": \"AES256\"");
  }

  @Test
  void cpWithSseS3RoundTrips() throws IOException {
    Path up = home.resolve("sses3/up.bin");
    String sha = Trees.writeRandomFile(up, 700_001, 5);
    aws("s3", "cp", up.toString(), "s3://" + bucket + "/sses3/o.bin", "--sse", "AES256").ok();
    String head = aws("s3api", "head-object", "--bucket", bucket, "--key", "sses3/o.bin")
        .ok().stdout();
    assertThat(head).contains("\"ServerSideEncryption\": \"AES256\"")
        .contains("\"ContentLength\": 700001");
    Path down = home.resolve("sses3/down.bin");
    aws("s3", "cp", "s3://" + bucket + "/sses3/o.bin", down.toString()).ok();
    assertThat(Trees.sha256(down)).isEqualTo(sha);
  }
}
