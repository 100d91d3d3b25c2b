package dev.estuary.dfs.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.estuary.dfs.Attributes;
import dev.estuary.dfs.Dfs;
import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.DirEntry;
import dev.estuary.dfs.ErrorKind;
import dev.estuary.dfs.FileHandle;
import dev.estuary.dfs.FsckReport;
import dev.estuary.dfs.ObjectId;
import dev.estuary.dfs.ObjectType;
import dev.estuary.dfs.OpenMode;
import dev.estuary.dfs.Ownership;
import dev.estuary.dfs.Volume;
import dev.estuary.dfs.engine.EngineProvider;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.WriteBatch;

/**
 * The engine side of issue 9's directory indexes: the metadata format version, fsck of the
 * position and case-insensitive indexes and of subdirectory counts, and change counters after a
 * crash that lost the last attribute write-back.
 */
class DirIndexRecoveryTest {
  @TempDir Path dir;

  private FsckReport fsck(boolean repair) {
    return new EngineProvider().fsck(EngineFixture.context(dir, Map.of()), repair, l -> { });
  }

  private MetaStore store() {
    return MetaStore.open(dir.resolve("engine/meta"), dir, 1 << 20);
  }

  @Test
  void dataDirectoryOfFormat1_isRefusedWithBothVersionsNamed() {
    try (Dfs dfs = EngineFixture.open(dir)) {
      dfs.createVolume("vol", 0755, Ownership.ROOT);
    }
    // Format 1 stored no version key, and always an epoch.
    try (MetaStore store = store(); WriteBatch b = new WriteBatch()) {
      assertThat(Codec.decodeLong(store.get(store.meta, MetaStore.FORMAT_KEY))).isEqualTo(Codec.FORMAT);
      b.delete(store.meta, MetaStore.FORMAT_KEY);
      store.write(b, true);
    } catch (org.rocksdb.RocksDBException e) {
      throw new AssertionError(e);
    }

    assertThatThrownBy(() -> EngineFixture.open(dir))
        .isInstanceOfSatisfying(DfsException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.UNSUPPORTED);
          assertThat(e.getMessage()).contains("format 1 (expected: " + Codec.FORMAT + ")").contains(dir.toString());
        });
    assertThatThrownBy(() -> fsck(false))
        .isInstanceOfSatisfying(DfsException.class,
            e -> assertThat(e.getMessage()).contains("format 1 (expected: " + Codec.FORMAT + ")"));
  }

  @Test
  void dataDirectoryOfANewerFormat_isRefused() throws Exception {
    try (Dfs dfs = EngineFixture.open(dir)) {
      dfs.createVolume("vol", 0755, Ownership.ROOT);
    }
    try (MetaStore store = store(); WriteBatch b = new WriteBatch()) {
      b.put(store.meta, MetaStore.FORMAT_KEY, Codec.encodeLong(7));
      store.write(b, true);
    }

    assertThatThrownBy(() -> EngineFixture.open(dir))
        .isInstanceOfSatisfying(DfsException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.UNSUPPORTED);
          assertThat(e.getMessage()).contains("format 7 (expected: " + Codec.FORMAT + ")");
        });
  }

  @Test
  void fsck_findsAndRepairsEveryKindOfIndexDamage() throws Exception {
    ObjectId d;
    ObjectId a;
    ObjectId b;
    try (Dfs dfs = EngineFixture.open(dir)) {
      Volume v = dfs.volume(dfs.createVolume("vol", 0755, Ownership.ROOT).name());
      d = v.mkdir(v.root(), "d", 0755, Ownership.ROOT).id();
      a = v.create(d, "Alpha", 0644, Ownership.ROOT, true).id();
      b = v.create(d, "Beta", 0644, Ownership.ROOT, true).id();
      v.mkdir(d, "sub", 0755, Ownership.ROOT);
    }
    assertThat(fsck(false).problems()).isEmpty();

    try (MetaStore store = store(); WriteBatch batch = new WriteBatch()) {
      MetaCache.Entry ea = Codec.decodeEntry(store.get(store.entries, Codec.nameKey(d, "Alpha")));
      MetaCache.Entry eb = Codec.decodeEntry(store.get(store.entries, Codec.nameKey(d, "Beta")));
      // Alpha loses its position record, Beta its case-insensitive record.
      batch.delete(store.positions, Codec.positionKey(d, ea.position()));
      batch.delete(store.folded, Codec.foldedKey(d, "Beta"));
      // Records of entries that do not exist.
      batch.put(store.positions, Codec.positionKey(d, 999),
          Codec.encodePositioned(a, ObjectType.FILE, "ghost"));
      batch.put(store.folded, Codec.foldedKey(d, "Ghost"), Codec.encodeEntry(a, ObjectType.FILE, 999));
      // A subdirectory count that is off (in the inode and its copy in the entry alike).
      Inode dir = Codec.decodeInode(d, store.get(store.inodes, Codec.idKey(d)));
      store.putInode(batch,
          dir.withEntries(dir.size(), 5, dir.lastPosition(), dir.mtime(), dir.change()));
      assertThat(eb.position()).isGreaterThan(ea.position());
      store.write(batch, true);
    }

    FsckReport found = fsck(false);
    assertThat(found.problems())
        .anyMatch(p -> p.contains("entry 'Alpha'") && p.contains("no position record"))
        .anyMatch(p -> p.contains("entry 'Beta'") && p.contains("no case-insensitive index record"))
        .anyMatch(p -> p.contains("position record 999") && p.contains("'ghost'"))
        .anyMatch(p -> p.contains("index record of 'Ghost'") && p.contains("names no entry"))
        .anyMatch(p -> p.contains("records 5 subdirectories but has 1"))
        .hasSize(5);

    FsckReport fixed = fsck(true);
    assertThat(fixed.repaired()).isEqualTo(5);
    assertThat(fsck(false).problems()).isEmpty();

    try (Dfs dfs = EngineFixture.open(dir)) {
      Volume v = dfs.volume("vol");
      assertThat(v.lookupIgnoreCase(d, "BETA").entry().id()).isEqualTo(b);
      assertThat(v.getAttributes(d).linkCount()).isEqualTo(3);
      assertThat(v.readdirByPosition(d, DirEntry.NO_POSITION, 10, false).entries())
          .extracting(DirEntry::name).containsExactly("Alpha", "Beta", "sub");
    }
  }

  @Test
  void fsck_givesEntriesSharingAPositionOneEach() throws Exception {
    ObjectId d;
    try (Dfs dfs = EngineFixture.open(dir)) {
      Volume v = dfs.volume(dfs.createVolume("vol", 0755, Ownership.ROOT).name());
      d = v.mkdir(v.root(), "d", 0755, Ownership.ROOT).id();
      v.create(d, "x", 0644, Ownership.ROOT, true);
      v.create(d, "y", 0644, Ownership.ROOT, true);
    }
    try (MetaStore store = store(); WriteBatch batch = new WriteBatch()) {
      MetaCache.Entry ex = Codec.decodeEntry(store.get(store.entries, Codec.nameKey(d, "x")));
      MetaCache.Entry ey = Codec.decodeEntry(store.get(store.entries, Codec.nameKey(d, "y")));
      // y claims x's position: its own record goes, its entry and folded record point at x's.
      byte[] claimed = Codec.encodeEntry(ey.id(), ey.type(), ex.position());
      batch.delete(store.positions, Codec.positionKey(d, ey.position()));
      batch.put(store.entries, Codec.nameKey(d, "y"), claimed);
      batch.put(store.folded, Codec.foldedKey(d, "y"), claimed);
      store.write(batch, true);
    }

    FsckReport found = fsck(false);
    assertThat(found.problems()).singleElement().asString()
        .contains("entry 'y'").contains("also held by 'x'");
    assertThat(fsck(true).repaired()).isEqualTo(1);
    assertThat(fsck(false).problems()).isEmpty();
    try (Dfs dfs = EngineFixture.open(dir)) {
      Volume v = dfs.volume("vol");
      var entries = v.readdirByPosition(d, DirEntry.NO_POSITION, 10, false).entries();
      assertThat(entries).extracting(DirEntry::name).containsExactly("x", "y");
      // The new position is above every one the directory gave, and the next insert's is above it.
      long next = v.create(d, "z", 0644, Ownership.ROOT, true).id().lo();
      assertThat(next).isPositive();
      assertThat(v.readdirByPosition(d, entries.getLast().position(), 10, false).entries())
          .extracting(DirEntry::name).containsExactly("z");
    }
  }

  @Test
  void aDirectoryThatHasGivenTheLastPosition_refusesNewEntriesAndKeepsItsOwn() throws Exception {
    ObjectId d;
    try (Dfs dfs = EngineFixture.open(dir)) {
      Volume v = dfs.volume(dfs.createVolume("vol", 0755, Ownership.ROOT).name());
      d = v.mkdir(v.root(), "d", 0755, Ownership.ROOT).id();
    }
    try (MetaStore store = store(); WriteBatch b = new WriteBatch()) {
      Inode inode = Codec.decodeInode(d, store.get(store.inodes, Codec.idKey(d)));
      store.putInode(b, inode.withEntries(
          inode.size(), inode.subdirs(), Long.MAX_VALUE - 1, inode.mtime(), inode.change()));
      store.write(b, true);
    }
    try (Dfs dfs = EngineFixture.open(dir)) {
      Volume v = dfs.volume("vol");
      v.create(d, "last", 0644, Ownership.ROOT, true);
      assertThat(v.readdirByPosition(d, Long.MAX_VALUE - 1, 10, false).entries())
          .singleElement().satisfies(e -> assertThat(e.position()).isEqualTo(Long.MAX_VALUE));

      assertThatThrownBy(() -> v.create(d, "one-more", 0644, Ownership.ROOT, true))
          .isInstanceOfSatisfying(DfsException.class, e -> {
            assertThat(e.kind()).isEqualTo(ErrorKind.NO_SPACE);
            assertThat(e.getMessage()).contains(String.valueOf(Long.MAX_VALUE));
          });
      assertThatThrownBy(() -> v.lookup(d, "one-more"))
          .isInstanceOfSatisfying(DfsException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND));
      assertThat(v.getAttributes(d).size()).isEqualTo(1);
    }
    assertThat(fsck(false).problems()).isEmpty();
  }

  /**
   * A crash image: the data directory copied while the engine runs, after writes whose new change
   * counter lives only in memory (the write-back interval is an hour). The data reached the data
   * file; the counter a client saw must not be followed by a lower or equal one after restart.
   */
  @Test
  void changeCounterAfterACrashThatLostTheWriteBack_isAboveEveryOneSeenBefore() throws Exception {
    Map<String, String> options = Map.of("inline-threshold", "16", "flush-interval-ms", "3600000");
    Path image = dir.resolve("image");
    ObjectId f;
    long seen;
    try (Dfs dfs = EngineFixture.open(dir.resolve("live"), options)) {
      Volume v = dfs.volume(dfs.createVolume("vol", 0755, Ownership.ROOT).name());
      Attributes created = v.create(v.root(), "f", 0644, Ownership.ROOT, true);
      f = created.id();
      try (FileHandle h = v.open(f, OpenMode.READ_WRITE)) {
        h.write(0, ByteBuffer.wrap(new byte[100]));
        h.sync();
        h.write(0, ByteBuffer.wrap(new byte[] {1, 2, 3}));
        seen = h.attributes().change();
        copyTree(dir.resolve("live"), image);
      }
    }

    try (Dfs dfs = EngineFixture.open(image, options)) {
      Volume v = dfs.volume("vol");
      try (FileHandle h = v.open(f, OpenMode.READ)) {
        ByteBuffer buf = ByteBuffer.allocate(3);
        h.read(0, buf);
        assertThat(buf.array()).containsExactly(1, 2, 3);
      }
      assertThat(v.getAttributes(f).change()).isGreaterThan(seen);
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path p : walk.toList()) {
        if (p.getFileName().toString().equals("LOCK")) {
          continue;
        }
        Path target = to.resolve(from.relativize(p).toString());
        try {
          if (Files.isDirectory(p)) {
            Files.createDirectories(target);
          } else {
            Files.copy(p, target);
          }
        } catch (NoSuchFileException e) {
          // A RocksDB file deleted while copying (obsolete after a flush): not part of the state.
        }
      }
    }
  }
}
