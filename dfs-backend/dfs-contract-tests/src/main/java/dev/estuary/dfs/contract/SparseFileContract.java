package dev.estuary.dfs.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.dfs.Capability;
import dev.estuary.dfs.ErrorKind;
import dev.estuary.dfs.FileHandle;
import dev.estuary.dfs.ObjectId;
import dev.estuary.dfs.OpenMode;
import dev.estuary.dfs.SeekKind;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Holes and reservations: {@link FileHandle#seek} on every backend, {@link FileHandle#punchHole}
 * with {@link Capability#HOLES}, {@link FileHandle#allocate} with {@link Capability#ALLOCATE}.
 * Offsets are multiples of 64 KiB so that any underlying block size up to that reports them
 * exactly.
 */
public abstract class SparseFileContract extends DfsContractSupport {

  private static final int K64 = 64 * 1024;

  @Test
  void seek_inAFileWithoutHoles_dataIsWhereAskedAndTheHoleIsTheEnd() {
    ObjectId f = createFile(root, "f", randomBytes(10_000, 1)).id();
    try (FileHandle h = volume.open(f, OpenMode.READ)) {
      assertThat(h.seek(0, SeekKind.DATA)).isZero();
      assertThat(h.seek(1234, SeekKind.DATA)).isEqualTo(1234);
      assertThat(h.seek(0, SeekKind.HOLE)).isEqualTo(10_000);
      assertThat(h.seek(9_999, SeekKind.HOLE)).isEqualTo(10_000);
    }
  }

  @Test
  void seek_atOrPastTheEnd_failsNoData() {
    ObjectId f = createFile(root, "f", new byte[100]).id();
    ObjectId empty = createFile(root, "empty").id();
    try (FileHandle h = volume.open(f, OpenMode.READ);
        FileHandle e = volume.open(empty, OpenMode.READ)) {
      for (SeekKind kind : SeekKind.values()) {
        assertKind(ErrorKind.NO_DATA, () -> h.seek(100, kind));
        assertKind(ErrorKind.NO_DATA, () -> h.seek(5000, kind));
        assertKind(ErrorKind.NO_DATA, () -> e.seek(0, kind));
      }
      assertKind(ErrorKind.INVALID_ARGUMENT, () -> h.seek(-1, SeekKind.DATA));
    }
  }

  @Test
  void punchHole_interior_readsZerosKeepsSizeAndSeekFindsIt() {
    assumeCapability(Capability.HOLES);
    byte[] data = randomBytes(16 * K64, 2);
    ObjectId f = createFile(root, "f", data).id();
    long allocatedBefore = volume.getAttributes(f).allocatedBytes();
    try (FileHandle h = volume.open(f, OpenMode.READ_WRITE)) {

      h.punchHole(4 * K64, 8 * K64);

      assertThat(h.size()).isEqualTo(16 * K64);
      byte[] expected = data.clone();
      Arrays.fill(expected, 4 * K64, 12 * K64, (byte) 0);
      assertThat(readAll(h)).isEqualTo(expected);
      assertThat(h.seek(0, SeekKind.HOLE)).isEqualTo(4 * K64);
      assertThat(h.seek(4 * K64, SeekKind.DATA)).isEqualTo(12 * K64);
      assertThat(h.seek(5 * K64, SeekKind.HOLE)).isEqualTo(5 * K64);
      assertThat(h.seek(12 * K64, SeekKind.HOLE)).isEqualTo(16 * K64);
    }
    assertThat(volume.getAttributes(f).allocatedBytes()).isLessThan(allocatedBefore);
  }

  @Test
  void punchHole_smallFile_readsZerosAndKeepsTheSize() {
    assumeCapability(Capability.HOLES);
    byte[] data = randomBytes(1000, 7);
    ObjectId f = createFile(root, "f", data).id();
    try (FileHandle h = volume.open(f, OpenMode.READ_WRITE)) {
      h.punchHole(100, 200);

      byte[] expected = data.clone();
      Arrays.fill(expected, 100, 300, (byte) 0);
      assertThat(readAll(h)).isEqualTo(expected);
      assertThat(h.size()).isEqualTo(1000);
      h.punchHole(0, 1000);
      assertThat(readAll(h)).isEqualTo(new byte[1000]);
    }
  }

  @Test
  void allocate_smallFile_growsItWithZeros() {
    assumeCapability(Capability.ALLOCATE);
    ObjectId f = createFile(root, "f", new byte[] {5, 6}).id();
    try (FileHandle h = volume.open(f, OpenMode.READ_WRITE)) {
      h.allocate(0, 100, false);

      byte[] expected = new byte[100];
      expected[0] = 5;
      expected[1] = 6;
      assertThat(readAll(h)).isEqualTo(expected);
    }
  }

  @Test
  void punchHole_pastTheEnd_keepsTheSize() {
    assumeCapability(Capability.HOLES);
    ObjectId f = createFile(root, "f", randomBytes(2 * K64, 3)).id();
    try (FileHandle h = volume.open(f, OpenMode.READ_WRITE)) {
      h.punchHole(K64, 10 * K64);

      assertThat(h.size()).isEqualTo(2 * K64);
      assertThat(readAll(h)).isEqualTo(
          Arrays.copyOf(Arrays.copyOf(randomBytes(2 * K64, 3), K64), 2 * K64));
      assertKind(ErrorKind.NO_DATA, () -> h.seek(K64, SeekKind.DATA));
    }
  }

  @Test
  void punchHole_readOnlyHandleOrBadRange_fails() {
    assumeCapability(Capability.HOLES);
    ObjectId f = createFile(root, "f", new byte[K64]).id();
    try (FileHandle r = volume.open(f, OpenMode.READ);
        FileHandle w = volume.open(f, OpenMode.WRITE)) {
      assertAnyKind(
          List.of(ErrorKind.READ_ONLY, ErrorKind.NOT_PERMITTED), () -> r.punchHole(0, 1));
      assertKind(ErrorKind.INVALID_ARGUMENT, () -> w.punchHole(-1, 1));
      assertKind(ErrorKind.INVALID_ARGUMENT, () -> w.punchHole(0, -1));
    }
  }

  @Test
  void sparseFile_dataAfterALeadingHole_isFoundBySeek() {
    assumeCapability(Capability.HOLES);
    ObjectId f = createFile(root, "f").id();
    try (FileHandle h = volume.open(f, OpenMode.READ_WRITE)) {
      h.write(32 * K64, ByteBuffer.wrap(randomBytes(K64, 4)));

      assertThat(h.seek(0, SeekKind.HOLE)).isZero();
      assertThat(h.seek(0, SeekKind.DATA)).isEqualTo(32 * K64);
      assertThat(h.seek(32 * K64, SeekKind.HOLE)).isEqualTo(33 * K64);
      assertThat(h.attributes().allocatedBytes()).isLessThan(h.size());
    }
  }

  @Test
  void truncate_up_leavesATrailingHoleWithNoDataAfterIt() {
    assumeCapability(Capability.HOLES);
    ObjectId f = createFile(root, "f", randomBytes(K64, 5)).id();
    try (FileHandle h = volume.open(f, OpenMode.READ_WRITE)) {
      h.truncate(64 * K64);

      assertThat(h.seek(0, SeekKind.HOLE)).isEqualTo(K64);
      assertKind(ErrorKind.NO_DATA, () -> h.seek(2 * K64, SeekKind.DATA));
      assertThat(h.attributes().allocatedBytes()).isLessThan(64L * K64);
    }
  }

  @Test
  void allocate_withoutKeepSize_growsTheFileWithZerosAndReservesSpace() {
    assumeCapability(Capability.ALLOCATE);
    ObjectId f = createFile(root, "f", new byte[] {1}).id();
    try (FileHandle h = volume.open(f, OpenMode.READ_WRITE)) {
      h.allocate(K64, 4 * K64, false);

      assertThat(h.size()).isEqualTo(5 * K64);
      byte[] expected = new byte[5 * K64];
      expected[0] = 1;
      assertThat(readAll(h)).isEqualTo(expected);
      assertThat(h.attributes().allocatedBytes()).isGreaterThanOrEqualTo(4L * K64);
    }
  }

  @Test
  void allocate_withKeepSize_reservesWithoutChangingTheSize() {
    assumeCapability(Capability.ALLOCATE);
    ObjectId f = createFile(root, "f", new byte[] {1, 2}).id();
    try (FileHandle h = volume.open(f, OpenMode.READ_WRITE)) {
      h.allocate(0, 8 * K64, true);

      assertThat(h.size()).isEqualTo(2);
      assertThat(readAll(h)).containsExactly(1, 2);
      assertThat(h.attributes().allocatedBytes()).isGreaterThanOrEqualTo(8L * K64);
      h.write(4 * K64, ByteBuffer.wrap(new byte[] {3}));
      assertThat(h.size()).isEqualTo(4 * K64 + 1);
    }
  }

  @Test
  void allocate_insideExistingData_keepsTheData() {
    assumeCapability(Capability.ALLOCATE);
    byte[] data = randomBytes(3 * K64, 6);
    ObjectId f = createFile(root, "f", data).id();
    try (FileHandle h = volume.open(f, OpenMode.READ_WRITE)) {
      h.allocate(K64, K64, false);

      assertThat(readAll(h)).isEqualTo(data);
    }
  }
}
