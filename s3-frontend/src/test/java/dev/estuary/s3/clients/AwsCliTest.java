package dev.estuary.s3.clients;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.s3.testing.AwsCli;
import dev.estuary.s3.testing.Programs;
import dev.estuary.s3.testing.S3TestServer;
import dev.estuary.s3.testing.Trees;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.Tag;

/**
 * The AWS CLI from Debian ({@code /usr/bin/aws}, package awscli) against the server: {@code s3 cp}
 * single-part and multipart (200 MB, 8 MiB parts) both ways, {@code s3 sync} both ways,
 * {@code s3 ls --recursive}, {@code s3api} calls, and a presigned URL fetched with curl.
 */
class AwsCliTest {
  @RegisterExtension static final S3TestServer S3 = new S3TestServer();

  @TempDir static Path home;
  static AwsCli cli;
  static String bucket;

  @BeforeAll
  static void configure() throws IOException {
    cli = AwsCli.configure(S3, home);
    bucket = S3.createBucket("awscli");
  }

  static Programs.Result aws(String... args) {
    return cli.run(Duration.ofMinutes(4), args);
  }

  @Test
  void cpSinglePartBothWays() throws IOException {
    Path up = home.resolve("single/up.bin");
    String sha = Trees.writeRandomFile(up, 3 * 1024 * 1024 + 11, 1);
    aws("s3", "cp", up.toString(), "s3://" + bucket + "/single/up.bin").ok();
    Path down = home.resolve("single/down.bin");
    aws("s3", "cp", "s3://" + bucket + "/single/up.bin", down.toString()).ok();
    assertThat(Trees.sha256(down)).isEqualTo(sha);
    String head = aws("s3api", "head-object", "--bucket", bucket, "--key", "single/up.bin")
        .ok().stdout();
    assertThat(head).contains("\"ContentLength\": " + (3 * 1024 * 1024 + 11));
    // Below the CLI's 8 MiB threshold: one PutObject, so the ETag is the plain MD5.
    assertThat(head).contains("\\\"" + dev.estuary.s3.testing.Checksums.md5Hex(
        Files.readAllBytes(up)) + "\\\"");
  }

  @Test
  void cpMultipart200MegabytesBothWays() throws IOException {
    Path up = home.resolve("big/up.bin");
    long size = 200L * 1000 * 1000;
    String sha = Trees.writeRandomFile(up, size, 2);
    aws("s3", "cp", up.toString(), "s3://" + bucket + "/big/200MB.bin").ok();
    String head = aws("s3api", "head-object", "--bucket", bucket, "--key", "big/200MB.bin")
        .ok().stdout();
    assertThat(head).contains("\"ContentLength\": " + size);
    // 200 MB in the CLI's default 8 MiB parts is 24 parts.
    assertThat(head).contains("-24\\\"");
    Files.delete(up);

    Path down = home.resolve("big/down.bin");
    aws("s3", "cp", "s3://" + bucket + "/big/200MB.bin", down.toString()).ok();
    assertThat(Files.size(down)).isEqualTo(size);
    assertThat(Trees.sha256(down)).isEqualTo(sha);
    Files.delete(down);
  }

  @Test
  void syncATreeUpAndBackDown() {
    Path src = home.resolve("tree-src");
    Map<String, String> want = Trees.writeSmallTree(src);
    aws("s3", "sync", src.toString(), "s3://" + bucket + "/tree/").ok();

    List<String> keys = S3.client().listObjectsV2Paginator(b -> b.bucket(bucket).prefix("tree/"))
        .contents().stream().map(S3Object::key).map(k -> k.substring("tree/".length())).toList();
    assertThat(keys).containsExactlyInAnyOrderElementsOf(want.keySet());

    // A second sync finds nothing to do.
    assertThat(aws("s3", "sync", src.toString(), "s3://" + bucket + "/tree/").ok().stdout())
        .isBlank();

    Path dst = home.resolve("tree-dst");
    aws("s3", "sync", "s3://" + bucket + "/tree/", dst.toString()).ok();
    assertThat(Trees.digests(dst)).isEqualTo(want);
  }

  @Test
  void lsRecursiveListsEveryKeyWithItsSize() {
    for (int i = 0; i < 5; i++) {
      int n = i;
      S3.client().putObject(b -> b.bucket(bucket).key("ls/d" + (n % 2) + "/f " + n),
          software.amazon.awssdk.core.sync.RequestBody.fromBytes(new byte[n * 10]));
    }
    String out = aws("s3", "ls", "--recursive", "s3://" + bucket + "/ls/").ok().stdout();
    Matcher m = Pattern.compile("(?m)^\\S+ \\S+\\s+(\\d+) (.+)$").matcher(out);
    Map<String, Long> listed = new java.util.TreeMap<>();
    while (m.find()) {
      listed.put(m.group(2), Long.parseLong(m.group(1)));
    }
    assertThat(listed).containsExactlyInAnyOrderEntriesOf(Map.of(
        "ls/d0/f 0", 0L, "ls/d1/f 1", 10L, "ls/d0/f 2", 20L, "ls/d1/f 3", 30L, "ls/d0/f 4", 40L));
    String top = aws("s3", "ls", "s3://" + bucket + "/ls/").ok().stdout();
    assertThat(top).contains("PRE d0/").contains("PRE d1/");
  }

  @Test
  void s3apiTaggingHeadAndListPaging() throws IOException {
    Path f = home.resolve("api.txt");
    Files.writeString(f, "api body");
    for (int i = 0; i < 5; i++) {
      aws("s3api", "put-object", "--bucket", bucket, "--key", "api/k" + i, "--body", f.toString())
          .ok();
    }
    aws("s3api", "put-object-tagging", "--bucket", bucket, "--key", "api/k0", "--tagging",
        "TagSet=[{Key=team,Value=storage}]").ok();
    assertThat(S3.client().getObjectTagging(b -> b.bucket(bucket).key("api/k0")).tagSet())
        .containsExactly(Tag.builder().key("team").value("storage").build());
    assertThat(aws("s3api", "get-object-tagging", "--bucket", bucket, "--key", "api/k0").ok()
        .stdout()).contains("\"storage\"");

    String head = aws("s3api", "head-object", "--bucket", bucket, "--key", "api/k3").ok()
        .stdout();
    assertThat(head).contains("\"ContentLength\": 8").contains(
        dev.estuary.s3.testing.Checksums.md5Hex("api body".getBytes()));

    // Page by hand with --max-keys and the continuation token.
    List<String> seen = new ArrayList<>();
    String token = null;
    for (int page = 0; page < 10; page++) {
      List<String> args = new ArrayList<>(List.of("s3api", "list-objects-v2", "--bucket", bucket,
          "--prefix", "api/", "--max-keys", "2", "--no-paginate"));
      if (token != null) {
        args.addAll(List.of("--continuation-token", token));
      }
      String out = aws(args.toArray(String[]::new)).ok().stdout();
      Matcher k = Pattern.compile("\"Key\": \"([^\"]+)\"").matcher(out);
      int n = 0;
      while (k.find()) {
        seen.add(k.group(1));
        n++;
      }
      assertThat(n).isLessThanOrEqualTo(2);
      Matcher t = Pattern.compile("\"NextContinuationToken\": \"([^\"]+)\"").matcher(out);
      if (!t.find()) {
        break;
      }
      token = t.group(1);
    }
    assertThat(seen).containsExactly("api/k0", "api/k1", "api/k2", "api/k3", "api/k4");
  }

  @Test
  void presignedUrlFetchedWithCurl() throws IOException {
    Programs.require("/usr/bin/curl", "curl");
    byte[] body = "presigned content \u00e4".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    S3.client().putObject(b -> b.bucket(bucket).key("pre/sign d.txt"),
        software.amazon.awssdk.core.sync.RequestBody.fromBytes(body));
    String url = aws("s3", "presign", "s3://" + bucket + "/pre/sign d.txt", "--expires-in", "300")
        .ok().stdout().strip();
    assertThat(URI.create(url).getHost()).isEqualTo("127.0.0.1");
    Path out = home.resolve("curl-out.txt");
    Programs.run(home, Map.of(), Duration.ofSeconds(30), "/usr/bin/curl", "-sS", "--fail",
        "--noproxy", "*", "-o", out.toString(), url).ok();
    assertThat(Files.readAllBytes(out)).isEqualTo(body);

    // The same URL with its signature spoiled is refused.
    String spoiled = url.replaceAll("X-Amz-Signature=[0-9a-f]", "X-Amz-Signature=x");
    Programs.Result bad = Programs.run(home, Map.of(), Duration.ofSeconds(30), "/usr/bin/curl",
        "-sS", "--noproxy", "*", "-o", "/dev/null", "-w", "%{http_code}", spoiled);
    assertThat(bad.stdout()).isEqualTo("403");
  }
}
