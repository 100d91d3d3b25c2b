package dev.estuary.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.dataset.proto.CheckpointHeader;
import dev.estuary.dataset.proto.GetBatchRequest;
import dev.estuary.dataset.proto.GetRequest;
import dev.estuary.dataset.proto.ReadCheckpointRequest;
import dev.estuary.dataset.proto.ScanRequest;
import dev.estuary.dataset.proto.ScanResponse;
import dev.estuary.dataset.proto.StatRequest;
import dev.estuary.dataset.proto.WriteCheckpointResponse;
import dev.estuary.dfs.Attributes;
import dev.estuary.dfs.FileHandle;
import dev.estuary.dfs.OpenMode;
import dev.estuary.dfs.Ownership;
import dev.estuary.dfs.ReservedNames;
import dev.estuary.dfs.Volume;
import dev.estuary.dfs.decorate.ReservedNamesDfs;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The S3 multipart area, tried through grpc-java as the hostile users of issue 9 did: with a
 * pending upload's part at {@code .estuary-s3-uploads/<id>/00001}, Scan does not list it, Get,
 * GetBatch, Stat and ReadCheckpoint do not read it, and WriteCheckpoint can neither overwrite the
 * part nor create a file named like the area (in any case), which would break every upload of the
 * bucket. The volumes come from the same decorators the launcher applies.
 */
class ReservedNamesTest {
  private static final String UPLOAD = "0123456789abcdef0123456789abcdef";
  private static final String PART = ReservedNames.S3_UPLOADS + "/" + UPLOAD + "/00001";
  private static final byte[] PART_BYTES = "a pending upload's part".getBytes(StandardCharsets.UTF_8);
  private static final List<String> AREAS =
      List.of(ReservedNames.S3_UPLOADS, ".ESTUARY-S3-UPLOADS", ".Estuary-S3-Uploads");

  @TempDir Path tmp;
  private DatasetFixture f;
  private Volume privileged;

  @BeforeEach
  void start() throws Exception {
    f = new DatasetFixture(tmp, Map.of());
    f.write("train/a.jpg", 100);
    // What S3's CreateMultipartUpload and UploadPart leave, through S3's own privileged path.
    privileged = ReservedNamesDfs.privileged(f.volume);
    Attributes dir = privileged.mkdirs(ReservedNames.S3_UPLOADS + "/" + UPLOAD, 0700, Ownership.ROOT);
    Attributes part = privileged.create(dir.id(), "00001", 0600, Ownership.ROOT, true);
    try (FileHandle h = privileged.open(part.id(), OpenMode.WRITE)) {
      h.write(0, ByteBuffer.wrap(PART_BYTES));
    }
  }

  @AfterEach
  void stop() {
    f.close();
  }

  private static Status.Code code(Runnable call) {
    try {
      call.run();
      return Status.Code.OK;
    } catch (StatusRuntimeException e) {
      return e.getStatus().getCode();
    }
  }

  private List<String> scan(ScanRequest.Builder req) {
    List<String> paths = new ArrayList<>();
    Iterator<ScanResponse> it = f.blocking(f.aliceToken).scan(req.setVolume(DatasetFixture.VOLUME).build());
    it.forEachRemaining(m -> paths.addAll(m.getPathsList()));
    return paths;
  }

  @Test
  void scanNeverListsTheArea() {
    assertThat(scan(ScanRequest.newBuilder())).containsExactly("train/a.jpg");
    for (String area : AREAS) {
      // A prefix naming the area is refused like any other access to it (dataset.proto).
      assertThat(code(() -> scan(ScanRequest.newBuilder().setPrefix(area)))).as("Scan prefix %s", area)
          .isEqualTo(Status.Code.PERMISSION_DENIED);
      assertThat(code(() -> scan(ScanRequest.newBuilder().setRoot(area)))).as("Scan root %s", area)
          .isNotEqualTo(Status.Code.OK);
      assertThat(code(() -> scan(ScanRequest.newBuilder().setRoot(area + "/" + UPLOAD))))
          .isNotEqualTo(Status.Code.OK);
    }
  }

  @Test
  void noReadReachesThePart() {
    for (String area : AREAS) {
      String path = area + "/" + UPLOAD + "/00001";
      assertThat(code(() -> f.blocking(f.aliceToken).get(GetRequest.newBuilder()
          .setVolume(DatasetFixture.VOLUME).setPath(path).build()).forEachRemaining(c -> { })))
          .as("Get %s", path).isEqualTo(Status.Code.PERMISSION_DENIED);
      assertThat(code(() -> f.blocking(f.aliceToken).readCheckpoint(ReadCheckpointRequest.newBuilder()
          .setVolume(DatasetFixture.VOLUME).setPath(path).build()).forEachRemaining(c -> { })))
          .as("ReadCheckpoint %s", path).isEqualTo(Status.Code.PERMISSION_DENIED);
      assertThat(code(() -> f.blocking(f.aliceToken).stat(StatRequest.newBuilder()
          .setVolume(DatasetFixture.VOLUME).setPath(path).build())))
          .as("Stat %s", path).isEqualTo(Status.Code.PERMISSION_DENIED);
      assertThat(code(() -> f.blocking(f.aliceToken).stat(StatRequest.newBuilder()
          .setVolume(DatasetFixture.VOLUME).setPath(area).build())))
          .as("Stat %s", area).isEqualTo(Status.Code.PERMISSION_DENIED);
      assertThat(code(() -> f.blocking(f.aliceToken).getBatch(GetBatchRequest.newBuilder()
          .setVolume(DatasetFixture.VOLUME).addPaths(path).build()).forEachRemaining(c -> { })))
          .as("GetBatch %s", path).isNotEqualTo(Status.Code.OK);
    }
  }

  @Test
  void writeCheckpointCanNeitherReplaceThePartNorCreateTheArea() throws Exception {
    byte[] data = "overwritten".getBytes(StandardCharsets.UTF_8);
    List<String> targets = new ArrayList<>();
    for (String area : AREAS) {
      targets.add(area + "/" + UPLOAD + "/00001");
      targets.add(area + "/x");
      targets.add(area);
    }
    targets.add(".estuary-future-area");
    for (String target : targets) {
      for (boolean ensureParent : new boolean[] {false, true}) {
        assertThat(writeCode(target, ensureParent, data)).as("WriteCheckpoint %s", target)
            .isIn(Status.Code.NOT_FOUND, Status.Code.PERMISSION_DENIED, Status.Code.INVALID_ARGUMENT);
      }
    }
    // The part is untouched and nothing new appeared at the root.
    Attributes part = privileged.resolve(PART, false);
    try (FileHandle h = privileged.open(part.id(), OpenMode.READ)) {
      ByteBuffer b = ByteBuffer.allocate(64);
      h.read(0, b);
      assertThat(new String(b.array(), 0, b.position(), StandardCharsets.UTF_8))
          .isEqualTo(new String(PART_BYTES, StandardCharsets.UTF_8));
    }
    assertThat(privileged.readdir(privileged.root(), dev.estuary.dfs.DirCursor.START, 100, false)
        .entries()).extracting(dev.estuary.dfs.DirEntry::name)
        .containsExactly(ReservedNames.S3_UPLOADS, "train");
    // A checkpoint elsewhere still works.
    assertThat(writeCode("ckpt/model.pt", true, data)).isEqualTo(Status.Code.OK);
  }

  private Status.Code writeCode(String path, boolean ensureParent, byte[] data) throws Exception {
    CompletableFuture<WriteCheckpointResponse> result = f.writeCheckpoint(f.bobToken, CheckpointHeader.newBuilder()
        .setVolume(DatasetFixture.VOLUME).setPath(path).setEnsureParent(ensureParent), data, true);
    try {
      result.get(30, TimeUnit.SECONDS);
      return Status.Code.OK;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof StatusRuntimeException s) {
        return s.getStatus().getCode();
      }
      throw e;
    }
  }
}
