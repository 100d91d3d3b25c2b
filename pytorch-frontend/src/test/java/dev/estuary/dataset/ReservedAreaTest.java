package dev.estuary.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.estuary.dataset.internal.ops.StatusMap;
import dev.estuary.dataset.proto.CheckpointHeader;
import dev.estuary.dataset.proto.GetBatchRequest;
import dev.estuary.dataset.proto.GetRequest;
import dev.estuary.dataset.proto.ReadCheckpointRequest;
import dev.estuary.dataset.proto.ReadRangeRequest;
import dev.estuary.dataset.proto.ScanRequest;
import dev.estuary.dataset.proto.ScanResponse;
import dev.estuary.dataset.proto.StatRequest;
import dev.estuary.dataset.proto.WriteCheckpointResponse;
import dev.estuary.dfs.DirCursor;
import dev.estuary.dfs.DirEntry;
import dev.estuary.dfs.FileHandle;
import dev.estuary.dfs.OpenMode;
import dev.estuary.dfs.Ownership;
import dev.estuary.dfs.ReservedNames;
import dev.estuary.dfs.Volume;
import dev.estuary.dfs.decorate.ReservedNamesDfs;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8 item 6: the dataset service never reads, writes or lists the S3 multipart area (or any
 * root entry starting with {@code .estuary-}), by any spelling of the path, through symlinks, or
 * by a Scan prefix. Every refusal is PERMISSION_DENIED with the ACCESS_DENIED trailer.
 */
class ReservedAreaTest {
  private static final String PART = ReservedNames.S3_UPLOADS + "/upload1/00001";

  @TempDir Path tmp;
  private DatasetFixture f;
  private byte[] part;
  /** The volume without the reserved-names decorator, as S3 sees its own area. */
  private Volume privileged;

  @BeforeEach
  void start() throws Exception {
    f = new DatasetFixture(tmp, Map.of());
    f.write("x/a.bin", 100);
    // An S3 upload part, as the S3 frontend leaves it between UploadPart and Complete, through
    // S3's own privileged path (the decorated volume refuses to create reserved names).
    privileged = ReservedNamesDfs.privileged(f.volume);
    part = DatasetFixture.write(privileged, PART, 5000);
    var root = f.volume.root();
    f.volume.symlink(root, "part-link", PART, Ownership.ROOT);
    f.volume.symlink(root, "area-link", "/" + ReservedNames.S3_UPLOADS, Ownership.ROOT);
    f.volume.symlink(root, "root-link", "/", Ownership.ROOT);
    f.volume.symlink(f.volume.resolve("x", true).id(), "up", "..", Ownership.ROOT);
  }

  @AfterEach
  void stop() {
    f.close();
  }

  /** Paths that name the area or something in it, lexically or through symlinks. */
  private static final List<String> INTO_THE_AREA = List.of(
      PART,
      "/" + PART,
      "//" + PART,
      ".ESTUARY-S3-UPLOADS/upload1/00001",
      "x/../" + PART,
      "./" + PART,
      "part-link",
      "area-link/upload1/00001",
      "root-link/" + PART,
      "x/up/" + PART,
      ".estuary-other/anything");

  private static void assertRefused(Runnable call, String what) {
    assertThatThrownBy(call::run).as(what).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
      assertThat(e.getStatus().getCode()).as("%s: %s", what, e.getStatus()).isEqualTo(Status.Code.PERMISSION_DENIED);
      assertThat(e.getStatus().getDescription()).contains(".estuary-");
      assertThat(e.getTrailers().get(StatusMap.ERROR_KIND)).isEqualTo("ACCESS_DENIED");
    });
  }

  @Test
  void everyReadOfTheAreaIsRefused() {
    var s = f.blocking(f.rootToken);
    String v = DatasetFixture.VOLUME;
    for (String p : INTO_THE_AREA) {
      assertRefused(() -> s.get(GetRequest.newBuilder().setVolume(v).setPath(p).build()).hasNext(), "Get " + p);
      assertRefused(() -> s.getBatch(GetBatchRequest.newBuilder().setVolume(v).addPaths("x/a.bin").addPaths(p).build())
          .hasNext(), "GetBatch " + p);
      assertRefused(() -> s.readRange(ReadRangeRequest.newBuilder().setVolume(v).setPath(p).setLength(10).build())
          .hasNext(), "ReadRange " + p);
      assertRefused(() -> s.readCheckpoint(ReadCheckpointRequest.newBuilder().setVolume(v).setPath(p).build())
          .hasNext(), "ReadCheckpoint " + p);
      assertRefused(() -> s.stat(StatRequest.newBuilder().setVolume(v).setPath(p).build()), "Stat " + p);
    }
    assertRefused(() -> s.stat(StatRequest.newBuilder().setVolume(v).setPath(ReservedNames.S3_UPLOADS).build()),
        "Stat of the area itself");
    assertRefused(() -> s.stat(StatRequest.newBuilder().setVolume(v).setPath("area-link").build()),
        "Stat through a symlink to the area");
    // The symlinks themselves are the user's: Stat without following them works.
    assertThat(s.stat(StatRequest.newBuilder().setVolume(v).setPath("part-link").setNoFollow(true).build()).getSize())
        .isEqualTo(PART.length());
    // Reads elsewhere are unaffected, also through a symlink to the root.
    assertThat(s.stat(StatRequest.newBuilder().setVolume(v).setPath("root-link/x/a.bin").build()).getSize())
        .isEqualTo(100);
  }

  private List<String> scan(ScanRequest req) {
    List<String> paths = new ArrayList<>();
    Iterator<ScanResponse> it = f.blocking(f.rootToken).scan(req);
    while (it.hasNext()) {
      paths.addAll(it.next().getPathsList());
    }
    return paths;
  }

  @Test
  void scanNeverListsTheAreaAndRefusesRootsAndPrefixesInIt() {
    ScanRequest.Builder req = ScanRequest.newBuilder().setVolume(DatasetFixture.VOLUME);
    assertThat(scan(req.build())).containsExactly("x/a.bin");
    assertThat(scan(req.clone().setDeterministic(true).build())).containsExactly("x/a.bin");
    assertThat(scan(req.clone().setRoot("root-link").build())).as("the root through a symlink")
        .containsExactly("x/a.bin");
    assertThat(scan(req.clone().setPrefix(".estuary").build())).as("a prefix short of the reserved one").isEmpty();
    for (String root : List.of(ReservedNames.S3_UPLOADS, ".Estuary-S3-Uploads/upload1", "area-link", "x/up/"
        + ReservedNames.S3_UPLOADS)) {
      assertRefused(() -> scan(req.clone().setRoot(root).build()), "Scan root " + root);
    }
    for (String prefix : List.of(ReservedNames.S3_UPLOADS + "/", ReservedNames.S3_UPLOADS, ".estuary-",
        "/" + ReservedNames.S3_UPLOADS + "/upload1/")) {
      assertRefused(() -> scan(req.clone().setPrefix(prefix).build()), "Scan prefix " + prefix);
      assertRefused(() -> scan(req.clone().setRoot("root-link").setPrefix(prefix).build()),
          "Scan prefix " + prefix + " under a symlink to the root");
    }
  }

  private CompletableFuture<WriteCheckpointResponse> write(String path, boolean ensureParent, byte[] data) {
    return f.writeCheckpoint(f.rootToken, CheckpointHeader.newBuilder()
        .setVolume(DatasetFixture.VOLUME).setPath(path).setEnsureParent(ensureParent), data, false);
  }

  @Test
  void checkpointsAreNeverWrittenIntoOrOverTheArea() throws Exception {
    byte[] evil = new byte[777];
    long objects = f.volume.statfs().objects();
    List<String> lexical = List.of(PART, "/" + PART, ".Estuary-S3-Uploads/upload1/00001", ReservedNames.S3_UPLOADS,
        ReservedNames.S3_UPLOADS + "/new/x.pt", ".estuary-other");
    // ensure_parent creates directories without following symlinks, so these go without it.
    List<String> throughSymlinks = List.of("root-link/" + ReservedNames.S3_UPLOADS, "root-link/.estuary-other",
        "area-link/upload1/00001", "x/up/" + PART);
    for (String p : java.util.stream.Stream.concat(lexical.stream(), throughSymlinks.stream()).toList()) {
      for (boolean ensureParent : lexical.contains(p) ? new boolean[] {false, true} : new boolean[] {false}) {
        CompletableFuture<WriteCheckpointResponse> r = write(p, ensureParent, evil);
        assertRefused(() -> {
          try {
            r.get(30, TimeUnit.SECONDS);
          } catch (java.util.concurrent.ExecutionException e) {
            throw (RuntimeException) e.getCause();
          } catch (Exception e) {
            throw new AssertionError(e);
          }
        }, "WriteCheckpoint " + p + " ensure_parent=" + ensureParent);
      }
    }
    // The upload part is intact and the area holds exactly what S3 put there.
    try (FileHandle h = privileged.open(privileged.resolve(PART, true).id(), OpenMode.READ)) {
      ByteBuffer b = ByteBuffer.allocate(part.length + 1);
      h.read(0, b);
      assertThat(b.flip().remaining()).isEqualTo(part.length);
      assertThat(java.util.Arrays.equals(b.array(), 0, part.length, part, 0, part.length)).isTrue();
    }
    assertThat(names(ReservedNames.S3_UPLOADS)).containsExactly("upload1");
    assertThat(names(ReservedNames.S3_UPLOADS + "/upload1")).containsExactly("00001");
    assertThat(names("")).containsExactlyInAnyOrder(
        ReservedNames.S3_UPLOADS, "x", "part-link", "area-link", "root-link");
    // Refused before any object was created: nothing to clean up.
    assertThat(f.volume.statfs().objects()).isEqualTo(objects);
    // An ordinary checkpoint still works.
    assertThat(write("ck/ok.pt", true, evil).get(30, TimeUnit.SECONDS).getSize()).isEqualTo(evil.length);
  }

  private List<String> names(String dir) {
    return privileged.readdir(privileged.resolve(dir, true).id(), DirCursor.START, 1000, false)
        .entries().stream().map(DirEntry::name).toList();
  }
}
