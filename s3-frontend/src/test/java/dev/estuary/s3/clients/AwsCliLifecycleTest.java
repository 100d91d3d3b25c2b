package dev.estuary.s3.clients;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.s3.testing.Programs;
import dev.estuary.s3.testing.S3TestServer;
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
  static Map<String, String> env;

  @BeforeAll
  static void configure() throws IOException {
    Programs.require("/usr/bin/aws", "awscli");
    Path config = home.resolve("aws-config");
    Files.writeString(config, """
        [default]
        region = us-east-1
        s3 =
            addressing_style = path
        """);
    Path credentials = home.resolve("aws-credentials");
    Files.writeString(credentials, "[default]\naws_access_key_id = "
        + S3.credentials().accessKeyId() + "\naws_secret_access_key = "
        + S3.credentials().secretAccessKey() + "\n");
    env = Map.of("AWS_CONFIG_FILE", config.toString(),
        "AWS_SHARED_CREDENTIALS_FILE", credentials.toString(),
        "AWS_MAX_ATTEMPTS", "1",
        "AWS_PAGER", "");
  }

  static Programs.Result aws(String... args) {
    List<String> cmd = new ArrayList<>(List.of("/usr/bin/aws", "--endpoint-url",
        S3.endpoint().toString(), "--no-cli-pager"));
    cmd.addAll(List.of(args));
    return Programs.run(home, env, Duration.ofMinutes(2), cmd.toArray(String[]::new));
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
