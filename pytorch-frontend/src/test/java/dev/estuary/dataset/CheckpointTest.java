package dev.estuary.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.estuary.dataset.proto.CheckpointEnd;
import dev.estuary.dataset.proto.CheckpointHeader;
import dev.estuary.dataset.proto.DataChunk;
import dev.estuary.dataset.proto.ReadCheckpointRequest;
import dev.estuary.dataset.proto.WriteCheckpointRequest;
import dev.estuary.dataset.proto.WriteCheckpointResponse;
import dev.estuary.dfs.DirCursor;
import dev.estuary.dfs.DirEntry;
import dev.estuary.dfs.FsckReport;
import dev.estuary.dfs.engine.EngineProvider;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * WriteCheckpoint and ReadCheckpoint: atomic publish, replace, and every way a write can be
 * interrupted leaving the previous version intact and nothing behind (listing, statfs, fsck).
 */
class CheckpointTest {
  private static final int CHUNK = 256 * 1024;

  @TempDir Path tmp;
  private DatasetFixture f;
  private boolean closed;

  @BeforeEach
  void start() throws Exception {
    f = new DatasetFixture(tmp, Map.of());
  }

  @AfterEach
  void stop() throws Exception {
    if (!closed) {
      f.close();
    }
  }

  private static byte[] bytes(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  private static WriteCheckpointRequest header(String path, boolean ensureParent) {
    return WriteCheckpointRequest.newBuilder().setHeader(CheckpointHeader.newBuilder()
        .setVolume(DatasetFixture.VOLUME).setPath(path).setEnsureParent(ensureParent)).build();
  }

  private static WriteCheckpointRequest end(long total, Integer crc) {
    CheckpointEnd.Builder e = CheckpointEnd.newBuilder().setTotalLength(total);
    if (crc != null) {
      e.setCrc32C(crc);
    }
    return WriteCheckpointRequest.newBuilder().setEnd(e).build();
  }

  private static int crc(byte[] data) {
    CRC32C c = new CRC32C();
    c.update(data);
    return (int) c.getValue();
  }

  /** Streams header, data in chunks, and the end message (when given); returns the outcome. */
  private CompletableFuture<WriteCheckpointResponse> upload(
      String token, WriteCheckpointRequest header, byte[] data, WriteCheckpointRequest end) {
    CompletableFuture<WriteCheckpointResponse> result = new CompletableFuture<>();
    StreamObserver<WriteCheckpointRequest> req = f.async(token).withDeadlineAfter(30, TimeUnit.SECONDS)
        .writeCheckpoint(DatasetFixture.responseInto(result));
    req.onNext(header);
    for (int off = 0; off < data.length; off += CHUNK) {
      req.onNext(WriteCheckpointRequest.newBuilder()
          .setData(ByteString.copyFrom(data, off, Math.min(CHUNK, data.length - off))).build());
    }
    if (end != null) {
      req.onNext(end);
    }
    req.onCompleted();
    return result;
  }

  private WriteCheckpointResponse write(String path, byte[] data) throws Exception {
    return upload(f.bobToken, header(path, true), data, end(data.length, crc(data))).get(30, TimeUnit.SECONDS);
  }

  private byte[] read(String token, String path) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Iterator<DataChunk> it = f.blocking(token).readCheckpoint(
        ReadCheckpointRequest.newBuilder().setVolume(DatasetFixture.VOLUME).setPath(path).build());
    while (it.hasNext()) {
      out.writeBytes(it.next().getData().toByteArray());
    }
    return out.toByteArray();
  }

  private static Status.Code failure(CompletableFuture<?> f) {
    try {
      f.get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      Throwable c = e.getCause();
      if (c instanceof StatusRuntimeException s) {
        return s.getStatus().getCode();
      }
      throw new AssertionError("unexpected failure", e);
    }
    throw new AssertionError("the write succeeded (expected: a failure)");
  }

  private List<String> listing(String dir) {
    return f.volume.readdir(f.volume.resolve(dir, true).id(), DirCursor.START, 1000, false)
        .entries().stream().map(DirEntry::name).toList();
  }

  @Test
  void writeReadAndReplaceAtomically() throws Exception {
    byte[] v1 = bytes(3 * CHUNK + 77, 1);
    WriteCheckpointResponse r1 = write("ckpt/run1/epoch.pt", v1);
    assertThat(r1.getSize()).isEqualTo(v1.length);
    assertThat(r1.getCrc32C()).isEqualTo(crc(v1));
    assertThat(r1.getObjectId().toByteArray()).isEqualTo(f.volume.resolve("ckpt/run1/epoch.pt", false).id().toBytes());
    assertThat(read(f.aliceToken, "ckpt/run1/epoch.pt")).isEqualTo(v1);

    byte[] v2 = bytes(CHUNK / 3, 2);
    write("ckpt/run1/epoch.pt", v2);
    assertThat(read(f.aliceToken, "ckpt/run1/epoch.pt")).as("shorter replacement, no stale tail").isEqualTo(v2);
    assertThat(listing("ckpt/run1")).containsExactly("epoch.pt");

    byte[] empty = new byte[0];
    write("ckpt/empty.pt", empty);
    assertThat(read(f.aliceToken, "ckpt/empty.pt")).isEmpty();
    assertThat(f.registry.get("estuary.dataset.checkpoints").counter().count()).isEqualTo(3);
  }

  @Test
  void refusedWritesPublishNothingAndKeepTheOldVersion() throws Exception {
    byte[] old = bytes(CHUNK + 5, 3);
    write("ck/model.pt", old);
    long objects = f.volume.statfs().objects();
    byte[] next = bytes(2 * CHUNK, 4);

    assertThat(failure(upload(f.bobToken, header("ck/model.pt", false), next, end(next.length - 1, null))))
        .as("wrong total length").isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(failure(upload(f.bobToken, header("ck/model.pt", false), next, end(next.length, crc(next) ^ 1))))
        .as("wrong crc32c").isEqualTo(Status.Code.DATA_LOSS);
    assertThat(failure(upload(f.bobToken, header("ck/model.pt", false), next, null)))
        .as("half-close without the end message").isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(failure(upload(f.bobToken, header("nodir/model.pt", false), next, end(next.length, null))))
        .as("missing parent without ensure_parent").isEqualTo(Status.Code.NOT_FOUND);
    assertThat(failure(upload(f.bobToken, header("ck/../x.pt", true), next, end(next.length, null))))
        .as("'..' in a checkpoint path").isEqualTo(Status.Code.INVALID_ARGUMENT);
    WriteCheckpointRequest noReplace = WriteCheckpointRequest.newBuilder().setHeader(CheckpointHeader.newBuilder()
        .setVolume(DatasetFixture.VOLUME).setPath("ck/model.pt").setNoReplace(true)).build();
    assertThat(failure(upload(f.bobToken, noReplace, next, end(next.length, null))))
        .isEqualTo(Status.Code.ALREADY_EXISTS);
    assertThat(failure(upload(f.aliceToken, header("ck/model.pt", false), next, end(next.length, null))))
        .as("alice may only read").isEqualTo(Status.Code.PERMISSION_DENIED);

    assertThat(read(f.aliceToken, "ck/model.pt")).isEqualTo(old);
    assertThat(listing("ck")).containsExactly("model.pt");
    awaitObjects(objects);
  }

  @Test
  void clientCancelMidStreamLeavesOldVersionAndNoLeak() throws Exception {
    byte[] old = bytes(CHUNK * 2 + 1, 5);
    write("ck/model.pt", old);
    long objects = f.volume.statfs().objects();

    CompletableFuture<WriteCheckpointResponse> result = new CompletableFuture<>();
    ClientCallStreamObserver<WriteCheckpointRequest> req = (ClientCallStreamObserver<WriteCheckpointRequest>)
        f.async(f.bobToken).writeCheckpoint(DatasetFixture.responseInto(result));
    req.onNext(header("ck/model.pt", false));
    byte[] part = bytes(CHUNK, 6);
    for (int i = 0; i < 4; i++) {
      req.onNext(WriteCheckpointRequest.newBuilder().setData(ByteString.copyFrom(part)).build());
    }
    // Let the server take some of the data before the client goes away.
    Thread.sleep(200);
    req.cancel("client died", null);
    assertThat(failure(result)).isEqualTo(Status.Code.CANCELLED);

    // A deadline that expires mid-stream is the same kind of interruption.
    CompletableFuture<WriteCheckpointResponse> late = new CompletableFuture<>();
    StreamObserver<WriteCheckpointRequest> slow = f.async(f.bobToken).withDeadlineAfter(300, TimeUnit.MILLISECONDS)
        .writeCheckpoint(DatasetFixture.responseInto(late));
    slow.onNext(header("ck/model.pt", false));
    slow.onNext(WriteCheckpointRequest.newBuilder().setData(ByteString.copyFrom(part)).build());
    assertThat(failure(late)).isEqualTo(Status.Code.DEADLINE_EXCEEDED);

    assertThat(read(f.aliceToken, "ck/model.pt")).isEqualTo(old);
    assertThat(listing("ck")).containsExactly("model.pt");
    awaitObjects(objects);

    // Offline check of the whole engine: no leaked storage, every object named.
    f.close();
    closed = true;
    FsckReport report = new EngineProvider().fsck(f.context(), false, line -> { });
    assertThat(report.problems()).isEmpty();
  }

  /** The server drops an aborted write asynchronously; wait until the object count is back. */
  private void awaitObjects(long expected) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (f.volume.statfs().objects() != expected && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(f.volume.statfs().objects()).as("objects in the volume").isEqualTo(expected);
  }
}
