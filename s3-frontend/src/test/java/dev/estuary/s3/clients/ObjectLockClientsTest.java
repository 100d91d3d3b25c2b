package dev.estuary.s3.clients;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.s3.testing.AwsCli;
import dev.estuary.s3.testing.Programs;
import dev.estuary.s3.testing.Rclone;
import dev.estuary.s3.testing.S3TestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.model.ObjectLockEnabled;
import software.amazon.awssdk.services.s3.model.ObjectLockRetentionMode;
import software.amazon.awssdk.services.s3.model.ObjectVersion;

/**
 * Object Lock with real clients: rclone from Debian backs up into a bucket whose default
 * retention locks every version (what restic and Veeam rely on), then tries to delete the backup
 * ({@code rclone delete --s3-versions}, {@code rclone purge}) and fails, with every version's
 * bytes still there; and the AWS CLI v1 sets and reads retention and legal hold ({@code s3api
 * put-object-retention}, {@code get-object-retention}, {@code put-object-legal-hold}, {@code
 * get-object-legal-hold}) and is refused a locked version's deletion.
 */
class ObjectLockClientsTest {
  @RegisterExtension static final S3TestServer S3 = new S3TestServer();

  @TempDir static Path home;
  static Rclone rclone;
  static AwsCli cli;

  @BeforeAll
  static void configure() throws IOException {
    rclone = Rclone.configure(S3, home);
    cli = AwsCli.configure(S3, home);
  }

  static Programs.Result rclone(String... args) {
    return rclone.run(args);
  }

  static Programs.Result aws(String... args) {
    return cli.run(Duration.ofMinutes(3), args);
  }

  /** Every version in the bucket, "key@versionId" to its bytes. */
  static Map<String, String> versions(String bucket) {
    Map<String, String> out = new TreeMap<>();
    for (ObjectVersion v : S3.client().listObjectVersions(b -> b.bucket(bucket)).versions()) {
      out.put(v.key() + "@" + v.versionId(), S3.client().getObjectAsBytes(b -> b.bucket(bucket)
          .key(v.key()).versionId(v.versionId())).asUtf8String());
    }
    return out;
  }

  @Test
  void rcloneCannotDeleteALockedBackup() throws IOException {
    String bucket = S3.newBucketName("lock-rclone");
    S3.client().createBucket(b -> b.bucket(bucket).objectLockEnabledForBucket(true));
    S3.client().putObjectLockConfiguration(b -> b.bucket(bucket).objectLockConfiguration(c -> c
        .objectLockEnabled(ObjectLockEnabled.ENABLED)
        .rule(r -> r.defaultRetention(d -> d.mode(ObjectLockRetentionMode.COMPLIANCE).days(7)))));
    Path src = home.resolve("backup");
    Files.createDirectories(src.resolve("snapshots"));
    Files.writeString(src.resolve("config"), "repository v1\n");
    Files.writeString(src.resolve("snapshots/0001"), "first snapshot\n");
    rclone("copy", src.toString(), "est:" + bucket).ok();
    // A second backup run rewrites one file: a second version, locked too.
    Files.writeString(src.resolve("config"), "repository v2\n");
    rclone("copy", src.toString(), "est:" + bucket).ok();
    Map<String, String> before = versions(bucket);
    assertThat(before).hasSize(3);
    assertThat(before.values()).contains("repository v1\n", "repository v2\n", "first snapshot\n");

    Programs.Result delete = rclone("delete", "--s3-versions", "est:" + bucket);
    Programs.Result purge = rclone("purge", "est:" + bucket);

    assertThat(delete.exit()).as("rclone delete --s3-versions: %s", delete.stderr()).isNotZero();
    assertThat(delete.stderr()).contains("AccessDenied");
    assertThat(purge.exit()).as("rclone purge: %s", purge.stderr()).isNotZero();
    assertThat(versions(bucket)).isEqualTo(before);
  }

  @Test
  void awsCliSetsAndReadsRetentionAndLegalHold() {
    String bucket = S3.newBucketName("lock-awscli");
    aws("s3api", "create-bucket", "--bucket", bucket, "--object-lock-enabled-for-bucket").ok();
    Path body = home.resolve("cli-body.txt");
    try {
      Files.writeString(body, "kept\n");
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    String put = aws("s3api", "put-object", "--bucket", bucket, "--key", "k", "--body", body.toString())
        .ok().stdout();
    assertThat(put).contains("\"VersionId\"");

    aws("s3api", "put-object-retention", "--bucket", bucket, "--key", "k", "--retention",
        "Mode=GOVERNANCE,RetainUntilDate=2030-01-01T00:00:00Z").ok();
    String retention = aws("s3api", "get-object-retention", "--bucket", bucket, "--key", "k").ok().stdout();
    assertThat(retention).contains("\"Mode\": \"GOVERNANCE\"").contains("2030-01-01T00:00:00");
    aws("s3api", "put-object-legal-hold", "--bucket", bucket, "--key", "k", "--legal-hold", "Status=ON").ok();
    assertThat(aws("s3api", "get-object-legal-hold", "--bucket", bucket, "--key", "k").ok().stdout())
        .contains("\"Status\": \"ON\"");
    assertThat(aws("s3api", "get-object-lock-configuration", "--bucket", bucket).ok().stdout())
        .contains("\"ObjectLockEnabled\": \"Enabled\"");

    String versionId = S3.client().headObject(b -> b.bucket(bucket).key("k")).versionId();
    Programs.Result refused = aws("s3api", "delete-object", "--bucket", bucket, "--key", "k",
        "--version-id", versionId, "--bypass-governance-retention");
    assertThat(refused.exit()).isNotZero();
    assertThat(refused.stderr()).contains("AccessDenied");

    aws("s3api", "put-object-legal-hold", "--bucket", bucket, "--key", "k", "--legal-hold", "Status=OFF").ok();
    aws("s3api", "delete-object", "--bucket", bucket, "--key", "k", "--version-id", versionId,
        "--bypass-governance-retention").ok();
    assertThat(S3.client().listObjectVersions(b -> b.bucket(bucket)).versions()).isEmpty();
  }
}
