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
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;

/**
 * Versioning through real clients: the AWS CLI's {@code s3api} workflow (enable, put twice, list
 * the versions, get the older one by id, delete to a marker, delete the marker to restore) and
 * rclone's {@code --s3-versions} (old versions listed as {@code name-vTIMESTAMP}, one read back by
 * its version id and uploaded again as the current one) and {@code --s3-version-at} (the tree as
 * it was at a time).
 */
class VersioningClientsTest {
  @RegisterExtension static final S3TestServer S3 = new S3TestServer();

  @TempDir static Path home;
  static AwsCli cli;
  static Rclone rclone;

  @BeforeAll
  static void configure() throws IOException {
    cli = AwsCli.configure(S3, home);
    rclone = Rclone.configure(S3, home);
  }

  static Programs.Result aws(String... args) {
    return cli.run(Duration.ofMinutes(2), args);
  }

  static Programs.Result rclone(String... args) {
    return rclone.run(args);
  }

  static String field(String json, String name) {
    Matcher m = Pattern.compile("\"" + name + "\": \"?([^\",\\s]+)\"?").matcher(json);
    assertThat(m.find()).as("%s in %s", name, json).isTrue();
    return m.group(1);
  }

  @Test
  void awsCliPutListGetDeleteAndRestore() throws IOException {
    String bucket = S3.createBucket("cli-versions");
    aws("s3api", "put-bucket-versioning", "--bucket", bucket, "--versioning-configuration",
        "Status=Enabled").ok();
    assertThat(aws("s3api", "get-bucket-versioning", "--bucket", bucket).ok().stdout())
        .contains("\"Status\": \"Enabled\"");
    Path one = Files.writeString(home.resolve("one.txt"), "first");
    Path two = Files.writeString(home.resolve("two.txt"), "second");
    String v1 = field(aws("s3api", "put-object", "--bucket", bucket, "--key", "doc.txt",
        "--body", one.toString()).ok().stdout(), "VersionId");
    String v2 = field(aws("s3api", "put-object", "--bucket", bucket, "--key", "doc.txt",
        "--body", two.toString()).ok().stdout(), "VersionId");
    assertThat(v2).isNotEqualTo(v1);

    String listing = aws("s3api", "list-object-versions", "--bucket", bucket).ok().stdout();
    assertThat(listing).contains(v1, v2);
    assertThat(listing.indexOf(v2)).as("newest first").isLessThan(listing.indexOf(v1));

    Path old = home.resolve("old.txt");
    aws("s3api", "get-object", "--bucket", bucket, "--key", "doc.txt", "--version-id", v1,
        old.toString()).ok();
    assertThat(Files.readString(old)).isEqualTo("first");

    String deleted = aws("s3api", "delete-object", "--bucket", bucket, "--key", "doc.txt")
        .ok().stdout();
    assertThat(deleted).contains("\"DeleteMarker\": true");
    String marker = field(deleted, "VersionId");
    Programs.Result gone = aws("s3api", "get-object", "--bucket", bucket, "--key", "doc.txt",
        home.resolve("gone.txt").toString());
    assertThat(gone.exit()).isNotZero();
    assertThat(gone.stderr()).contains("NoSuchKey");
    assertThat(aws("s3api", "list-object-versions", "--bucket", bucket).ok().stdout())
        .contains("DeleteMarkers", marker);

    aws("s3api", "delete-object", "--bucket", bucket, "--key", "doc.txt", "--version-id",
        marker).ok();
    Path back = home.resolve("back.txt");
    aws("s3api", "get-object", "--bucket", bucket, "--key", "doc.txt", back.toString()).ok();
    assertThat(Files.readString(back)).isEqualTo("second");
    assertThat(S3.volumes().read(bucket, "doc.txt")).hasValue("second".getBytes());
  }

  @Test
  void rcloneListsReadsAndRestoresAnOlderVersion() throws IOException {
    String bucket = S3.createBucket("rclone-versions");
    S3.client().putBucketVersioning(b -> b.bucket(bucket)
        .versioningConfiguration(c -> c.status(BucketVersioningStatus.ENABLED)));
    S3.client().putObject(b -> b.bucket(bucket).key("dir/note.txt"),
        RequestBody.fromString("version one"));
    // rclone names an old version by its modification time (to the millisecond).
    S3.clock().advance(Duration.ofSeconds(2));
    java.time.Instant between =
        S3.clock().instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    S3.clock().advance(Duration.ofSeconds(2));
    S3.client().putObject(b -> b.bucket(bucket).key("dir/note.txt"),
        RequestBody.fromString("version two"));

    List<String> plain = rclone("lsf", "-R", "est:" + bucket).ok().stdout().lines().toList();
    assertThat(plain).containsExactlyInAnyOrder("dir/", "dir/note.txt");
    List<String> all = rclone("lsf", "-R", "--s3-versions", "est:" + bucket).ok().stdout()
        .lines().toList();
    assertThat(all).hasSize(3).contains("dir/", "dir/note.txt");
    String oldName = all.stream().filter(n -> n.matches("dir/note-v\\d{4}-.*\\.txt")).findFirst()
        .orElseThrow(() -> new AssertionError("no old version in " + all));

    // Read the old version back: a copy with --s3-versions fetches it by its version id.
    Path versions = home.resolve("versions");
    rclone("copy", "--s3-versions", "--include", "note-v*", "est:" + bucket + "/dir",
        versions.toString()).ok();
    Path old = versions.resolve(oldName.substring("dir/".length()));
    assertThat(Files.readString(old)).isEqualTo("version one");
    // The tree as it was before the second PUT.
    Path asOf = home.resolve("as-of");
    rclone("copy", "--s3-version-at", between.toString(), "est:" + bucket, asOf.toString()).ok();
    assertThat(Files.readString(asOf.resolve("dir/note.txt"))).isEqualTo("version one");

    // Restore: the old version becomes the current one again (a new version on top).
    rclone("copyto", old.toString(), "est:" + bucket + "/dir/note.txt").ok();
    assertThat(S3.client().getObjectAsBytes(b -> b.bucket(bucket).key("dir/note.txt"))
        .asUtf8String()).isEqualTo("version one");
    assertThat(S3.client().listObjectVersions(b -> b.bucket(bucket)).versions()).hasSize(3);
  }
}
