package dev.estuary.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.estuary.dataset.proto.BatchChunk;
import dev.estuary.dataset.proto.DataChunk;
import dev.estuary.dataset.proto.FileType;
import dev.estuary.dataset.proto.GetBatchRequest;
import dev.estuary.dataset.proto.GetBatchResponse;
import dev.estuary.dataset.proto.GetRequest;
import dev.estuary.dataset.proto.ItemError;
import dev.estuary.dataset.proto.ReadRangeRequest;
import dev.estuary.dataset.proto.StatRequest;
import dev.estuary.dataset.proto.StatResponse;
import dev.estuary.dfs.Attributes;
import dev.estuary.dfs.Ownership;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Get, GetBatch, ReadRange and Stat, byte for byte, through a real grpc-java client. */
class ReadTest {
  private static final int BIG = (5 << 20) + 12_345; // more than gRPC's default 4 MiB message

  @TempDir Path tmp;
  private DatasetFixture f;
  private final List<String> names = new ArrayList<>();
  private final List<byte[]> contents = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    f = new DatasetFixture(tmp, Map.of());
    int[] sizes = {0, 1, 4096, 70_000, 1 << 20, (1 << 20) + 1, 300_000, BIG, 17};
    for (int i = 0; i < sizes.length; i++) {
      String p = "img/c" + (i % 3) + "/s" + i + ".bin";
      names.add(p);
      contents.add(f.write(p, sizes[i]));
    }
  }

  @AfterEach
  void stop() throws Exception {
    f.close();
  }

  private byte[] get(GetRequest req) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Iterator<DataChunk> it = f.blocking(f.aliceToken).get(req);
    long expectOffset = 0;
    boolean last = false;
    while (it.hasNext()) {
      DataChunk c = it.next();
      assertThat(last).as("nothing after the last chunk").isFalse();
      assertThat(c.getOffset()).isEqualTo(expectOffset);
      int max = req.getChunkSize() == 0 ? 1 << 20 : req.getChunkSize();
      assertThat(c.getData().size()).isLessThanOrEqualTo(max);
      expectOffset += c.getData().size();
      out.writeBytes(c.getData().toByteArray());
      last = c.getLast();
    }
    assertThat(last).as("last chunk flagged").isTrue();
    return out.toByteArray();
  }

  private static GetRequest.Builder getReq(String path) {
    return GetRequest.newBuilder().setVolume(DatasetFixture.VOLUME).setPath(path);
  }

  @Test
  void getReturnsEverySampleByteForByteInBoundedChunks() {
    for (int i = 0; i < names.size(); i++) {
      assertThat(get(getReq(names.get(i)).build())).as(names.get(i)).isEqualTo(contents.get(i));
    }
    int big = names.size() - 2;
    assertThat(get(getReq("/" + names.get(big)).setChunkSize(64 * 1024).setExpectedSize(BIG).build()))
        .isEqualTo(contents.get(big));
    assertThat(f.registry.get("estuary.dataset.samples").counter().count()).isEqualTo(names.size() + 1);
  }

  @Test
  void getRefusesChangedSizeMissingPathsAndDirectories() {
    assertCode(() -> get(getReq(names.get(2)).setExpectedSize(4095).build()),
        Status.Code.FAILED_PRECONDITION, "expected_size: 4095");
    assertCode(() -> get(getReq("img/c0/none.bin").build()), Status.Code.NOT_FOUND, "img/c0/none.bin");
    assertCode(() -> get(getReq("nodir/x.bin").build()), Status.Code.NOT_FOUND, "nodir/x.bin");
    assertCode(() -> get(getReq("img").build()), Status.Code.INVALID_ARGUMENT, "is a directory");
    assertCode(() -> get(getReq(names.get(0)).setChunkSize(64 << 20).build()),
        Status.Code.RESOURCE_EXHAUSTED, "chunk_size");
  }

  @Test
  void getFollowsSymlinks() {
    f.volume.symlink(f.volume.root(), "alias.bin", names.get(3), Ownership.ROOT);
    assertThat(get(getReq("alias.bin").build())).isEqualTo(contents.get(3));
  }

  /** Reassembles a batch by index, checking request order, offsets and bounded messages. */
  private List<byte[]> getBatch(GetBatchRequest req) {
    int n = req.getPathsCount();
    List<ByteArrayOutputStream> parts = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      parts.add(new ByteArrayOutputStream());
    }
    boolean[] done = new boolean[n];
    int current = 0;
    Iterator<GetBatchResponse> it = f.blocking(f.aliceToken).getBatch(req);
    int max = req.getChunkSize() == 0 ? 1 << 20 : req.getChunkSize();
    while (it.hasNext()) {
      GetBatchResponse m = it.next();
      int bytes = 0;
      for (BatchChunk c : m.getChunksList()) {
        assertThat(c.getIndex()).as("request order").isEqualTo(current);
        assertThat(c.getOffset()).isEqualTo(parts.get(current).size());
        parts.get(current).writeBytes(c.getData().toByteArray());
        bytes += c.getData().size();
        if (c.getLast()) {
          done[current] = true;
          current++;
        }
      }
      assertThat(bytes).isLessThanOrEqualTo(max);
    }
    assertThat(current).isEqualTo(n);
    List<byte[]> out = new ArrayList<>();
    for (ByteArrayOutputStream p : parts) {
      out.add(p.toByteArray());
    }
    return out;
  }

  @Test
  void getBatchReturnsItemsInRequestOrderIncludingLargeAndDuplicates() {
    List<Integer> order = List.of(7, 0, 2, 2, 5, 8, 1, 3, 4, 6, 7);
    GetBatchRequest.Builder req = GetBatchRequest.newBuilder().setVolume(DatasetFixture.VOLUME);
    for (int i : order) {
      req.addPaths(names.get(i));
      req.addExpectedSizes(contents.get(i).length);
    }
    List<byte[]> got = getBatch(req.build());
    for (int k = 0; k < order.size(); k++) {
      assertThat(got.get(k)).as("item %d (%s)", k, names.get(order.get(k))).isEqualTo(contents.get(order.get(k)));
    }
    // Small chunks: large items split, small ones still whole.
    List<byte[]> small = getBatch(req.setChunkSize(50_000).build());
    for (int k = 0; k < order.size(); k++) {
      assertThat(small.get(k)).isEqualTo(contents.get(order.get(k)));
    }
  }

  @Test
  void getBatchWithASmallItemBeforeALargeOneCompletes() {
    // The sender reads the run it waits for itself; a large item right after that run once made it
    // skip the read, and the call never completed.
    int big = names.size() - 2;
    List<Integer> order = List.of(0, big, 1);
    GetBatchRequest.Builder req = GetBatchRequest.newBuilder().setVolume(DatasetFixture.VOLUME);
    order.forEach(i -> req.addPaths(names.get(i)));
    List<byte[]> got = getBatch(req.build());
    for (int k = 0; k < order.size(); k++) {
      assertThat(got.get(k)).as("item %d", k).isEqualTo(contents.get(order.get(k)));
    }
  }

  @Test
  void manySmallSamplesArePackedSeveralPerMessage() {
    GetBatchRequest.Builder req = GetBatchRequest.newBuilder().setVolume(DatasetFixture.VOLUME);
    List<byte[]> want = new ArrayList<>();
    for (int i = 0; i < 64; i++) {
      String p = "small/" + i + ".bin";
      want.add(f.write(p, 4096));
      req.addPaths(p);
    }
    Iterator<GetBatchResponse> it = f.blocking(f.aliceToken).getBatch(req.build());
    int messages = 0;
    List<byte[]> got = new ArrayList<>();
    while (it.hasNext()) {
      messages++;
      for (BatchChunk c : it.next().getChunksList()) {
        assertThat(c.getLast()).isTrue();
        got.add(c.getData().toByteArray());
      }
    }
    assertThat(messages).isLessThan(64);
    for (int i = 0; i < 64; i++) {
      assertThat(got.get(i)).isEqualTo(want.get(i));
    }
  }

  @Test
  void getBatchFailsWholeOnAMissingPathAndChecksItsShape() {
    GetBatchRequest.Builder req = GetBatchRequest.newBuilder().setVolume(DatasetFixture.VOLUME)
        .addPaths(names.get(1)).addPaths("img/c1/missing.bin");
    assertCode(() -> getBatch(req.build()), Status.Code.NOT_FOUND, "img/c1/missing.bin");
    assertCode(() -> getBatch(req.clone().addExpectedSizes(1).build()), Status.Code.INVALID_ARGUMENT,
        "expected_sizes: 1 entries");
    assertThat(getBatch(GetBatchRequest.newBuilder().setVolume(DatasetFixture.VOLUME).build())).isEmpty();
  }

  /** One item of a batch read with item_errors: its bytes, or its error. */
  private record Item(byte[] data, ItemError error) {}

  /** Reads a batch with item_errors over {@code ch}, checking request order and offsets. */
  private static List<Item> itemBatch(io.grpc.Channel ch, String token, GetBatchRequest req,
      Runnable afterFirstMessage) {
    List<Item> out = new ArrayList<>();
    ByteArrayOutputStream current = new ByteArrayOutputStream();
    Iterator<GetBatchResponse> it = dev.estuary.dataset.proto.DatasetServiceGrpc.newBlockingStub(ch)
        .withInterceptors(DatasetFixture.auth(token)).withDeadlineAfter(30, TimeUnit.SECONDS)
        .getBatch(req.toBuilder().setItemErrors(true).build());
    boolean first = true;
    while (it.hasNext()) {
      GetBatchResponse m = it.next();
      if (first) {
        first = false;
        afterFirstMessage.run();
      }
      for (BatchChunk c : m.getChunksList()) {
        assertThat(c.getIndex()).as("request order").isEqualTo(out.size());
        if (c.hasError()) {
          assertThat(c.getLast()).as("an error piece ends its item").isTrue();
          assertThat(c.getData().isEmpty()).isTrue();
          out.add(new Item(null, c.getError()));
          current.reset();
          continue;
        }
        assertThat(c.getOffset()).isEqualTo(current.size());
        current.writeBytes(c.getData().toByteArray());
        if (c.getLast()) {
          out.add(new Item(current.toByteArray(), null));
          current.reset();
        }
      }
    }
    assertThat(out).hasSize(req.getPathsCount());
    return out;
  }

  private static void assertItemError(Item item, Status.Code code, String kind, String... message) {
    assertThat(item.error()).as("an error in the item's place").isNotNull();
    assertThat(item.error().getCode()).as("%s", item.error()).isEqualTo(code.value());
    assertThat(item.error().getKind()).isEqualTo(kind);
    assertThat(item.error().getMessage()).contains(message);
  }

  @Test
  void getBatchWithItemErrorsAnswersEachFailingItemInItsPlaceAndTheRestWhole() throws Exception {
    int big = names.size() - 2;
    f.write("locked/secret.bin", 100);
    f.volume.setAttributes(f.volume.resolve("locked/secret.bin", false).id(),
        dev.estuary.dfs.SetAttributes.builder().mode(0600).build());
    GetBatchRequest req = GetBatchRequest.newBuilder().setVolume(DatasetFixture.VOLUME)
        .addPaths(names.get(2)).addExpectedSizes(4096)
        .addPaths("img/c1/missing.bin").addExpectedSizes(0)
        .addPaths(names.get(big)).addExpectedSizes(BIG)
        .addPaths("img").addExpectedSizes(0)
        .addPaths(names.get(3)).addExpectedSizes(1)
        .addPaths("nodir/x.bin").addExpectedSizes(0)
        .addPaths("locked/secret.bin").addExpectedSizes(100)
        .addPaths(names.get(1)).addExpectedSizes(1)
        .build();
    List<Item> got = itemBatch(f.channel, f.aliceToken, req, () -> {});
    assertThat(got.get(0).data()).isEqualTo(contents.get(2));
    assertItemError(got.get(1), Status.Code.NOT_FOUND, "NOT_FOUND", "paths[1]", "'img/c1/missing.bin'", "does not exist");
    assertThat(got.get(2).data()).isEqualTo(contents.get(big));
    assertItemError(got.get(3), Status.Code.INVALID_ARGUMENT, "IS_DIRECTORY", "paths[3]", "'img'", "is a directory");
    assertItemError(got.get(4), Status.Code.FAILED_PRECONDITION, "", "paths[4]", names.get(3), "expected_sizes[4]: 1");
    assertItemError(got.get(5), Status.Code.NOT_FOUND, "NOT_FOUND", "paths[5]", "'nodir/x.bin'");
    assertItemError(got.get(6), Status.Code.PERMISSION_DENIED, "ACCESS_DENIED", "paths[6]", "'locked/secret.bin'", "may not read it");
    assertThat(got.get(7).data()).isEqualTo(contents.get(1));
    // The same request without item_errors still fails as a whole, at the first failing item.
    assertCode(() -> getBatch(req), Status.Code.NOT_FOUND, "img/c1/missing.bin");
    // A malformed path is the request's fault, not an item's: the call fails.
    assertCode(() -> itemBatch(f.channel, f.aliceToken, GetBatchRequest.newBuilder().setVolume(DatasetFixture.VOLUME)
        .addPaths(names.get(1)).addPaths("").build(), () -> {}), Status.Code.INVALID_ARGUMENT, "paths[1]");
  }

  @Test
  void getBatchWithItemErrorsReportsAFileRemovedBeforeItsTurnAndGoesOn() throws Exception {
    // Item 0 is streamed chunk by chunk under the client's small window, so item 1 (also larger
    // than a chunk, opened only at its turn) is removed before the server reads it.
    int big = names.size() - 2;
    String doomed = names.get(5); // 1 MiB + 1
    String last = names.get(6);
    ManagedChannel ch = NettyChannelBuilder.forAddress("127.0.0.1", f.server.port()).usePlaintext()
        .flowControlWindow(64 * 1024).maxInboundMessageSize(16 << 20).build();
    try {
      GetBatchRequest req = GetBatchRequest.newBuilder().setVolume(DatasetFixture.VOLUME)
          .addPaths(names.get(big)).addPaths(doomed).addPaths(last).build();
      List<Item> got = itemBatch(ch, f.aliceToken, req, () -> {
        int slash = doomed.lastIndexOf('/');
        f.volume.remove(f.volume.resolve(doomed.substring(0, slash), false).id(), doomed.substring(slash + 1),
            dev.estuary.dfs.RemoveKind.ANY);
      });
      assertThat(got.get(0).data()).isEqualTo(contents.get(big));
      assertItemError(got.get(1), Status.Code.NOT_FOUND, got.get(1).error() == null ? "" : got.get(1).error().getKind(),
          "paths[1]", "'" + doomed + "'");
      assertThat(got.get(2).data()).isEqualTo(contents.get(6));
    } finally {
      ch.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void readRangeReadsPartsAndStopsAtTheEnd() {
    int big = names.size() - 2;
    byte[] all = contents.get(big);
    assertThat(range(names.get(big), 1_000_000, 3_000_000, 0)).isEqualTo(Arrays.copyOfRange(all, 1_000_000, 4_000_000));
    assertThat(range(names.get(big), BIG - 10, 100, 0)).isEqualTo(Arrays.copyOfRange(all, BIG - 10, BIG));
    assertThat(range(names.get(big), BIG + 5, 100, 0)).isEmpty();
    assertThat(range(names.get(big), 7, 100_000, 4096)).isEqualTo(Arrays.copyOfRange(all, 7, 100_007));
  }

  private byte[] range(String path, long offset, long length, int chunk) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Iterator<DataChunk> it = f.blocking(f.aliceToken).readRange(ReadRangeRequest.newBuilder()
        .setVolume(DatasetFixture.VOLUME).setPath(path).setOffset(offset).setLength(length).setChunkSize(chunk)
        .build());
    long pos = offset;
    boolean last = false;
    while (it.hasNext()) {
      DataChunk c = it.next();
      assertThat(c.getOffset()).isEqualTo(pos);
      pos += c.getData().size();
      out.writeBytes(c.getData().toByteArray());
      last = c.getLast();
    }
    assertThat(last).isTrue();
    return out.toByteArray();
  }

  @Test
  void statReportsTypeSizeTimeAndObjectId() {
    Attributes a = f.volume.resolve(names.get(3), false);
    StatResponse s = f.blocking(f.aliceToken).stat(
        StatRequest.newBuilder().setVolume(DatasetFixture.VOLUME).setPath(names.get(3)).build());
    assertThat(s.getType()).isEqualTo(FileType.FILE_TYPE_FILE);
    assertThat(s.getSize()).isEqualTo(70_000);
    assertThat(s.getObjectId().toByteArray()).isEqualTo(a.id().toBytes());
    assertThat(s.getMtimeNanos()).isEqualTo(a.modifyTime().getEpochSecond() * 1_000_000_000L + a.modifyTime().getNano());
    assertThat(s.getMode()).isEqualTo(0644);
    StatResponse dir = f.blocking(f.aliceToken).stat(
        StatRequest.newBuilder().setVolume(DatasetFixture.VOLUME).setPath("img").build());
    assertThat(dir.getType()).isEqualTo(FileType.FILE_TYPE_DIRECTORY);
    f.volume.symlink(f.volume.root(), "ln", "img", Ownership.ROOT);
    assertThat(f.blocking(f.aliceToken).stat(StatRequest.newBuilder().setVolume(DatasetFixture.VOLUME)
        .setPath("ln").setNoFollow(true).build()).getType()).isEqualTo(FileType.FILE_TYPE_SYMLINK);
    assertCode(() -> f.blocking(f.aliceToken).stat(
        StatRequest.newBuilder().setVolume(DatasetFixture.VOLUME).setPath("img/nothing").build()),
        Status.Code.NOT_FOUND, "img/nothing");
  }

  static void assertCode(Runnable r, Status.Code code, String message) {
    assertThatThrownBy(r::run).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
      assertThat(e.getStatus().getCode()).as("%s", e.getStatus()).isEqualTo(code);
      assertThat(e.getStatus().getDescription()).contains(message);
    });
  }
}
