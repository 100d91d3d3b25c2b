package dev.estuary.dfs.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.ErrorKind;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NativesTest {
  private static final int MIB = 1024 * 1024;

  @TempDir Path dir;

  @Test
  void punchedRangeIsFoundBySeekHoleAndReadsAsZeros() throws Exception {
    Path file = dir.resolve("f");
    byte[] ones = new byte[4 * MIB];
    Arrays.fill(ones, (byte) 1);
    Files.write(file, ones);
    int fd = Natives.open(file, Natives.O_RDWR);
    try {
      assertThat(Natives.lseek(fd, 0, Natives.SEEK_HOLE, file)).isEqualTo(4L * MIB);
      long before = Natives.allocatedBytes(fd, file);
      Natives.fallocate(fd, Natives.FALLOC_FL_PUNCH_HOLE | Natives.FALLOC_FL_KEEP_SIZE, MIB, MIB, file);
      assertThat(Natives.lseek(fd, 0, Natives.SEEK_HOLE, file)).isEqualTo(MIB);
      assertThat(Natives.lseek(fd, MIB, Natives.SEEK_DATA, file)).isEqualTo(2L * MIB);
      assertThat(Natives.allocatedBytes(fd, file)).isLessThanOrEqualTo(before - MIB);
      assertThat(Files.size(file)).isEqualTo(4L * MIB);
    } finally {
      Natives.close(fd);
    }
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer b = ByteBuffer.allocate(16);
      ch.read(b, MIB + 100);
      assertThat(b.array()).containsOnly(0);
    }
  }

  @Test
  void seekDataPastTheLastDataIsNoData() throws Exception {
    Path file = dir.resolve("g");
    Files.write(file, new byte[] {1, 2, 3});
    int fd = Natives.open(file, Natives.O_RDWR);
    try {
      Natives.ftruncate(fd, 8L * MIB, file);
      assertThat(Files.size(file)).isEqualTo(8L * MIB);
      assertThatThrownBy(() -> Natives.lseek(fd, 4L * MIB, Natives.SEEK_DATA, file))
          .isInstanceOfSatisfying(DfsException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.NO_DATA));
      Natives.fallocate(fd, Natives.FALLOC_FL_KEEP_SIZE, 0, 16L * MIB, file);
      assertThat(Files.size(file)).isEqualTo(8L * MIB);
      assertThat(Natives.allocatedBytes(fd, file)).isGreaterThanOrEqualTo(16L * MIB);
    } finally {
      Natives.close(fd);
    }
  }

  @Test
  void copyFileRangeCopiesInsideTheKernel() throws Exception {
    Path a = dir.resolve("a");
    Path b = dir.resolve("b");
    Files.write(a, "hello world".getBytes());
    Files.write(b, new byte[0]);
    int in = Natives.open(a, Natives.O_RDONLY);
    int out = Natives.open(b, Natives.O_RDWR);
    try {
      assertThat(Natives.copyFileRange(in, 6, out, 2, 100, "a->b")).isEqualTo(5);
    } finally {
      Natives.close(in);
      Natives.close(out);
    }
    assertThat(Files.readAllBytes(b)).containsExactly(0, 0, 'w', 'o', 'r', 'l', 'd');
  }

  @Test
  void openOfAMissingFileNamesIt() {
    Path missing = dir.resolve("missing");
    assertThatThrownBy(() -> Natives.open(missing, Natives.O_RDONLY))
        .isInstanceOfSatisfying(DfsException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.IO_ERROR);
          assertThat(e.getMessage()).contains(missing.toString()).contains("errno 2");
        });
  }

  @Test
  void preadFillsTheGivenPartOfAHeapArrayAndReturnsZeroAtTheEnd() throws Exception {
    Path file = dir.resolve("p");
    byte[] data = new byte[300_000];
    new java.util.Random(7).nextBytes(data);
    Files.write(file, data);
    int fd = Natives.open(file, Natives.O_RDONLY);
    try {
      byte[] into = new byte[data.length + 20];
      Arrays.fill(into, (byte) 0x5a);
      assertThat(Natives.pread(fd, into, 10, 200_000, 1000, file)).isEqualTo(200_000);
      assertThat(Arrays.copyOfRange(into, 10, 200_010)).isEqualTo(Arrays.copyOfRange(data, 1000, 201_000));
      assertThat(into[9]).isEqualTo((byte) 0x5a); // nothing outside the slice
      assertThat(into[200_010]).isEqualTo((byte) 0x5a);
      assertThat(Natives.pread(fd, into, 0, 100, data.length - 40, file)).isEqualTo(40);
      assertThat(Natives.pread(fd, into, 0, 100, data.length, file)).isZero();
      assertThatThrownBy(() -> Natives.pread(fd, into, 20, into.length, 0, file))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("inside the array");
      assertThatThrownBy(() -> Natives.pread(fd, new byte[Natives.MAX_HEAP_PREAD + 1], 0,
          Natives.MAX_HEAP_PREAD + 1, 0, file)).isInstanceOf(IllegalArgumentException.class);
    } finally {
      Natives.close(fd);
    }
  }
}
