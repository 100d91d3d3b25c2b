package dev.estuary.dfs.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.dfs.ErrorKind;
import dev.estuary.dfs.FileHandle;
import dev.estuary.dfs.ObjectId;
import dev.estuary.dfs.OpenMode;
import dev.estuary.dfs.RemoveKind;
import dev.estuary.dfs.RenameMode;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link FileHandle} positional reads and writes, truncation, handle modes and lifetimes. */
public abstract class FileIoContract extends DfsContractSupport {

  private static final List<ErrorKind> DENIED = List.of(ErrorKind.READ_ONLY, ErrorKind.NOT_PERMITTED);

  @Test
  void writeAndRead_heapBuffers_roundTripAndAdvancePositions() {
    ObjectId f = createFile(root, "f").id();
    byte[] data = randomBytes(10_000, 1);
    try (FileHandle h = volume.open(f, OpenMode.READ_WRITE)) {
      ByteBuffer src = ByteBuffer.wrap(data);

      assertThat(h.write(0, src)).isEqualTo(10_000);

      assertThat(src.remaining()).isZero();
      ByteBuffer dst = ByteBuffer.allocate(10_000);
      assertThat(h.read(0, dst)).isEqualTo(10_000);
      assertThat(dst.position()).isEqualTo(10_000);
      assertThat(dst.array()).isEqualTo(data);
    }
  }

  @Test
  void writeAndRead_directBuffersWithOffsets_honourPositionAndLimit() {
    ObjectId f = createFile(root, "f").id();
    byte[] data = randomBytes(300, 2);
    try (FileHandle h = volume.open(f, OpenMode.READ_WRITE)) {
      ByteBuffer src = ByteBuffer.allocateDirect(500);
      src.put(new byte[100]).put(data).put(new byte[100]);
      src.position(100).limit(400);

      assertThat(h.write(50, src)).isEqualTo(300);
      assertThat(src.position()).isEqualTo(400);

      ByteBuffer dst = ByteBuffer.allocateDirect(1000);
      dst.position(10).limit(110);
      assertThat(h.read(150, dst)).isEqualTo(100);
      assertThat(dst.position()).isEqualTo(110);
      byte[] got = new byte[100];
      dst.position(10);
      dst.get(got);
      assertThat(got).isEqualTo(Arrays.copyOfRange(data, 100, 200));
      assertThat(h.size()).isEqualTo(350);
      assertThat(readExactly(h, 0, 50)).isEqualTo(new byte[50]);
    }
  }

  @Test
  void read_nearAndPastTheEnd_isShortThenMinusOne() {
    ObjectId f = createFile(root, "f", randomBytes(100, 3)).id();
    try (FileHandle h = volume.open(f, OpenMode.READ)) {
      ByteBuffer buf = ByteBuffer.allocate(64);

      assertThat(h.read(90, buf)).isEqualTo(10);
      assertThat(buf.position()).isEqualTo(10);
      assertThat(h.read(100, ByteBuffer.allocate(8))).isEqualTo(-1);
      assertThat(h.read(1_000_000, ByteBuffer.allocate(8))).isEqualTo(-1);
      assertThat(h.read(99, ByteBuffer.allocate(0))).isZero();
    }
  }

  @Test
  void read_emptyFile_isMinusOne() {
    ObjectId f = createFile(root, "f").id();
    try (FileHandle h = volume.open(f, OpenMode.READ)) {
      assertThat(h.read(0, ByteBuffer.allocate(8))).isEqualTo(-1);
      assertThat(h.size()).isZero();
    }
  }

  @Test
  void write_beyondTheEnd_leavesAGapThatReadsAsZeros() {
    ObjectId f = createFile(root, "f", new byte[] {1, 2}).id();

    write(f, 1 << 20, new byte[] {9});

    byte[] all = readAll(f);
    assertThat(all).hasSize((1 << 20) + 1);
    assertThat(all[0]).isEqualTo((byte) 1);
    assertThat(all[1]).isEqualTo((byte) 2);
    assertThat(Arrays.copyOfRange(all, 2, 1 << 20)).isEqualTo(new byte[(1 << 20) - 2]);
    assertThat(all[1 << 20]).isEqualTo((byte) 9);
  }

  @Test
  void write_atATerabyteOffset_setsTheSizeAndReadsBack() {
    ObjectId f = createFile(root, "f").id();
    long far = 1L << 40;
    try (FileHandle h = volume.open(f, OpenMode.READ_WRITE)) {
      h.write(far, ByteBuffer.wrap(new byte[] {5, 6, 7}));

      assertThat(h.size()).isEqualTo(far + 3);
      assertThat(readExactly(h, far - 2, 5)).containsExactly(0, 0, 5, 6, 7);
      assertThat(readExactly(h, 1 << 30, 4)).containsExactly(0, 0, 0, 0);
    }
  }

  @Test
  void write_emptyBuffer_changesNothing() {
    ObjectId f = createFile(root, "f", new byte[] {1}).id();
    try (FileHandle h = volume.open(f, OpenMode.WRITE)) {
      assertThat(h.write(0, ByteBuffer.allocate(0))).isZero();
      assertThat(h.size()).isEqualTo(1);
    }
  }

  @Test
  void write_overlapping_lastWriteWins() {
    ObjectId f = createFile(root, "f", randomBytes(1000, 4)).id();

    write(f, 500, new byte[] {1, 1, 1});

    byte[] expected = randomBytes(1000, 4);
    expected[500] = expected[501] = expected[502] = 1;
    assertThat(readAll(f)).isEqualTo(expected);
  }

  @Test
  void io_negativePositionOrOverflowingRange_fails() {
    ObjectId f = createFile(root, "f").id();
    try (FileHandle h = volume.open(f, OpenMode.READ_WRITE)) {
      assertKind(ErrorKind.INVALID_ARGUMENT, () -> h.read(-1, ByteBuffer.allocate(1)));
      assertKind(ErrorKind.INVALID_ARGUMENT, () -> h.write(-1, ByteBuffer.allocate(1)));
      assertKind(ErrorKind.INVALID_ARGUMENT, () -> h.truncate(-1));
      assertKind(
          ErrorKind.FILE_TOO_LARGE, () -> h.write(Long.MAX_VALUE - 1, ByteBuffer.allocate(4)));
      assertThat(h.size()).isZero();
    }
  }

  @Test
  void truncate_downThenUp_dropsTheTailAndExtendsWithZeros() {
    ObjectId f = createFile(root, "f", randomBytes(8192, 5)).id();
    try (FileHandle h = volume.open(f, OpenMode.READ_WRITE)) {
      h.truncate(100);
      assertThat(h.size()).isEqualTo(100);
      assertThat(h.read(100, ByteBuffer.allocate(1))).isEqualTo(-1);

      h.truncate(8192);

      byte[] expected = new byte[8192];
      System.arraycopy(randomBytes(8192, 5), 0, expected, 0, 100);
      assertThat(readAll(h)).isEqualTo(expected);
    }
  }

  @Test
  void readOnlyHandle_rejectsWritesAndTruncate() {
    ObjectId f = createFile(root, "f", new byte[] {1}).id();
    try (FileHandle h = volume.open(f, OpenMode.READ)) {
      assertThat(h.mode()).isEqualTo(OpenMode.READ);
      assertAnyKind(DENIED, () -> h.write(0, ByteBuffer.wrap(new byte[] {2})));
      assertAnyKind(DENIED, () -> h.truncate(0));
    }
    assertThat(readAll(f)).containsExactly(1);
  }

  @Test
  void writeOnlyHandle_rejectsReads() {
    ObjectId f = createFile(root, "f", new byte[] {1}).id();
    try (FileHandle h = volume.open(f, OpenMode.WRITE)) {
      assertAnyKind(DENIED, () -> h.read(0, ByteBuffer.allocate(1)));
    }
  }

  @Test
  void open_directorySymlinkOrUnknown_failsWithTheirKinds() {
    ObjectId d = mkdir(root, "d").id();
    ObjectId l = volume.symlink(root, "l", "d", OWNER).id();
    ObjectId f = createFile(root, "f").id();
    volume.remove(root, "f", RemoveKind.ANY);

    assertKind(ErrorKind.IS_DIRECTORY, () -> volume.open(d, OpenMode.READ));
    assertKind(ErrorKind.INVALID_ARGUMENT, () -> volume.open(l, OpenMode.READ));
    assertKind(ErrorKind.STALE, () -> volume.open(f, OpenMode.READ));
    assertKind(ErrorKind.STALE, () -> volume.open(new ObjectId(-1, -1), OpenMode.READ));
  }

  @Test
  void handle_afterItsFileIsRemoved_keepsReadingAndWritingUntilClosed() {
    ObjectId f = createFile(root, "f", new byte[] {1, 2, 3}).id();
    FileHandle h = volume.open(f, OpenMode.READ_WRITE);

    volume.remove(root, "f", RemoveKind.ANY);
    createFile(root, "f", new byte[] {7});

    h.write(3, ByteBuffer.wrap(new byte[] {4}));
    assertThat(readAll(h)).containsExactly(1, 2, 3, 4);
    assertThat(h.size()).isEqualTo(4);
    assertThat(h.attributes().id()).isEqualTo(f);
    assertThat(h.attributes().size()).isEqualTo(4);
    h.close();
    assertKind(ErrorKind.STALE, () -> volume.getAttributes(f));
    assertThat(readAll(volume.lookup(root, "f").id())).containsExactly(7);
  }

  @Test
  void handle_afterRename_keepsWorking() {
    ObjectId f = createFile(root, "f").id();
    ObjectId d = mkdir(root, "d").id();
    try (FileHandle h = volume.open(f, OpenMode.READ_WRITE)) {
      volume.rename(root, "f", d, "g", RenameMode.NO_REPLACE);

      h.write(0, ByteBuffer.wrap(new byte[] {6}));
    }
    assertThat(readAll(volume.lookup(d, "g").id())).containsExactly(6);
  }

  @Test
  void handle_afterClose_failsClosedAndCloseIsIdempotent() {
    ObjectId f = createFile(root, "f", new byte[] {1}).id();
    FileHandle h = volume.open(f, OpenMode.READ_WRITE);

    h.close();
    h.close();

    assertKind(ErrorKind.CLOSED, () -> h.read(0, ByteBuffer.allocate(1)));
    assertKind(ErrorKind.CLOSED, () -> h.write(0, ByteBuffer.allocate(1)));
    assertThat(readAll(f)).containsExactly(1);
  }

  @Test
  void twoHandles_seeEachOthersWritesAtOnce() {
    ObjectId f = createFile(root, "f").id();
    try (FileHandle a = volume.open(f, OpenMode.READ_WRITE);
        FileHandle b = volume.open(f, OpenMode.READ_WRITE)) {
      a.write(0, ByteBuffer.wrap(new byte[] {1, 2}));
      assertThat(readExactly(b, 0, 2)).containsExactly(1, 2);
      b.write(1, ByteBuffer.wrap(new byte[] {9, 9}));
      assertThat(readExactly(a, 0, 3)).containsExactly(1, 9, 9);
      assertThat(a.size()).isEqualTo(3);
    }
  }

  @Test
  void growingFile_fromOneBytePastOneMebibyteInPieces_readsBackByteExact() {
    ObjectId f = createFile(root, "f").id();
    int total = (1 << 20) + 54_321;
    byte[] data = randomBytes(total, 6);
    try (FileHandle h = volume.open(f, OpenMode.READ_WRITE)) {
      h.write(0, ByteBuffer.wrap(data, 0, 1));
      assertThat(readAll(h)).containsExactly(data[0]);
      int pos = 1;
      int piece = 1;
      while (pos < total) {
        int n = Math.min(piece, total - pos);
        h.write(pos, ByteBuffer.wrap(data, pos, n));
        pos += n;
        assertThat(h.size()).isEqualTo(pos);
        // Check the seam around every small-to-large transition.
        int from = Math.max(0, pos - n - 3);
        assertThat(readExactly(h, from, pos - from)).isEqualTo(Arrays.copyOfRange(data, from, pos));
        piece = piece * 3 + 7;
      }
      assertThat(readAll(h)).isEqualTo(data);

      h.truncate(10);
      h.write(20, ByteBuffer.wrap(data, 0, 5000));
      byte[] expected = new byte[5020];
      System.arraycopy(data, 0, expected, 0, 10);
      System.arraycopy(data, 0, expected, 20, 5000);
      assertThat(readAll(h)).isEqualTo(expected);
    }
    assertThat(volume.getAttributes(f).size()).isEqualTo(5020);
  }

  @Test
  void twoHandles_oneGrowsTheFilePastOneMebibyteAndShrinksIt_theOtherSeesEveryStep() {
    ObjectId f = createFile(root, "f", new byte[] {1}).id();
    byte[] big = randomBytes((1 << 20) + 100, 8);
    try (FileHandle writer = volume.open(f, OpenMode.WRITE);
        FileHandle reader = volume.open(f, OpenMode.READ)) {
      assertThat(readAll(reader)).containsExactly(1);

      writer.write(0, ByteBuffer.wrap(big));
      assertThat(readAll(reader)).isEqualTo(big);
      assertThat(reader.size()).isEqualTo(big.length);

      writer.truncate(3);
      assertThat(readAll(reader)).isEqualTo(Arrays.copyOf(big, 3));
      writer.write(5, ByteBuffer.wrap(new byte[] {9}));
      assertThat(readAll(reader)).isEqualTo(new byte[] {big[0], big[1], big[2], 0, 0, 9});
    }
  }

  @Test
  void concurrentWriters_disjointRanges_allLand() throws Exception {
    ObjectId f = createFile(root, "f").id();
    int threads = 4;
    int chunk = 64 * 1024;
    try (FileHandle h = volume.open(f, OpenMode.READ_WRITE)) {
      Thread[] workers = new Thread[threads];
      Throwable[] failures = new Throwable[threads];
      for (int t = 0; t < threads; t++) {
        int id = t;
        workers[t] =
            new Thread(
                () -> {
                  try {
                    byte[] mine = randomBytes(chunk, 100 + id);
                    for (int off = 0; off < chunk; off += 4096) {
                      h.write((long) id * chunk + off, ByteBuffer.wrap(mine, off, 4096));
                    }
                  } catch (Throwable e) {
                    failures[id] = e;
                  }
                });
        workers[t].start();
      }
      for (Thread w : workers) {
        w.join();
      }
      assertThat(failures).containsOnlyNulls();
      byte[] all = readAll(h);
      assertThat(all).hasSize(threads * chunk);
      for (int t = 0; t < threads; t++) {
        assertThat(Arrays.copyOfRange(all, t * chunk, (t + 1) * chunk))
            .isEqualTo(randomBytes(chunk, 100 + t));
      }
    }
  }
}
