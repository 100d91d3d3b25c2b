package dev.estuary.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.estuary.dataset.proto.AbortCheckpointRequest;
import dev.estuary.dataset.proto.BeginCheckpointRequest;
import dev.estuary.dataset.proto.BeginCheckpointResponse;
import dev.estuary.dataset.proto.CheckpointBlock;
import dev.estuary.dataset.proto.CheckpointHeader;
import dev.estuary.dataset.proto.CommitCheckpointRequest;
import dev.estuary.dataset.proto.DataChunk;
import dev.estuary.dataset.proto.ReadCheckpointRequest;
import dev.estuary.dataset.proto.WriteCheckpointBlocksResponse;
import dev.estuary.dataset.proto.WriteCheckpointResponse;
import dev.estuary.dfs.FileHandle;
import dev.estuary.dfs.FsckReport;
import dev.estuary.dfs.ObjectId;
import dev.estuary.dfs.OpenMode;
import dev.estuary.dfs.engine.EngineProvider;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14, checkpoint throughput: parallel block uploads (BeginCheckpoint, WriteCheckpointBlocks
 * on several streams at once, CommitCheckpoint, AbortCheckpoint), ranged reads of one version by
 * object id, and the CRC-32C stored at write time coming back with every chunk read, so damage on
 * disk is detected.
 */
class ParallelCheckpointTest {
  private static final int MIB = 1 << 20;

  @TempDir Path tmp;
  private DatasetFixture f;
  private boolean closed;

  @BeforeEach
  void start() throws Exception {
    f = new DatasetFixture(tmp, Map.of("checkpoint-idle-timeout", "60s"));
  }

  @AfterEach
  void stop() {
    if (!closed) {
      f.close();
    }
  }

  private static byte[] bytes(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  private static int crc(byte[] data, int off, int len) {
    CRC32C c = new CRC32C();
    c.update(data, off, len);
    return (int) c.getValue();
  }

  private BeginCheckpointResponse begin(String token, String path, long total) {
    return f.blocking(token).beginCheckpoint(BeginCheckpointRequest.newBuilder().setHeader(CheckpointHeader.newBuilder()
        .setVolume(DatasetFixture.VOLUME).setPath(path).setEnsureParent(true).setTotalLength(total)).build());
  }

  private ByteString beginUndeclared(String path) {
    return f.blocking(f.bobToken).beginCheckpoint(BeginCheckpointRequest.newBuilder().setHeader(CheckpointHeader
        .newBuilder().setVolume(DatasetFixture.VOLUME).setPath(path).setEnsureParent(true)).build()).getUploadId();
  }

  private WriteCheckpointResponse commit(ByteString id, Long total) {
    CommitCheckpointRequest.Builder c = CommitCheckpointRequest.newBuilder().setUploadId(id);
    if (total != null) {
      c.setTotalLength(total);
    }
    return f.blocking(f.bobToken).commitCheckpoint(c.build());
  }

  @Test
  void withoutADeclaredLengthTheCommitGivesIt() throws Exception {
    byte[] data = bytes(2 * MIB + 3, 11);
    ByteString id = beginUndeclared("ck/streamed.pt");
    stream(f.bobToken, List.of(block(id, data, 2 * MIB, 3, true), block(id, data, 0, MIB, true)))
        .get(30, TimeUnit.SECONDS);
    stream(f.bobToken, List.of(block(id, data, MIB, MIB, true))).get(30, TimeUnit.SECONDS);
    WriteCheckpointResponse r = commit(id, (long) data.length);
    assertThat(r.getSize()).isEqualTo(data.length);
    assertThat(r.getCrc32C()).isEqualTo(crc(data, 0, data.length));
    List<DataChunk> chunks = readChunks("ck/streamed.pt", r.getObjectId(), 0, null, 0);
    assertThat(join(chunks)).isEqualTo(data);
    assertChunksCarryTheirCrc(chunks);
  }

  private static CheckpointBlock block(ByteString id, byte[] data, long offset, int len, boolean withCrc) {
    CheckpointBlock.Builder b = CheckpointBlock.newBuilder().setUploadId(id).setOffset(offset)
        .setData(ByteString.copyFrom(data, (int) offset, len));
    if (withCrc) {
      b.setCrc32C(crc(data, (int) offset, len));
    }
    return b.build();
  }

  /** Sends blocks on one WriteCheckpointBlocks stream and half-closes it. */
  private CompletableFuture<WriteCheckpointBlocksResponse> stream(String token, List<CheckpointBlock> blocks) {
    CompletableFuture<WriteCheckpointBlocksResponse> result = new CompletableFuture<>();
    StreamObserver<CheckpointBlock> out = f.async(token).withDeadlineAfter(30, TimeUnit.SECONDS)
        .writeCheckpointBlocks(new StreamObserver<>() {
          private WriteCheckpointBlocksResponse last;

          @Override
          public void onNext(WriteCheckpointBlocksResponse v) {
            last = v;
          }

          @Override
          public void onError(Throwable t) {
            result.completeExceptionally(t);
          }

          @Override
          public void onCompleted() {
            result.complete(last);
          }
        });
    for (CheckpointBlock b : blocks) {
      out.onNext(b);
    }
    out.onCompleted();
    return result;
  }

  /** Uploads {@code data} on {@code streams} streams, blocks shuffled, and commits. */
  private WriteCheckpointResponse parallelWrite(String path, byte[] data, int streams) throws Exception {
    BeginCheckpointResponse b = begin(f.bobToken, path, data.length);
    assertThat(b.getUploadId().size()).isEqualTo(16);
    assertThat(b.getBlockSize()).isEqualTo(MIB);
    List<CheckpointBlock> all = new ArrayList<>();
    for (long off = 0; off < data.length; off += b.getBlockSize()) {
      all.add(block(b.getUploadId(), data, off, (int) Math.min(b.getBlockSize(), data.length - off), true));
    }
    Collections.shuffle(all, new Random(7));
    List<CompletableFuture<WriteCheckpointBlocksResponse>> calls = new ArrayList<>();
    for (int s = 0; s < streams; s++) {
      List<CheckpointBlock> mine = new ArrayList<>();
      for (int i = s; i < all.size(); i += streams) {
        mine.add(all.get(i));
      }
      calls.add(stream(f.bobToken, mine));
    }
    long blocks = 0;
    long bytes = 0;
    for (CompletableFuture<WriteCheckpointBlocksResponse> c : calls) {
      WriteCheckpointBlocksResponse r = c.get(30, TimeUnit.SECONDS);
      blocks += r.getBlocks();
      bytes += r.getBytes();
    }
    assertThat(blocks).isEqualTo(all.size());
    assertThat(bytes).isEqualTo(data.length);
    return f.blocking(f.bobToken).commitCheckpoint(
        CommitCheckpointRequest.newBuilder().setUploadId(b.getUploadId()).build());
  }

  private List<DataChunk> readChunks(String path, ByteString objectId, long offset, Long length, int chunkSize) {
    ReadCheckpointRequest.Builder r = ReadCheckpointRequest.newBuilder().setVolume(DatasetFixture.VOLUME)
        .setPath(path).setOffset(offset).setChunkSize(chunkSize);
    if (objectId != null) {
      r.setObjectId(objectId);
    }
    if (length != null) {
      r.setLength(length);
    }
    List<DataChunk> out = new ArrayList<>();
    Iterator<DataChunk> it = f.blocking(f.aliceToken).readCheckpoint(r.build());
    it.forEachRemaining(out::add);
    return out;
  }

  private static byte[] join(List<DataChunk> chunks) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    chunks.forEach(c -> out.writeBytes(c.getData().toByteArray()));
    return out.toByteArray();
  }

  /** Every chunk carries the CRC-32C of its own bytes. */
  private static void assertChunksCarryTheirCrc(List<DataChunk> chunks) {
    for (DataChunk c : chunks) {
      if (c.getData().isEmpty()) {
        continue;
      }
      assertThat(c.hasCrc32C()).as("chunk at %d has a crc32c", c.getOffset()).isTrue();
      byte[] d = c.getData().toByteArray();
      assertThat(c.getCrc32C()).as("crc32c of the chunk at %d", c.getOffset()).isEqualTo(crc(d, 0, d.length));
    }
  }

  private static Status.Code code(Runnable call) {
    try {
      call.run();
    } catch (StatusRuntimeException e) {
      return e.getStatus().getCode();
    }
    throw new AssertionError("the call succeeded (expected: a failure)");
  }

  private static Status.Code code(CompletableFuture<?> call) throws Exception {
    try {
      call.get(30, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof StatusRuntimeException s) {
        return s.getStatus().getCode();
      }
      throw e;
    }
    throw new AssertionError("the call succeeded (expected: a failure)");
  }

  @Test
  void blocksFromSeveralStreamsInAnyOrderPublishOneCheckpoint() throws Exception {
    byte[] data = bytes(5 * MIB + 12345, 1);
    WriteCheckpointResponse r = parallelWrite("ck/big.pt", data, 3);
    assertThat(r.getSize()).isEqualTo(data.length);
    assertThat(r.getCrc32C()).as("whole-file crc combined from the blocks").isEqualTo(crc(data, 0, data.length));
    assertThat(r.getObjectId().toByteArray()).isEqualTo(f.volume.resolve("ck/big.pt", false).id().toBytes());

    List<DataChunk> whole = readChunks("ck/big.pt", null, 0, null, 0);
    assertThat(join(whole)).isEqualTo(data);
    assertChunksCarryTheirCrc(whole);
    assertThat(whole).hasSize(6);
    assertThat(whole.getLast().getLast()).isTrue();
  }

  @Test
  void rangesOfOneVersionReadInParallelByObjectId() throws Exception {
    byte[] data = bytes(4 * MIB + 99, 2);
    WriteCheckpointResponse r = parallelWrite("ck/m.pt", data, 2);
    ByteString id = r.getObjectId();
    // Aligned, unaligned, a chunk size below the block size, the tail, and past the end.
    long[][] ranges = {{0, 2 * MIB}, {MIB + 100, 2 * MIB}, {3 * MIB, -1}, {4 * MIB + 50, 1000}, {5 * MIB, 10}};
    List<CompletableFuture<Void>> loads = new ArrayList<>();
    for (long[] range : ranges) {
      for (int chunk : new int[] {0, 300_000}) {
        loads.add(CompletableFuture.runAsync(() -> {
          Long length = range[1] < 0 ? null : range[1];
          List<DataChunk> chunks = readChunks("ck/m.pt", id, range[0], length, chunk);
          int from = (int) Math.min(range[0], data.length);
          int to = length == null ? data.length : (int) Math.min(data.length, range[0] + length);
          assertThat(join(chunks)).as("range %d+%d, chunk %d", range[0], range[1], chunk)
              .isEqualTo(java.util.Arrays.copyOfRange(data, from, Math.max(from, to)));
          assertChunksCarryTheirCrc(chunks);
          assertThat(chunks.getLast().getLast()).isTrue();
        }));
      }
    }
    CompletableFuture.allOf(loads.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);

    // A newer checkpoint under the name: readers pinned to the old version are told so.
    parallelWrite("ck/m.pt", bytes(MIB, 3), 1);
    assertThat(code(() -> readChunks("ck/m.pt", id, 0, 10L, 0))).isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(code(() -> readChunks("ck/m.pt", ByteString.copyFrom(new byte[5]), 0, 10L, 0)))
        .isEqualTo(Status.Code.INVALID_ARGUMENT);
  }

  @Test
  void singleStreamCheckpointsStoreTheirCrcsToo() throws Exception {
    byte[] data = bytes(3 * MIB + 7, 4);
    WriteCheckpointResponse r = f.writeCheckpoint(f.bobToken, CheckpointHeader.newBuilder()
        .setVolume(DatasetFixture.VOLUME).setPath("single.pt"), data, true).get(30, TimeUnit.SECONDS);
    assertThat(r.getCrc32C()).isEqualTo(crc(data, 0, data.length));
    List<DataChunk> chunks = readChunks("single.pt", r.getObjectId(), 0, null, 0);
    assertThat(join(chunks)).isEqualTo(data);
    assertChunksCarryTheirCrc(chunks);
  }

  @Test
  void damageOnDiskIsDetectedOnRead() throws Exception {
    byte[] data = bytes(4 * MIB, 5);
    WriteCheckpointResponse r = parallelWrite("ck/rot.pt", data, 2);
    ObjectId id = ObjectId.fromBytes(r.getObjectId().toByteArray());
    // Flip one byte of the second block in the engine's data file, behind the backend's back.
    long at = MIB + 4242;
    try (RandomAccessFile file = new RandomAccessFile(dataFile(id).toFile(), "rw")) {
      file.seek(at);
      int b = file.read();
      file.seek(at);
      file.write(b ^ 0x40);
    }
    // Whole blocks: the stored crc comes with the damaged bytes, the client's check fails.
    List<DataChunk> chunks = readChunks("ck/rot.pt", r.getObjectId(), 0, null, 0);
    DataChunk second = chunks.get(1);
    byte[] d = second.getData().toByteArray();
    assertThat(second.getCrc32C()).isEqualTo(crc(data, MIB, MIB)).isNotEqualTo(crc(d, 0, d.length));
    DataChunk first = chunks.get(0);
    assertThat(first.getCrc32C()).isEqualTo(crc(first.getData().toByteArray(), 0, MIB));
    // Part of the damaged block: the server checks the block and refuses, naming the range.
    assertThatThrownBy(() -> readChunks("ck/rot.pt", r.getObjectId(), MIB + 10, 100L, 0))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.DATA_LOSS);
          assertThat(e.getStatus().getDescription()).contains("ck/rot.pt", "[1048576, 2097152)");
        });
    // Undamaged blocks still read.
    assertThat(join(readChunks("ck/rot.pt", r.getObjectId(), 2 * MIB + 1, 10L, 0)))
        .isEqualTo(java.util.Arrays.copyOfRange(data, 2 * MIB + 1, 2 * MIB + 11));
  }

  @Test
  void aFileModifiedSinceItsTableIsReadWithoutCrcs() throws Exception {
    byte[] data = bytes(2 * MIB, 6);
    parallelWrite("ck/edited.pt", data, 1);
    try (FileHandle h = f.volume.open(f.volume.resolve("ck/edited.pt", false).id(), OpenMode.READ_WRITE)) {
      h.write(10, ByteBuffer.wrap(new byte[] {1, 2, 3}));
    }
    data[10] = 1;
    data[11] = 2;
    data[12] = 3;
    List<DataChunk> chunks = readChunks("ck/edited.pt", null, 0, null, 0);
    assertThat(join(chunks)).isEqualTo(data);
    assertThat(chunks).allSatisfy(c -> assertThat(c.hasCrc32C()).isFalse());
  }

  @Test
  void badBlocksEndTheUploadAndPublishNothing() throws Exception {
    byte[] old = bytes(MIB + 1, 8);
    parallelWrite("ck/keep.pt", old, 1);
    long objects = f.volume.statfs().objects();
    byte[] data = bytes(3 * MIB, 9);

    BeginCheckpointResponse b = begin(f.bobToken, "ck/keep.pt", data.length);
    ByteString id = b.getUploadId();
    CheckpointBlock unaligned = CheckpointBlock.newBuilder().setUploadId(id).setOffset(100)
        .setData(ByteString.copyFrom(data, 100, MIB)).build();
    assertThat(code(stream(f.bobToken, List.of(unaligned)))).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(code(() -> f.blocking(f.bobToken).commitCheckpoint(
        CommitCheckpointRequest.newBuilder().setUploadId(id).build())))
        .as("a failed stream ended the upload").isEqualTo(Status.Code.NOT_FOUND);

    b = begin(f.bobToken, "ck/keep.pt", data.length);
    CheckpointBlock bad = CheckpointBlock.newBuilder(block(b.getUploadId(), data, 0, MIB, true)).setCrc32C(1).build();
    assertThat(code(stream(f.bobToken, List.of(bad)))).isEqualTo(Status.Code.DATA_LOSS);

    b = begin(f.bobToken, "ck/keep.pt", data.length);
    CheckpointBlock first = block(b.getUploadId(), data, 0, MIB, false);
    assertThat(code(stream(f.bobToken, List.of(first, first)))).as("a block twice").isEqualTo(Status.Code.INVALID_ARGUMENT);

    b = begin(f.bobToken, "ck/keep.pt", data.length);
    CheckpointBlock shortBlock = CheckpointBlock.newBuilder().setUploadId(b.getUploadId()).setOffset(MIB)
        .setData(ByteString.copyFrom(data, MIB, 1000)).build();
    assertThat(code(stream(f.bobToken, List.of(shortBlock)))).isEqualTo(Status.Code.INVALID_ARGUMENT);

    b = begin(f.bobToken, "ck/keep.pt", data.length);
    stream(f.bobToken, List.of(block(b.getUploadId(), data, 0, MIB, true), block(b.getUploadId(), data, 2 * MIB, MIB,
        true))).get(30, TimeUnit.SECONDS);
    ByteString missing = b.getUploadId();
    assertThatThrownBy(() -> f.blocking(f.bobToken).commitCheckpoint(
        CommitCheckpointRequest.newBuilder().setUploadId(missing).build()))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
          assertThat(e.getStatus().getDescription()).contains("2 of 3 blocks", "first missing at offset 1048576");
        });

    // Another user cannot use (or learn about) bob's upload; an explicit abort ends it.
    b = begin(f.bobToken, "ck/keep.pt", data.length);
    ByteString bobs = b.getUploadId();
    assertThat(code(stream(f.rootToken, List.of(block(bobs, data, 0, MIB, true))))).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(code(() -> f.blocking(f.rootToken).abortCheckpoint(
        AbortCheckpointRequest.newBuilder().setUploadId(bobs).build()))).isEqualTo(Status.Code.NOT_FOUND);
    f.blocking(f.bobToken).abortCheckpoint(AbortCheckpointRequest.newBuilder().setUploadId(bobs).build());
    assertThat(code(() -> f.blocking(f.bobToken).abortCheckpoint(
        AbortCheckpointRequest.newBuilder().setUploadId(bobs).build()))).isEqualTo(Status.Code.NOT_FOUND);

    // Without a declared length the commit must give it, and the blocks must add up to it.
    ByteString undeclared = beginUndeclared("ck/keep.pt");
    stream(f.bobToken, List.of(block(undeclared, data, 0, MIB, true))).get(30, TimeUnit.SECONDS);
    assertThat(code(() -> commit(undeclared, null))).isEqualTo(Status.Code.INVALID_ARGUMENT);
    ByteString shortFirst = beginUndeclared("ck/keep.pt");
    stream(f.bobToken, List.of(block(shortFirst, data, 0, 1000, true), block(shortFirst, data, MIB, MIB, true)))
        .get(30, TimeUnit.SECONDS);
    assertThatThrownBy(() -> commit(shortFirst, (long) 2 * MIB))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> assertThat(e.getStatus().getDescription())
            .contains("the block at offset 0 has 1000 bytes (expected: 1048576"));

    // alice may only read.
    assertThat(code(() -> begin(f.aliceToken, "ck/x.pt", 10))).isEqualTo(Status.Code.PERMISSION_DENIED);

    assertThat(join(readChunks("ck/keep.pt", null, 0, null, 0))).isEqualTo(old);
    awaitObjects(objects);
  }

  @Test
  void aUserHasAtMost64UploadsOpen() throws Exception {
    long objects = f.volume.statfs().objects();
    List<ByteString> open = new ArrayList<>();
    for (int i = 0; i < 64; i++) {
      open.add(begin(f.bobToken, "ck/u" + i + ".pt", 10).getUploadId());
    }
    assertThatThrownBy(() -> begin(f.bobToken, "ck/one-more.pt", 10))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
          assertThat(e.getStatus().getDescription()).contains("64 checkpoint uploads open");
        });
    f.blocking(f.bobToken).abortCheckpoint(AbortCheckpointRequest.newBuilder().setUploadId(open.remove(0)).build());
    open.add(begin(f.bobToken, "ck/one-more.pt", 10).getUploadId());
    for (ByteString id : open) {
      f.blocking(f.bobToken).abortCheckpoint(AbortCheckpointRequest.newBuilder().setUploadId(id).build());
    }
    awaitObjects(objects + 1); // the directory ck/ stays
  }

  @Test
  void anIdleUploadIsEndedAndLeaksNothing() throws Exception {
    f.volume.mkdir(f.volume.root(), "ck", 0777, dev.estuary.dfs.Ownership.ROOT);
    long objects = f.volume.statfs().objects();
    byte[] data = bytes(2 * MIB, 10);
    BeginCheckpointResponse b = begin(f.bobToken, "ck/idle.pt", data.length);
    stream(f.bobToken, List.of(block(b.getUploadId(), data, 0, MIB, true))).get(30, TimeUnit.SECONDS);
    assertThat(f.volume.statfs().objects()).as("the unnamed object").isEqualTo(objects + 1);
    // The reaper ticks at most every second and reads the frontend's clock: move it past the
    // timeout, and the upload's object goes away without anyone touching the upload.
    f.clock.advance(Duration.ofSeconds(61));
    awaitObjects(objects);
    assertThat(code(() -> f.blocking(f.bobToken).abortCheckpoint(
        AbortCheckpointRequest.newBuilder().setUploadId(b.getUploadId()).build()))).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(f.volume.resolve("ck", false).size()).as("nothing published in ck/").isZero();

    f.close();
    closed = true;
    FsckReport report = new EngineProvider().fsck(f.context(), false, line -> { });
    assertThat(report.problems()).isEmpty();
  }

  private Path dataFile(ObjectId id) throws IOException {
    try (Stream<Path> walk = Files.walk(f.dataDir)) {
      return walk.filter(p -> p.getFileName().toString().equals(id.toString())).findFirst()
          .orElseThrow(() -> new AssertionError("no data file for " + id + " under " + f.dataDir));
    }
  }

  private void awaitObjects(long expected) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (f.volume.statfs().objects() != expected && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(f.volume.statfs().objects()).as("objects in the volume").isEqualTo(expected);
  }
}
