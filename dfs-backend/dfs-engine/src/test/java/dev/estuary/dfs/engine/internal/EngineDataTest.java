package dev.estuary.dfs.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.estuary.dfs.Attributes;
import dev.estuary.dfs.Dfs;
import dev.estuary.dfs.DirCursor;
import dev.estuary.dfs.DirEntry;
import dev.estuary.dfs.DirPage;
import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.ErrorKind;
import dev.estuary.dfs.FileHandle;
import dev.estuary.dfs.ObjectId;
import dev.estuary.dfs.OpenMode;
import dev.estuary.dfs.Ownership;
import dev.estuary.dfs.SeekKind;
import dev.estuary.dfs.Volume;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngineDataTest {
  @TempDir Path dir;

  private static byte[] random(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  private static byte[] readAll(FileHandle h) {
    ByteBuffer b = ByteBuffer.allocate((int) h.size());
    while (b.hasRemaining() && h.read(b.position(), b) > 0) {
      // read until full
    }
    return b.array();
  }

  private long dataFiles() throws Exception {
    try (Stream<Path> s = Files.walk(dir.resolve("engine/objects"))) {
      return s.filter(Files::isRegularFile).count();
    }
  }

  @Test
  void smallFilesStayInlineAndGrowIntoADataFile() throws Exception {
    try (Dfs dfs = EngineFixture.open(dir, Map.of("inline-threshold", "4096"))) {
      Volume v = dfs.volume(dfs.createVolume("vol", 0755, Ownership.ROOT).name());
      Attributes a = v.create(v.root(), "f", 0644, Ownership.ROOT, true);
      byte[] first = random(3000, 1);
      try (FileHandle h = v.open(a.id(), OpenMode.READ_WRITE)) {
        h.write(0, ByteBuffer.wrap(first));
        assertThat(h.size()).isEqualTo(3000);
        assertThat(readAll(h)).isEqualTo(first);
      }
      assertThat(dataFiles()).isZero();
      assertThat(v.getAttributes(a.id()).size()).isEqualTo(3000);

      byte[] second = random(10_000, 2);
      try (FileHandle h = v.open(a.id(), OpenMode.READ_WRITE)) {
        assertThat(readAll(h)).isEqualTo(first);
        h.write(2000, ByteBuffer.wrap(second));
        assertThat(h.size()).isEqualTo(12_000);
        assertThat(dataFiles()).isEqualTo(1);
      }
      byte[] expected = new byte[12_000];
      System.arraycopy(first, 0, expected, 0, 2000);
      System.arraycopy(second, 0, expected, 2000, 10_000);
      try (FileHandle h = v.open(a.id(), OpenMode.READ)) {
        assertThat(readAll(h)).isEqualTo(expected);
      }
      assertThat(v.getAttributes(a.id()).size()).isEqualTo(12_000);
    }
    try (Dfs dfs = EngineFixture.open(dir, Map.of("inline-threshold", "4096"))) {
      Volume v = dfs.volume("vol");
      Attributes a = v.lookup(v.root(), "f");
      assertThat(a.size()).isEqualTo(12_000);
      try (FileHandle h = v.open(a.id(), OpenMode.READ)) {
        assertThat(readAll(h)).hasSize(12_000);
      }
    }
  }

  @Test
  void syncedInlineDataSurvivesMigrationAndReopen() throws Exception {
    byte[] data = random(100, 3);
    try (Dfs dfs = EngineFixture.open(dir, Map.of("inline-threshold", "1024"))) {
      Volume v = dfs.volume(dfs.createVolume("vol", 0755, Ownership.ROOT).name());
      Attributes a = v.create(v.root(), "f", 0644, Ownership.ROOT, true);
      try (FileHandle h = v.open(a.id(), OpenMode.READ_WRITE)) {
        h.write(0, ByteBuffer.wrap(data));
        h.sync();
      }
      try (FileHandle h = v.open(a.id(), OpenMode.READ_WRITE)) {
        h.truncate(1 << 20);
        h.sync();
      }
    }
    try (Dfs dfs = EngineFixture.open(dir, Map.of("inline-threshold", "1024"))) {
      Volume v = dfs.volume("vol");
      Attributes a = v.lookup(v.root(), "f");
      assertThat(a.size()).isEqualTo(1 << 20);
      try (FileHandle h = v.open(a.id(), OpenMode.READ)) {
        ByteBuffer b = ByteBuffer.allocate(100);
        h.read(0, b);
        assertThat(b.array()).isEqualTo(data);
        assertThat(h.seek(0, SeekKind.HOLE)).isGreaterThanOrEqualTo(100).isLessThan(1 << 20);
      }
    }
  }

  @Test
  void punchHoleInADataFileIsFoundBySeek() {
    try (Dfs dfs = EngineFixture.open(dir, Map.of("inline-threshold", "0"))) {
      Volume v = dfs.volume(dfs.createVolume("vol", 0755, Ownership.ROOT).name());
      Attributes a = v.create(v.root(), "f", 0644, Ownership.ROOT, true);
      try (FileHandle h = v.open(a.id(), OpenMode.READ_WRITE)) {
        h.write(0, ByteBuffer.wrap(random(4 << 20, 4)));
        h.punchHole(1 << 20, 1 << 20);
        assertThat(h.size()).isEqualTo(4 << 20);
        assertThat(h.seek(0, SeekKind.HOLE)).isEqualTo(1 << 20);
        assertThat(h.seek(1 << 20, SeekKind.DATA)).isEqualTo(2 << 20);
        ByteBuffer b = ByteBuffer.allocate(8);
        h.read((1 << 20) + 5, b);
        assertThat(b.array()).containsOnly(0);
        assertThatThrownBy(() -> h.seek(4 << 20, SeekKind.DATA))
            .isInstanceOfSatisfying(DfsException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.NO_DATA));
        assertThat(h.attributes().allocatedBytes()).isLessThan(4L << 20);
      }
    }
  }

  @Test
  void copyBetweenDataFilesAndFromInline() {
    try (Dfs dfs = EngineFixture.open(dir, Map.of("inline-threshold", "1000"))) {
      Volume v = dfs.volume(dfs.createVolume("vol", 0755, Ownership.ROOT).name());
      byte[] big = random(300_000, 5);
      Attributes src = v.create(v.root(), "src", 0644, Ownership.ROOT, true);
      Attributes dst = v.create(v.root(), "dst", 0644, Ownership.ROOT, true);
      Attributes small = v.create(v.root(), "small", 0644, Ownership.ROOT, true);
      try (FileHandle s = v.open(src.id(), OpenMode.READ_WRITE);
          FileHandle d = v.open(dst.id(), OpenMode.READ_WRITE);
          FileHandle m = v.open(small.id(), OpenMode.READ_WRITE)) {
        s.write(0, ByteBuffer.wrap(big));
        d.write(0, ByteBuffer.wrap(new byte[2000]));
        assertThat(s.copyTo(1000, d, 10, 1_000_000)).isEqualTo(299_000);
        assertThat(d.size()).isEqualTo(299_010);
        ByteBuffer b = ByteBuffer.allocate(50);
        d.read(10, b);
        assertThat(b.array()).isEqualTo(java.util.Arrays.copyOfRange(big, 1000, 1050));
        m.write(0, ByteBuffer.wrap("tiny".getBytes()));
        assertThat(m.copyTo(1, d, 0, 10)).isEqualTo(3);
        ByteBuffer c = ByteBuffer.allocate(3);
        d.read(0, c);
        assertThat(new String(c.array())).isEqualTo("iny");
      }
    }
  }

  @Test
  void dataFileReadsIntoHeapSlicesAndDirectBuffersAlike() throws Exception {
    // Heap buffers up to Natives.MAX_HEAP_PREAD go through pread into the array (OpenObject),
    // others through the FileChannel: every kind must see the same bytes, only its own range.
    try (Dfs dfs = EngineFixture.open(dir, Map.of("inline-threshold", "4096"))) {
      Volume v = dfs.volume(dfs.createVolume("vol", 0755, Ownership.ROOT).name());
      Attributes a = v.create(v.root(), "f", 0644, Ownership.ROOT, true);
      byte[] data = random(3 * 1024 * 1024 + 17, 5);
      try (FileHandle h = v.open(a.id(), OpenMode.READ_WRITE)) {
        h.write(0, ByteBuffer.wrap(data));
      }
      try (FileHandle h = v.open(a.id(), OpenMode.READ)) {
        byte[] big = new byte[300_000];
        ByteBuffer slice = ByteBuffer.wrap(big, 100, 262_144).slice(); // arrayOffset 100
        slice.position(44);
        assertThat(h.read(5000, slice)).isEqualTo(262_100);
        assertThat(Arrays.copyOfRange(big, 144, 262_244)).isEqualTo(Arrays.copyOfRange(data, 5000, 267_100));
        assertThat(big[143]).isZero();
        assertThat(big[262_244]).isZero();
        ByteBuffer whole = ByteBuffer.allocate(data.length); // above the pread bound: the channel
        assertThat(h.read(0, whole)).isEqualTo(data.length);
        assertThat(whole.array()).isEqualTo(data);
        ByteBuffer direct = ByteBuffer.allocateDirect(4096);
        assertThat(h.read(data.length - 17, direct)).isEqualTo(17);
        byte[] tail = new byte[17];
        direct.flip().get(tail);
        assertThat(tail).isEqualTo(Arrays.copyOfRange(data, data.length - 17, data.length));
        assertThat(h.read(data.length, ByteBuffer.allocate(10))).isEqualTo(-1);
      }
    }
  }

  @Test
  void listingWithAttributesReadsTheInodesTheCacheMissesInOneBatch() throws Exception {
    // metadata-cache-mb 0: every inode of the page comes from the batched read (DirListing.inodes).
    for (String cache : List.of("0", "256")) {
      Path d = dir.resolve("cache-" + cache);
      try (Dfs dfs = EngineFixture.open(d, Map.of("metadata-cache-mb", cache))) {
        Volume v = dfs.volume(dfs.createVolume("vol", 0755, Ownership.ROOT).name());
        ObjectId sub = v.mkdir(v.root(), "sub", 0700, Ownership.ROOT).id();
        for (int i = 0; i < 40; i++) {
          Attributes a = v.create(v.root(), String.format("f%02d", i), 0600 + i % 8, Ownership.ROOT, true);
          try (FileHandle h = v.open(a.id(), OpenMode.READ_WRITE)) {
            h.write(0, ByteBuffer.wrap(random(i * 3, i)));
          }
        }
        List<DirEntry> all = new ArrayList<>();
        DirCursor cursor = DirCursor.START;
        while (true) {
          DirPage page = v.readdir(v.root(), cursor, 16, true);
          all.addAll(page.entries());
          cursor = page.next();
          if (page.end()) {
            break;
          }
        }
        assertThat(all).hasSize(41);
        for (DirEntry e : all) {
          Attributes expected = v.getAttributes(e.id());
          assertThat(e.attributes()).as(cache + " " + e.name()).isNotNull();
          assertThat(e.attributes().size()).isEqualTo(expected.size());
          assertThat(e.attributes().mode()).isEqualTo(expected.mode());
          assertThat(e.attributes().id()).isEqualTo(e.id());
        }
        assertThat(all.stream().filter(e -> e.id().equals(sub)).findFirst().orElseThrow().attributes().isDirectory())
            .isTrue();
        assertThat(all.stream().filter(e -> e.name().equals("f39")).findFirst().orElseThrow().attributes().size())
            .isEqualTo(117);
      }
    }
  }
}
