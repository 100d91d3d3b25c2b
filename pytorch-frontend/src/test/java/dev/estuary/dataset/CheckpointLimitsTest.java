package dev.estuary.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.estuary.dataset.proto.CheckpointEnd;
import dev.estuary.dataset.proto.CheckpointHeader;
import dev.estuary.dataset.proto.DataChunk;
import dev.estuary.dataset.proto.ReadCheckpointRequest;
import dev.estuary.dataset.proto.WriteCheckpointRequest;
import dev.estuary.dataset.proto.WriteCheckpointResponse;
import dev.estuary.dfs.ChangeKind;
import dev.estuary.dfs.FsckReport;
import dev.estuary.dfs.WatchScope;
import dev.estuary.dfs.WatchSubscription;
import dev.estuary.dfs.engine.EngineProvider;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCallStreamObserver;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8 item 7: a checkpoint stream is bounded in size (per checkpoint and per user in flight)
 * and in idle time; every way it is cut short keeps the previous version and leaks nothing.
 */
class CheckpointLimitsTest {
  private static final int KIB = 1024;
  private static final int CHUNK = 64 * KIB;
  private static final long MAX = 256 * KIB;
  private static final long PER_USER = 384 * KIB;

  @TempDir Path tmp;
  private DatasetFixture f;
  private boolean closed;

  @BeforeEach
  void start() throws Exception {
    f = new DatasetFixture(tmp, Map.of(
        "max-checkpoint-bytes", Long.toString(MAX),
        "max-checkpoint-bytes-per-user", Long.toString(PER_USER),
        "checkpoint-idle-timeout", "60s"));
  }

  @AfterEach
  void stop() {
    if (!closed) {
      f.close();
    }
  }

  /** One WriteCheckpoint call driven by the test. */
  private final class Upload {
    final CompletableFuture<WriteCheckpointResponse> result = new CompletableFuture<>();
    final ClientCallStreamObserver<WriteCheckpointRequest> out;
    long sent;

    Upload(String token) {
      out = (ClientCallStreamObserver<WriteCheckpointRequest>) f.async(token)
          .writeCheckpoint(DatasetFixture.responseInto(result));
    }

    Upload header(String path, Long declared) {
      CheckpointHeader.Builder h = CheckpointHeader.newBuilder()
          .setVolume(DatasetFixture.VOLUME).setPath(path).setEnsureParent(true);
      if (declared != null) {
        h.setTotalLength(declared);
      }
      out.onNext(WriteCheckpointRequest.newBuilder().setHeader(h).build());
      return this;
    }

    Upload data(long bytes) {
      byte[] b = new byte[CHUNK];
      new Random(bytes).nextBytes(b);
      for (long left = bytes; left > 0; left -= CHUNK) {
        int n = (int) Math.min(CHUNK, left);
        out.onNext(WriteCheckpointRequest.newBuilder().setData(ByteString.copyFrom(b, 0, n)).build());
        sent += n;
      }
      return this;
    }

    WriteCheckpointResponse end() throws Exception {
      out.onNext(WriteCheckpointRequest.newBuilder().setEnd(CheckpointEnd.newBuilder().setTotalLength(sent)).build());
      out.onCompleted();
      return result.get(30, TimeUnit.SECONDS);
    }

    StatusRuntimeException failure() throws Exception {
      try {
        result.get(30, TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        if (e.getCause() instanceof StatusRuntimeException s) {
          return s;
        }
        throw e;
      }
      throw new AssertionError("the write succeeded (expected: a failure)");
    }
  }

  private void assertFailure(Upload u, Status.Code code, String message) throws Exception {
    StatusRuntimeException e = u.failure();
    assertThat(e.getStatus().getCode()).as("%s", e.getStatus()).isEqualTo(code);
    assertThat(e.getStatus().getDescription()).contains(message);
  }

  private byte[] read(String path) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Iterator<DataChunk> it = f.blocking(f.aliceToken).readCheckpoint(
        ReadCheckpointRequest.newBuilder().setVolume(DatasetFixture.VOLUME).setPath(path).build());
    while (it.hasNext()) {
      out.writeBytes(it.next().getData().toByteArray());
    }
    return out.toByteArray();
  }

  private void assertFsckClean() {
    f.close();
    closed = true;
    FsckReport report = new EngineProvider().fsck(f.context(), false, line -> { });
    assertThat(report.problems()).isEmpty();
  }

  @Test
  void aCheckpointLargerThanTheCapIsRefusedBeforeOrWhileWriting() throws Exception {
    byte[] old = new Upload(f.bobToken).header("ck/model.pt", null).data(MAX).end().getSize() == MAX
        ? read("ck/model.pt") : null;
    assertThat(old).as("exactly the cap is allowed").hasSize((int) MAX);
    long objects = f.volume.statfs().objects();

    // A declared length above the cap: refused at the header, nothing created.
    Upload declared = new Upload(f.bobToken).header("ck/model.pt", MAX + 1);
    assertFailure(declared, Status.Code.RESOURCE_EXHAUSTED, "total_length: " + (MAX + 1));
    assertThat(f.volume.statfs().objects()).isEqualTo(objects);

    // No declared length: the stream ends as soon as the data passes the cap (the client keeps
    // sending, as the stream in the issue did, and is cut off).
    Upload endless = new Upload(f.bobToken).header("ck/model.pt", null).data(MAX + CHUNK);
    assertFailure(endless, Status.Code.RESOURCE_EXHAUSTED, "dataset.max-checkpoint-bytes");
    endless.out.onCompleted();

    // Declared within the cap, then more data than declared.
    Upload liar = new Upload(f.bobToken).header("ck/model.pt", (long) CHUNK).data(2 * CHUNK);
    assertFailure(liar, Status.Code.INVALID_ARGUMENT, "total_length " + CHUNK + " from the header");
    liar.out.onCompleted();

    assertThat(read("ck/model.pt")).isEqualTo(old);
    f.awaitObjects(objects, "objects in the volume");
    assertFsckClean();
  }

  /**
   * Opens a stream that declares {@code bytes} in a directory of its own, and waits until the
   * server has handled its header: the server creates the directory (ensure_parent) only after it
   * has counted the declared bytes, so the backend's CREATED event for it is the signal.
   */
  private Upload holding(String dir, long bytes) throws Exception {
    CompletableFuture<Void> created = new CompletableFuture<>();
    try (WatchSubscription w = f.volume.watch(f.volume.root(), WatchScope.DIRECTORY, 64, ForkJoinPool.commonPool(),
        e -> {
          if (e.kind() == ChangeKind.CREATED && dir.equals(e.name())) {
            created.complete(null);
          }
        })) {
      Upload u = new Upload(f.bobToken).header(dir + "/x.pt", bytes);
      CompletableFuture.anyOf(created, u.result).get(20, TimeUnit.SECONDS);
      if (!created.isDone()) {
        throw new AssertionError("the header of " + dir + "/x.pt was not handled: " + u.result);
      }
      return u;
    }
  }

  @Test
  void bytesInFlightAreCappedPerUserAndReleasedWhenAStreamEnds() throws Exception {
    // bob holds 256 KiB of his 384 KiB in one open stream.
    Upload holder = holding("hold1", MAX).data(CHUNK);
    // A second stream of bob's that would take him past 384 KiB: refused when declared...
    assertFailure(new Upload(f.bobToken).header("ck/b.pt", 192L * KIB), Status.Code.RESOURCE_EXHAUSTED,
        "dataset.max-checkpoint-bytes-per-user");
    // ... or as the data arrives.
    Upload undeclared = new Upload(f.bobToken).header("ck/c.pt", null).data(192 * KIB);
    assertFailure(undeclared, Status.Code.RESOURCE_EXHAUSTED, "dataset.max-checkpoint-bytes-per-user");
    undeclared.out.onCompleted();
    // The budget is per user: root may still write while bob's stream is open.
    assertThat(new Upload(f.rootToken).header("ck/root.pt", null).data(MAX).end().getSize()).isEqualTo(MAX);
    // A stream within bob's remaining 128 KiB goes through.
    assertThat(new Upload(f.bobToken).header("ck/d.pt", null).data(128 * KIB).end().getSize()).isEqualTo(128 * KIB);

    // Publishing releases the bytes: two streams of 192 KiB now fit.
    holder.data(MAX - CHUNK);
    assertThat(holder.end().getSize()).isEqualTo(MAX);
    Upload second = holding("hold2", 192L * KIB);
    Upload third = holding("hold3", 192L * KIB);
    assertFailure(new Upload(f.bobToken).header("ck/e.pt", 1L), Status.Code.RESOURCE_EXHAUSTED, "per-user");
    // A cancelled stream releases them too (on the server's threads: retry until it has).
    second.out.cancel("client went away", null);
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (true) {
      Upload again = new Upload(f.bobToken).header("ck/f.pt", 192L * KIB).data(192 * KIB);
      try {
        assertThat(again.end().getSize()).isEqualTo(192 * KIB);
        break;
      } catch (ExecutionException e) {
        assertThat(Status.fromThrowable(e).getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
        assertThat(System.nanoTime()).as("released within 20 s").isLessThan(deadline);
      }
    }
    third.data(192 * KIB);
    assertThat(third.end().getSize()).isEqualTo(192 * KIB);
  }

  /** Moves the server's clock forward until the upload ends (the reaper checks on its own tick). */
  private void idleUntilItEnds(Upload u) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!u.result.isDone() && System.nanoTime() < deadline) {
      f.clock.advance(Duration.ofSeconds(61));
      try {
        u.result.get(100, TimeUnit.MILLISECONDS);
      } catch (TimeoutException | ExecutionException e) {
        // not yet, or ended: the loop condition decides
      }
    }
  }

  @Test
  void aQuietStreamIsEndedAfterTheIdleTimeoutAndLeavesNothing() throws Exception {
    byte[] old = new byte[(int) CHUNK];
    new Random(7).nextBytes(old);
    Upload first = new Upload(f.bobToken).header("ck/model.pt", null);
    first.out.onNext(WriteCheckpointRequest.newBuilder().setData(ByteString.copyFrom(old)).build());
    first.sent = old.length;
    first.end();
    long objects = f.volume.statfs().objects();

    Upload beforeHeader = new Upload(f.bobToken);
    Upload afterHeader = new Upload(f.bobToken).header("ck/model.pt", null);
    Upload midData = new Upload(f.bobToken).header("ck/model.pt", null).data(3 * CHUNK);
    for (Upload u : new Upload[] {beforeHeader, afterHeader, midData}) {
      idleUntilItEnds(u);
      assertFailure(u, Status.Code.DEADLINE_EXCEEDED, "dataset.checkpoint-idle-timeout");
    }
    // The client sending after the server gave up changes nothing.
    midData.data(CHUNK);
    midData.out.onCompleted();

    assertThat(read("ck/model.pt")).isEqualTo(old);
    // The bytes in flight were released with the streams (192 KiB more would not fit beside these).
    assertThat(new Upload(f.bobToken).header("ck/other.pt", MAX).data(MAX).end().getSize()).isEqualTo(MAX);
    f.awaitObjects(objects + 1, "objects in the volume");
    assertFsckClean();
  }
}
