package dev.estuary.s3.clients;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.s3.testing.Programs;
import dev.estuary.s3.testing.Rclone;
import dev.estuary.s3.testing.S3TestServer;
import dev.estuary.s3.testing.Trees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * rclone from Debian ({@code /usr/bin/rclone}) with an rclone config (provider Other, path
 * style): {@code sync} up, {@code check}, an incremental sync with a change and a deletion,
 * {@code sync} down and {@code check} again.
 */
class RcloneTest {
  @RegisterExtension static final S3TestServer S3 = new S3TestServer();

  @TempDir static Path home;
  static Rclone rclone;

  @BeforeAll
  static void configure() throws IOException {
    rclone = Rclone.configure(S3, home);
  }

  static Programs.Result rclone(String... args) {
    return rclone.run(args);
  }

  @Test
  void syncCheckAndSyncBack() throws IOException {
    String bucket = S3.createBucket("rclone");
    Path src = home.resolve("src");
    Map<String, String> want = Trees.writeSmallTree(src);
    // One file above rclone's 200 MiB default cutoff would be slow; force multipart at 5 MiB.
    Trees.writeRandomFile(src.resolve("big/multi.bin"), 11L * 1024 * 1024, 9);
    want = Trees.digests(src);

    rclone("sync", src.toString(), "est:" + bucket + "/tree", "--s3-upload-cutoff", "5M",
        "--s3-chunk-size", "5M").ok();
    rclone("check", src.toString(), "est:" + bucket + "/tree").ok();
    List<String> keys = S3.client().listObjectsV2Paginator(b -> b.bucket(bucket)).contents()
        .stream().map(S3Object::key).toList();
    assertThat(keys).hasSize(want.size()).allSatisfy(k -> assertThat(k).startsWith("tree/"));

    // Change one file, delete another, sync again: the remote follows.
    Files.writeString(src.resolve("top.txt"), "changed");
    Files.delete(src.resolve("x/2"));
    rclone("sync", src.toString(), "est:" + bucket + "/tree").ok();
    rclone("check", src.toString(), "est:" + bucket + "/tree").ok();
    assertThat(S3.client().getObjectAsBytes(b -> b.bucket(bucket).key("tree/top.txt"))
        .asUtf8String()).isEqualTo("changed");

    Path dst = home.resolve("dst");
    rclone("sync", "est:" + bucket + "/tree", dst.toString()).ok();
    rclone("check", "est:" + bucket + "/tree", dst.toString()).ok();
    assertThat(Trees.digests(dst)).isEqualTo(Trees.digests(src));
  }

  @Test
  void checkNoticesADifference() throws IOException {
    String bucket = S3.createBucket("rclone-diff");
    Path src = home.resolve("src2");
    Trees.writeSmallTree(src);
    rclone("copy", src.toString(), "est:" + bucket).ok();
    S3.client().putObject(b -> b.bucket(bucket).key("top.txt"),
        software.amazon.awssdk.core.sync.RequestBody.fromString("tampered remotely"));
    Programs.Result r = rclone("check", src.toString(), "est:" + bucket);
    assertThat(r.exit()).as("rclone check must report the changed file: %s", r.stderr())
        .isNotZero();
    assertThat(r.stderr()).contains("top.txt");
  }
}
