package dev.estuary.s3.clients;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.s3.testing.AwsCli;
import dev.estuary.s3.testing.Programs;
import dev.estuary.s3.testing.S3TestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The AWS CLI from Debian ({@code aws s3api put-bucket-lifecycle-configuration}, {@code
 * get-bucket-lifecycle-configuration}, {@code delete-bucket-lifecycle}) against the server, and the
 * rule it set carried out when the test clock moves.
 */
class AwsCliLifecycleTest {
  @RegisterExtension static final S3TestServer S3 = new S3TestServer();

  @TempDir static Path home;
  static AwsCli cli;

  @BeforeAll
  static void configure() throws IOException {
    cli = AwsCli.configure(S3, home);
  }

  static Programs.Result aws(String... args) {
    return cli.run(Duration.ofMinutes(2), args);
  }

  @Test
  void putGetDeleteAndTheRuleRuns() throws IOException {
    String bucket = S3.createBucket("awscli-lc");
    Path doc = home.resolve("lifecycle.json");
    Files.writeString(doc, """
        {"Rules": [
          {"ID": "expire-tmp", "Status": "Enabled", "Filter": {"Prefix": "tmp/"},
           "Expiration": {"Days": 1}},
          {"ID": "abort-mpu", "Status": "Enabled", "Filter": {"Prefix": ""},
           "AbortIncompleteMultipartUpload": {"DaysAfterInitiation": 3}}
        ]}""");
    aws("s3api", "put-bucket-lifecycle-configuration", "--bucket", bucket,
        "--lifecycle-configuration", "file://" + doc).ok();
    String got = aws("s3api", "get-bucket-lifecycle-configuration", "--bucket", bucket).ok()
        .stdout();
    assertThat(got).contains("\"ID\": \"expire-tmp\"", "\"Prefix\": \"tmp/\"", "\"Days\": 1",
        "\"ID\": \"abort-mpu\"", "\"DaysAfterInitiation\": 3");

    S3.client().putObject(b -> b.bucket(bucket).key("tmp/scratch"), RequestBody.fromString("x"));
    S3.client().putObject(b -> b.bucket(bucket).key("keep/me"), RequestBody.fromString("x"));
    String head = aws("s3api", "head-object", "--bucket", bucket, "--key", "tmp/scratch").ok()
        .stdout();
    assertThat(head).contains("\"Expiration\": \"expiry-date=", "rule-id=\\\"expire-tmp\\\"");

    S3.clock().advance(Duration.ofDays(2));
    try {
      S3.lifecycle().runOnce();
    } finally {
      S3.clock().reset();
    }
    assertThat(S3.client().listObjectsV2(b -> b.bucket(bucket)).contents())
        .extracting(S3Object::key).containsExactly("keep/me");

    aws("s3api", "delete-bucket-lifecycle", "--bucket", bucket).ok();
    Programs.Result gone = aws("s3api", "get-bucket-lifecycle-configuration", "--bucket", bucket);
    assertThat(gone.exit()).isNotZero();
    assertThat(gone.stderr()).contains("NoSuchLifecycleConfiguration");
  }
}
