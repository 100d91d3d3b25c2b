package dev.estuary.s3.clients;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.s3.testing.AwsCli;
import dev.estuary.s3.testing.Programs;
import dev.estuary.s3.testing.S3TestServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Public access as a web site owner sets it up with Debian's aws CLI ({@code s3api
 * put-object-acl --acl public-read}, {@code s3api put-bucket-policy}, {@code s3api
 * put-public-access-block}) and a browser-like client fetches it: curl without any credentials.
 */
class PublicAccessCliTest {
  @RegisterExtension static final S3TestServer S3 = new S3TestServer();

  @TempDir static Path home;
  static AwsCli cli;

  @BeforeAll
  static void configure() throws IOException {
    Programs.require("/usr/bin/curl", "curl");
    cli = AwsCli.configure(S3, home);
  }

  static Programs.Result aws(String... args) {
    return cli.run(Duration.ofMinutes(2), args);
  }

  /** GETs a URL with curl, no credentials; returns the status and writes the body to a file. */
  static String curl(String bucket, String key, Path out) {
    return Programs.run(home, Map.of(), Duration.ofSeconds(30), "/usr/bin/curl", "-sS",
        "--noproxy", "*", "-o", out.toString(), "-w", "%{http_code}",
        S3.endpoint() + "/" + bucket + "/" + key).ok().stdout();
  }

  @Test
  void publicReadAclThenBlockPublicAcls() throws IOException {
    String bucket = S3.createBucket("cli-acl");
    Path file = home.resolve("index.html");
    Files.writeString(file, "<h1>hello</h1>");
    aws("s3", "cp", file.toString(), "s3://" + bucket + "/site/index.html").ok();
    Path out = home.resolve("acl-out.html");
    assertThat(curl(bucket, "site/index.html", out)).isEqualTo("403");
    assertThat(Files.readString(out)).contains("<Code>AccessDenied</Code>");

    aws("s3api", "put-object-acl", "--bucket", bucket, "--key", "site/index.html", "--acl",
        "public-read").ok();
    assertThat(curl(bucket, "site/index.html", out)).isEqualTo("200");
    assertThat(Files.readString(out)).isEqualTo("<h1>hello</h1>");
    assertThat(aws("s3api", "get-object-acl", "--bucket", bucket, "--key", "site/index.html")
        .ok().stdout()).contains("http://acs.amazonaws.com/groups/global/AllUsers");

    aws("s3api", "put-public-access-block", "--bucket", bucket,
        "--public-access-block-configuration",
        "BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=false,"
            + "RestrictPublicBuckets=false").ok();
    assertThat(curl(bucket, "site/index.html", out)).isEqualTo("403");
    Programs.Result refused = aws("s3api", "put-object-acl", "--bucket", bucket, "--key",
        "site/index.html", "--acl", "public-read");
    assertThat(refused.exit()).isNotZero();
    assertThat(refused.stderr()).contains("AccessDenied");
  }

  @Test
  void bucketPolicyFromAFile() throws IOException {
    String bucket = S3.createBucket("cli-policy");
    Path file = home.resolve("photo.jpg");
    Files.write(file, new byte[] {1, 2, 3, 4});
    aws("s3", "cp", file.toString(), "s3://" + bucket + "/photos/photo.jpg").ok();
    aws("s3", "cp", file.toString(), "s3://" + bucket + "/private/photo.jpg").ok();
    Path policy = home.resolve("policy.json");
    Files.writeString(policy, """
        {
          "Version": "2012-10-17",
          "Statement": [{
            "Sid": "PublicPhotos",
            "Effect": "Allow",
            "Principal": "*",
            "Action": "s3:GetObject",
            "Resource": "arn:aws:s3:::%s/photos/*"
          }]
        }
        """.formatted(bucket), StandardCharsets.UTF_8);
    aws("s3api", "put-bucket-policy", "--bucket", bucket, "--policy",
        "file://" + policy).ok();
    assertThat(aws("s3api", "get-bucket-policy", "--bucket", bucket).ok().stdout())
        .contains("PublicPhotos");
    assertThat(aws("s3api", "get-bucket-policy-status", "--bucket", bucket).ok().stdout())
        .contains("\"IsPublic\": true");
    Path out = home.resolve("photo-out.jpg");
    assertThat(curl(bucket, "photos/photo.jpg", out)).isEqualTo("200");
    assertThat(Files.readAllBytes(out)).containsExactly(1, 2, 3, 4);
    assertThat(curl(bucket, "private/photo.jpg", out)).isEqualTo("403");

    Files.writeString(policy, "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\":"
        + " \"Allow\", \"Principal\": \"*\", \"Action\": \"s3:GetObjekt\", \"Resource\": \"*\"}]}");
    Programs.Result bad = aws("s3api", "put-bucket-policy", "--bucket", bucket, "--policy",
        "file://" + policy);
    assertThat(bad.exit()).isNotZero();
    assertThat(bad.stderr()).contains("MalformedPolicy");
    aws("s3api", "delete-bucket-policy", "--bucket", bucket).ok();
    assertThat(curl(bucket, "photos/photo.jpg", out)).isEqualTo("403");
  }
}
