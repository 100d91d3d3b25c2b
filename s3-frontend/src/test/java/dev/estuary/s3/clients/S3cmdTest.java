package dev.estuary.s3.clients;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.s3.testing.Programs;
import dev.estuary.s3.testing.S3TestServer;
import dev.estuary.s3.testing.Trees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * s3cmd from Debian ({@code /usr/bin/s3cmd}) with its own config file: put (single and multipart),
 * get, ls, del, path style, SigV4.
 */
class S3cmdTest {
  @RegisterExtension static final S3TestServer S3 = new S3TestServer();

  @TempDir static Path home;
  static Path config;
  static String bucket;

  @BeforeAll
  static void configure() throws IOException {
    Programs.require("/usr/bin/s3cmd", "s3cmd");
    String hostPort = S3.endpoint().getHost() + ":" + S3.endpoint().getPort();
    config = home.resolve("s3cfg");
    Files.writeString(config, "[default]\n"
        + "access_key = " + S3.credentials().accessKeyId() + "\n"
        + "secret_key = " + S3.credentials().secretAccessKey() + "\n"
        + "host_base = " + hostPort + "\n"
        + "host_bucket = " + hostPort + "\n"
        + "use_https = False\n"
        + "signature_v2 = False\n"
        + "bucket_location = us-east-1\n"
        + "check_ssl_certificate = False\n"
        + "proxy_host =\n"
        + "multipart_chunk_size_mb = 5\n");
    bucket = S3.createBucket("s3cmd");
  }

  static Programs.Result s3cmd(String... args) {
    List<String> cmd = new ArrayList<>(List.of("/usr/bin/s3cmd", "-c", config.toString(),
        "--no-progress"));
    cmd.addAll(List.of(args));
    return Programs.run(home, Map.of(), Duration.ofMinutes(3), cmd.toArray(String[]::new));
  }

  @Test
  void putGetLsDel() throws IOException {
    Path up = home.resolve("small file.txt");
    Files.writeString(up, "s3cmd content ü");
    s3cmd("put", up.toString(), "s3://" + bucket + "/dir/small file.txt").ok();

    Path down = home.resolve("small.down");
    s3cmd("get", "s3://" + bucket + "/dir/small file.txt", down.toString()).ok();
    assertThat(Files.readString(down)).isEqualTo("s3cmd content ü");

    String ls = s3cmd("ls", "s3://" + bucket + "/dir/").ok().stdout();
    assertThat(ls).contains("s3://" + bucket + "/dir/small file.txt");
    assertThat(s3cmd("ls").ok().stdout()).contains("s3://" + bucket);

    s3cmd("del", "s3://" + bucket + "/dir/small file.txt").ok();
    assertThat(S3.client().listObjectsV2(b -> b.bucket(bucket).prefix("dir/")).keyCount())
        .isZero();
  }

  @Test
  void multipartPutAndGet() {
    Path up = home.resolve("mp/up.bin");
    String sha = Trees.writeRandomFile(up, 12L * 1024 * 1024 + 5, 7);
    s3cmd("put", up.toString(), "s3://" + bucket + "/mp/up.bin").ok();
    assertThat(S3.client().headObject(b -> b.bucket(bucket).key("mp/up.bin")).eTag())
        .endsWith("-3\"");
    Path down = home.resolve("mp/down.bin");
    s3cmd("get", "s3://" + bucket + "/mp/up.bin", down.toString()).ok();
    assertThat(Trees.sha256(down)).isEqualTo(sha);
  }

  @Test
  void recursiveLsOfDirectoriesAndPrefixes() {
    for (String k : List.of("r/a/1", "r/a/2", "r/b/3", "r/4")) {
      S3.client().putObject(b -> b.bucket(bucket).key(k),
          software.amazon.awssdk.core.sync.RequestBody.fromString(k));
    }
    String top = s3cmd("ls", "s3://" + bucket + "/r/").ok().stdout();
    assertThat(top).contains("DIR").contains("s3://" + bucket + "/r/a/")
        .contains("s3://" + bucket + "/r/b/").contains("s3://" + bucket + "/r/4");
    String all = s3cmd("ls", "--recursive", "s3://" + bucket + "/r/").ok().stdout();
    assertThat(all.lines().filter(l -> l.contains("s3://")).count()).isEqualTo(4);
  }
}
