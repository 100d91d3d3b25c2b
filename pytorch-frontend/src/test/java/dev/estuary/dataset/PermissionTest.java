package dev.estuary.dataset;

import static dev.estuary.dataset.ReadTest.assertCode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.estuary.core.User;
import dev.estuary.dataset.proto.CheckpointHeader;
import dev.estuary.dataset.proto.DataChunk;
import dev.estuary.dataset.proto.GetBatchRequest;
import dev.estuary.dataset.proto.GetRequest;
import dev.estuary.dataset.proto.ReadCheckpointRequest;
import dev.estuary.dataset.proto.ReadRangeRequest;
import dev.estuary.dataset.proto.ScanRequest;
import dev.estuary.dataset.proto.ScanResponse;
import dev.estuary.dataset.proto.StatRequest;
import dev.estuary.dataset.proto.WriteCheckpointResponse;
import dev.estuary.dfs.Attributes;
import dev.estuary.dfs.FileHandle;
import dev.estuary.dfs.OpenMode;
import dev.estuary.dfs.Ownership;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * POSIX mode bits and ownership through the dataset service (issue 9), with a real grpc-java
 * client. Files are written straight through dfs-api with the owner and mode an NFS or SMB client
 * would have set. {@code alice} has a read grant, {@code bob} a write grant, {@code root} is the
 * gateway admin; the volume's group is gid 0.
 */
class PermissionTest {
  @TempDir Path tmp;
  private DatasetFixture f;
  private User bob;

  @BeforeEach
  void start() throws Exception {
    f = new DatasetFixture(tmp, Map.of());
    bob = f.users.find("bob").orElseThrow();
    f.write("public/a.bin", 100);
    write("public", 0775, "bobs-secret.bin", 0600, bob.uid(), "bob only");
    write("bob-home", 0700, "diary.bin", 0644, bob.uid(), "dear diary");
  }

  @AfterEach
  void stop() {
    f.close();
  }

  /** A file as an NFS client of {@code uid} leaves it (its primary group = its uid here). */
  private void write(String dir, int dirMode, String name, int mode, int uid, String content) {
    Attributes d = f.volume.mkdirs(dir, dirMode, new Ownership(uid, uid));
    Attributes a = f.volume.create(d.id(), name, mode, new Ownership(uid, uid), true);
    try (FileHandle h = f.volume.open(a.id(), OpenMode.WRITE)) {
      h.write(0, ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8)));
    }
  }

  private String get(String token, String path) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Iterator<DataChunk> it = f.blocking(token).get(
        GetRequest.newBuilder().setVolume(DatasetFixture.VOLUME).setPath(path).build());
    it.forEachRemaining(c -> out.writeBytes(c.getData().toByteArray()));
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void aPrivateFileOfAnotherUserIsPermissionDenied() {
    String secret = "public/bobs-secret.bin";
    assertCode(() -> get(f.aliceToken, secret), Status.Code.PERMISSION_DENIED,
        "path: 'public/bobs-secret.bin' in volume 'train': user 'alice'");
    assertCode(() -> f.blocking(f.aliceToken).readRange(ReadRangeRequest.newBuilder()
        .setVolume(DatasetFixture.VOLUME).setPath(secret).setOffset(0).setLength(3).build())
        .forEachRemaining(c -> { }), Status.Code.PERMISSION_DENIED, "may not read it (mode 0600");
    assertCode(() -> f.blocking(f.aliceToken).stat(StatRequest.newBuilder()
        .setVolume(DatasetFixture.VOLUME).setPath(secret).build()), Status.Code.PERMISSION_DENIED,
        "expected: read permission");
    assertCode(() -> f.blocking(f.aliceToken).getBatch(GetBatchRequest.newBuilder()
        .setVolume(DatasetFixture.VOLUME).addPaths("public/a.bin").addPaths(secret).build())
        .forEachRemaining(c -> { }), Status.Code.PERMISSION_DENIED, secret);
    assertCode(() -> f.blocking(f.aliceToken).readCheckpoint(ReadCheckpointRequest.newBuilder()
        .setVolume(DatasetFixture.VOLUME).setPath(secret).build()).forEachRemaining(c -> { }),
        Status.Code.PERMISSION_DENIED, secret);
    // A directory private to bob: not even its 0644 files can be reached (no search on the path).
    assertCode(() -> get(f.aliceToken, "bob-home/diary.bin"), Status.Code.PERMISSION_DENIED,
        "expected: search permission");
    // The owner and the gateway admin read them.
    assertThat(get(f.bobToken, secret)).isEqualTo("bob only");
    assertThat(get(f.rootToken, secret)).isEqualTo("bob only");
    assertThat(get(f.rootToken, "bob-home/diary.bin")).isEqualTo("dear diary");
  }

  private List<String> scan(String token, long[] skipped) {
    List<String> paths = new ArrayList<>();
    Iterator<ScanResponse> it = f.blocking(token).scan(ScanRequest.newBuilder()
        .setVolume(DatasetFixture.VOLUME).setDeterministic(true).build());
    while (it.hasNext()) {
      ScanResponse m = it.next();
      paths.addAll(m.getPathsList());
      if (m.hasSummary()) {
        skipped[0] = m.getSummary().getSkipped();
      }
    }
    return paths;
  }

  @Test
  void scanSkipsAndCountsWhatTheCallerMayNotRead() {
    long[] skipped = new long[1];
    assertThat(scan(f.aliceToken, skipped)).containsExactly("public/a.bin");
    assertThat(skipped[0]).as("the 0600 file and the 0700 directory").isEqualTo(2);
    assertThat(scan(f.bobToken, skipped))
        .containsExactly("bob-home/diary.bin", "public/a.bin", "public/bobs-secret.bin");
    assertThat(skipped[0]).isZero();
    // Sharded scans of one caller agree: the skipped file takes no shard slot.
    List<String> shards = new ArrayList<>();
    for (int rank = 0; rank < 2; rank++) {
      int r = rank;
      f.blocking(f.aliceToken).scan(ScanRequest.newBuilder().setVolume(DatasetFixture.VOLUME)
          .setShardRank(r).setShardWorld(2).build()).forEachRemaining(m -> shards.addAll(m.getPathsList()));
    }
    assertThat(shards).containsExactly("public/a.bin");
    // A root the caller may not list fails the scan.
    assertCode(() -> f.blocking(f.aliceToken).scan(ScanRequest.newBuilder()
        .setVolume(DatasetFixture.VOLUME).setRoot("bob-home").build()).forEachRemaining(m -> { }),
        Status.Code.PERMISSION_DENIED, "may not list directory");
  }

  private WriteCheckpointResponse checkpoint(String token, String path, int mode, String text)
      throws Exception {
    return f.writeCheckpoint(token, CheckpointHeader.newBuilder().setVolume(DatasetFixture.VOLUME).setPath(path)
        .setMode(mode).setEnsureParent(true), text.getBytes(StandardCharsets.UTF_8), true)
        .get(30, TimeUnit.SECONDS);
  }

  private static void assertDenied(ThrowingRunnable r, String message) {
    assertThatThrownBy(r::run).isInstanceOf(ExecutionException.class).cause()
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).as("%s", e.getStatus()).isEqualTo(Status.Code.PERMISSION_DENIED);
          assertThat(e.getStatus().getDescription()).contains(message);
        });
  }

  interface ThrowingRunnable {
    void run() throws Exception;
  }

  @Test
  void checkpointsNeedWriteOnTheDirectoryAndFollowTheStickyBit() throws Exception {
    // New checkpoints and their directories get the volume's defaults and group.
    checkpoint(f.bobToken, "runs/r1/step1.ckpt", 0, "one");
    Attributes ck = f.volume.resolve("runs/r1/step1.ckpt", false);
    assertThat(ck.mode()).isEqualTo(0664);
    assertThat(ck.uid()).isEqualTo(bob.uid());
    assertThat(ck.gid()).isZero();
    Attributes dir = f.volume.resolve("runs/r1", false);
    assertThat(dir.mode()).isEqualTo(0775);
    assertThat(dir.gid()).isZero();
    // A mode given in the header is kept, and a read-only one can still be written once.
    checkpoint(f.bobToken, "runs/r1/frozen.ckpt", 0400, "frozen");
    assertThat(f.volume.resolve("runs/r1/frozen.ckpt", false).mode()).isEqualTo(0400);
    assertThat(get(f.bobToken, "runs/r1/frozen.ckpt")).isEqualTo("frozen");

    // A directory bob may not write: refused, nothing created.
    f.volume.mkdirs("locked", 0755, new Ownership(5000, 5000));
    assertDenied(() -> checkpoint(f.bobToken, "locked/x.ckpt", 0, "x"),
        "expected: write and search permission");
    assertThat(f.volume.readdir(f.volume.resolve("locked", false).id(),
        dev.estuary.dfs.DirCursor.START, 10, false).entries()).isEmpty();

    // A sticky directory: another user's checkpoint may not be replaced, one's own may.
    write("scratch", 01777, "theirs.ckpt", 0666, 5000, "theirs");
    assertDenied(() -> checkpoint(f.bobToken, "scratch/theirs.ckpt", 0, "bob"),
        "the owner of it or of its sticky directory");
    assertThat(get(f.rootToken, "scratch/theirs.ckpt")).isEqualTo("theirs");
    checkpoint(f.bobToken, "scratch/mine.ckpt", 0, "v1");
    checkpoint(f.bobToken, "scratch/mine.ckpt", 0, "v2");
    assertThat(get(f.bobToken, "scratch/mine.ckpt")).isEqualTo("v2");
    // In a shared 0775 directory of the volume's group, bob replaces another user's checkpoint.
    write("shared", 0775, "theirs.ckpt", 0600, 5000, "theirs");
    f.volume.setAttributes(f.volume.resolve("shared", false).id(),
        dev.estuary.dfs.SetAttributes.builder().gid(0).build());
    checkpoint(f.bobToken, "shared/theirs.ckpt", 0, "bob's now");
    assertThat(get(f.bobToken, "shared/theirs.ckpt")).isEqualTo("bob's now");
  }
}
