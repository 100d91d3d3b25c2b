package dev.estuary.dfs.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.estuary.dfs.Attributes;
import dev.estuary.dfs.Dfs;
import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.ErrorKind;
import dev.estuary.dfs.FileHandle;
import dev.estuary.dfs.FsckReport;
import dev.estuary.dfs.ObjectId;
import dev.estuary.dfs.OpenMode;
import dev.estuary.dfs.Ownership;
import dev.estuary.dfs.RemoveKind;
import dev.estuary.dfs.Volume;
import dev.estuary.dfs.engine.EngineProvider;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngineRecoveryTest {
  private static final Map<String, String> SMALL_INLINE = Map.of("inline-threshold", "16");

  @TempDir Path dir;

  private List<Path> dataFiles() throws Exception {
    try (Stream<Path> s = Files.walk(dir.resolve("engine/objects"))) {
      return s.filter(Files::isRegularFile).toList();
    }
  }

  @Test
  void unlinkedObjectsAreGoneAfterRestartAndAnUnannouncedStrayFileIsLeftToFsck() throws Exception {
    ObjectId unlinked;
    ObjectId removedOpen;
    Path stray;
    try (Dfs dfs = EngineFixture.open(dir, SMALL_INLINE)) {
      Volume v = dfs.volume(dfs.createVolume("vol", 0755, Ownership.ROOT).name());
      unlinked = v.createUnlinked(0644, Ownership.ROOT).id();
      FileHandle h = v.open(unlinked, OpenMode.READ_WRITE);
      h.write(0, ByteBuffer.wrap(new byte[1000]));
      h.sync();
      Attributes a = v.create(v.root(), "doomed", 0644, Ownership.ROOT, true);
      removedOpen = a.id();
      FileHandle g = v.open(a.id(), OpenMode.READ_WRITE);
      g.write(0, ByteBuffer.wrap(new byte[1000]));
      v.remove(v.root(), "doomed", RemoveKind.NOT_DIRECTORY);
      assertThat(dataFiles()).hasSize(2);
      assertThat(v.statfs().objects()).isEqualTo(3);
      // Neither handle is closed: the engine goes away as if the process had died.
      stray = dataFiles().get(0).resolveSibling(new ObjectId(unlinked.hi(), 0xabcdefL).toString());
    }
    Files.write(stray, new byte[] {1, 2, 3});
    assertThat(dataFiles()).hasSize(3);
    try (Dfs dfs = EngineFixture.open(dir, SMALL_INLINE)) {
      Volume v = dfs.volume("vol");
      // Start-up repairs what was announced (the orphans and their data files) and scans nothing
      // else: a data file no write announced (PendingObjects) is fsck's to find.
      assertThat(dataFiles()).containsExactly(stray);
      assertThatThrownBy(() -> v.getAttributes(unlinked))
          .isInstanceOfSatisfying(DfsException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.STALE));
      assertThatThrownBy(() -> v.getAttributes(removedOpen))
          .isInstanceOfSatisfying(DfsException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.STALE));
      assertThat(v.statfs().objects()).isEqualTo(1);
    }
    assertThat(new EngineProvider().fsck(EngineFixture.context(dir, Map.of()), true, line -> { })
        .problems()).singleElement().asString().contains("leaked storage");
    assertThat(dataFiles()).isEmpty();
    assertThat(new EngineProvider().fsck(EngineFixture.context(dir, Map.of()), false, line -> { })
        .problems()).isEmpty();
  }

  /** Puts a start-up mark as a process that died right after writing it would have left it. */
  private void mark(ObjectId id, byte kind) {
    try (MetaStore store = MetaStore.open(dir.resolve("engine/meta"), dir, 1 << 20)) {
      store.put(store.pending, Codec.idKey(id), new byte[] {kind});
    }
  }

  private boolean marked(ObjectId id) {
    try (MetaStore store = MetaStore.open(dir.resolve("engine/meta"), dir, 1 << 20)) {
      return store.get(store.pending, Codec.idKey(id)) != null;
    }
  }

  @Test
  void startUpTakesTheLengthOfADataFileWhoseWritesWereInFlight() throws Exception {
    ObjectId id;
    Path dataFile;
    long change;
    try (Dfs dfs = EngineFixture.open(dir, SMALL_INLINE)) {
      Volume v = dfs.volume(dfs.createVolume("vol", 0755, Ownership.ROOT).name());
      id = v.create(v.root(), "f", 0644, Ownership.ROOT, true).id();
      try (FileHandle h = v.open(id, OpenMode.READ_WRITE)) {
        h.write(0, ByteBuffer.wrap(new byte[100]));
      }
      v.sync();
      change = v.getAttributes(id).change();
      dataFile = dataFiles().get(0);
    }
    // Synced after its last close: a clean stop leaves no mark.
    assertThat(marked(id)).isFalse();
    // A process that announced a write, extended the file and died before the write-back.
    mark(id, PendingObjects.WRITING);
    Files.write(dataFile, new byte[50], java.nio.file.StandardOpenOption.APPEND);
    try (Dfs dfs = EngineFixture.open(dir, SMALL_INLINE)) {
      Volume v = dfs.volume("vol");
      Attributes a = v.getAttributes(id);
      assertThat(a.size()).isEqualTo(150);
      assertThat(a.change()).isGreaterThan(change);
    }
    assertThat(marked(id)).isFalse();
    // Without a mark, start-up reads no data file: the stored size stands until fsck.
    Files.write(dataFile, new byte[10], java.nio.file.StandardOpenOption.APPEND);
    try (Dfs dfs = EngineFixture.open(dir, SMALL_INLINE)) {
      assertThat(dfs.volume("vol").getAttributes(id).size()).isEqualTo(150);
    }
  }

  @Test
  void startUpAdoptsTheDataFileOfAnInlineFileWhoseMoveWasNotWrittenBack() throws Exception {
    ObjectId moved;
    ObjectId foreign;
    byte[] inline = {1, 2, 3, 4, 5, 6, 7, 8};
    try (Dfs dfs = EngineFixture.open(dir, SMALL_INLINE)) {
      Volume v = dfs.volume(dfs.createVolume("vol", 0755, Ownership.ROOT).name());
      moved = v.create(v.root(), "moved", 0644, Ownership.ROOT, true).id();
      foreign = v.create(v.root(), "foreign", 0644, Ownership.ROOT, true).id();
      for (ObjectId id : List.of(moved, foreign)) {
        try (FileHandle h = v.open(id, OpenMode.READ_WRITE)) {
          h.write(0, ByteBuffer.wrap(inline));
        }
      }
      assertThat(dataFiles()).isEmpty();
    }
    // A process that moved both files' data to data files (past the 16-byte threshold), wrote
    // more, and died before the write-back: "moved" begins with the stored inline bytes; the other
    // file's data file does not (a power cut that lost what was never synced), so it goes.
    Path movedFile = EngineVolume.dataPath(dir.resolve("engine/objects").toAbsolutePath(), moved);
    Path foreignFile = EngineVolume.dataPath(dir.resolve("engine/objects").toAbsolutePath(), foreign);
    Files.createDirectories(movedFile.getParent());
    Files.createDirectories(foreignFile.getParent());
    byte[] grown = new byte[40];
    System.arraycopy(inline, 0, grown, 0, inline.length);
    grown[39] = 9;
    Files.write(movedFile, grown);
    Files.write(foreignFile, new byte[40]);
    mark(moved, PendingObjects.WRITING);
    mark(foreign, PendingObjects.WRITING);
    try (Dfs dfs = EngineFixture.open(dir, SMALL_INLINE)) {
      Volume v = dfs.volume("vol");
      assertThat(v.getAttributes(moved).size()).isEqualTo(40);
      ByteBuffer b = ByteBuffer.allocate(64);
      try (FileHandle h = v.open(moved, OpenMode.READ)) {
        assertThat(h.read(0, b)).isEqualTo(40);
      }
      assertThat(java.util.Arrays.copyOf(b.array(), 40)).isEqualTo(grown);
      assertThat(v.getAttributes(foreign).size()).isEqualTo(inline.length);
      ByteBuffer c = ByteBuffer.allocate(64);
      try (FileHandle h = v.open(foreign, OpenMode.READ)) {
        assertThat(h.read(0, c)).isEqualTo(inline.length);
      }
      assertThat(java.util.Arrays.copyOf(c.array(), inline.length)).isEqualTo(inline);
      assertThat(foreignFile).doesNotExist();
    }
    assertThat(new EngineProvider().fsck(EngineFixture.context(dir, Map.of()), false, line -> { })
        .problems()).isEmpty();
  }

  @Test
  void anOpenWriteLeavesAMarkUntilItsDataIsSyncedAfterTheLastClose() throws Exception {
    Map<String, String> options = Map.of("inline-threshold", "16", "flush-interval-ms", "3600000");
    try (Dfs dfs = EngineFixture.open(dir, options)) {
      Volume v = dfs.volume(dfs.createVolume("vol", 0755, Ownership.ROOT).name());
      ObjectId id = v.create(v.root(), "f", 0644, Ownership.ROOT, true).id();
      MetaStore store = ((EngineDfs) dfs).store;
      try (FileHandle h = v.open(id, OpenMode.READ_WRITE)) {
        assertThat(store.get(store.pending, Codec.idKey(id))).isNull();
        h.write(0, ByteBuffer.wrap(new byte[100]));
        assertThat(store.get(store.pending, Codec.idKey(id))).containsExactly(PendingObjects.WRITING);
        h.syncData();
      }
      // Synced before the close: the mark goes with the last close.
      assertThat(store.get(store.pending, Codec.idKey(id))).isNull();
      try (FileHandle h = v.open(id, OpenMode.READ_WRITE)) {
        h.write(100, ByteBuffer.wrap(new byte[100]));
      }
      // Closed unsynced: the mark stays until a sync flushes the file.
      assertThat(store.get(store.pending, Codec.idKey(id))).isNotNull();
      v.sync();
      assertThat(store.get(store.pending, Codec.idKey(id))).isNull();
      // A removal marks the data file for deletion in its batch; the deletion clears it.
      v.remove(v.root(), "f", RemoveKind.NOT_DIRECTORY);
      assertThat(store.get(store.pending, Codec.idKey(id))).containsExactly(PendingObjects.DELETING);
      v.sync();
      assertThat(store.get(store.pending, Codec.idKey(id))).isNull();
      assertThat(dataFiles()).isEmpty();
    }
  }

  @Test
  void removedOpenFileIsReclaimedAtLastClose() throws Exception {
    try (Dfs dfs = EngineFixture.open(dir, SMALL_INLINE)) {
      Volume v = dfs.volume(dfs.createVolume("vol", 0755, Ownership.ROOT).name());
      Attributes a = v.create(v.root(), "f", 0644, Ownership.ROOT, true);
      try (FileHandle h = v.open(a.id(), OpenMode.READ_WRITE)) {
        h.write(0, ByteBuffer.wrap("hello, world, and more".getBytes()));
        v.remove(v.root(), "f", RemoveKind.ANY);
        assertThat(dataFiles()).hasSize(1);
        ByteBuffer b = ByteBuffer.allocate(5);
        h.read(0, b);
        assertThat(new String(b.array())).isEqualTo("hello");
      }
      // The data file goes only once the unlinking is durable (DeferredDeletes).
      assertThat(dataFiles()).hasSize(1);
      v.sync();
      assertThat(dataFiles()).isEmpty();
      assertThatThrownBy(() -> v.open(a.id(), OpenMode.READ))
          .isInstanceOfSatisfying(DfsException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.STALE));
    }
  }

  @Test
  void secondOpenOfTheDirectoryIsBusy() {
    try (Dfs dfs = EngineFixture.open(dir)) {
      assertThatThrownBy(() -> EngineFixture.open(dir))
          .isInstanceOfSatisfying(DfsException.class, e -> {
            assertThat(e.kind()).isEqualTo(ErrorKind.BUSY);
            assertThat(e.getMessage()).isEqualTo("data directory " + dir.toAbsolutePath()
                + " is in use by another process");
          });
      assertThatThrownBy(() -> new EngineProvider().fsck(EngineFixture.context(dir, Map.of()), true, l -> { }))
          .isInstanceOfSatisfying(DfsException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.BUSY));
    }
  }

  @Test
  void changeCountersIncreaseAcrossRestarts() {
    long before;
    ObjectId id;
    try (Dfs dfs = EngineFixture.open(dir)) {
      Volume v = dfs.volume(dfs.createVolume("vol", 0755, Ownership.ROOT).name());
      id = v.create(v.root(), "f", 0644, Ownership.ROOT, true).id();
      before = v.getAttributes(id).change();
    }
    try (Dfs dfs = EngineFixture.open(dir)) {
      Volume v = dfs.volume("vol");
      v.setXattr(id, "user.k", new byte[] {1}, dev.estuary.dfs.XattrMode.UPSERT);
      assertThat(v.getAttributes(id).change()).isGreaterThan(before);
      ObjectId other = v.create(v.root(), "g", 0644, Ownership.ROOT, true).id();
      assertThat(other.lo()).isGreaterThan(id.lo());
    }
  }

  @Test
  void fsckFindsAndRepairsDamage() throws Exception {
    ObjectId fileId;
    Path dataFile;
    try (Dfs dfs = EngineFixture.open(dir, SMALL_INLINE)) {
      Volume v = dfs.volume(dfs.createVolume("vol", 0755, Ownership.ROOT).name());
      Attributes d = v.mkdir(v.root(), "d", 0755, Ownership.ROOT);
      fileId = v.create(d.id(), "f", 0644, Ownership.ROOT, true).id();
      try (FileHandle h = v.open(fileId, OpenMode.READ_WRITE)) {
        h.write(0, ByteBuffer.wrap(new byte[100]));
      }
      dataFile = dataFiles().get(0);
    }
    FsckReport clean = new EngineProvider().fsck(EngineFixture.context(dir, Map.of()), false, l -> { });
    assertThat(clean.problems()).isEmpty();
    assertThat(clean.objectsChecked()).isEqualTo(3);

    // Damage: drop the entry naming the file (unnamed live object) and leak a data file.
    try (MetaStore store = MetaStore.open(dir.resolve("engine/meta"), dir, 1 << 20)) {
      byte[] inode = store.get(store.inodes, Codec.idKey(fileId));
      Inode f = Codec.decodeInode(fileId, inode);
      try (org.rocksdb.WriteBatch b = new org.rocksdb.WriteBatch()) {
        b.delete(store.entries, Codec.nameKey(f.parent(), f.name()));
        store.write(b, true);
      }
    }
    Path leaked = dataFile.resolveSibling(new ObjectId(fileId.hi(), 0x77777L).toString());
    Files.write(leaked, new byte[] {9});

    List<String> lines = new ArrayList<>();
    FsckReport found = new EngineProvider().fsck(EngineFixture.context(dir, Map.of()), false, lines::add);
    assertThat(found.clean()).isFalse();
    assertThat(found.problems()).anyMatch(p -> p.contains(fileId + " (FILE) has no name"))
        .anyMatch(p -> p.contains("leaked storage"))
        .anyMatch(p -> p.contains("records 1 entries but has 0"));
    assertThat(lines).isNotEmpty();

    FsckReport fixed = new EngineProvider().fsck(EngineFixture.context(dir, Map.of()), true, l -> { });
    assertThat(fixed.clean()).isTrue();
    assertThat(fixed.repaired()).isEqualTo(found.problems().size());
    assertThat(Files.exists(leaked)).isFalse();
    assertThat(new EngineProvider().fsck(EngineFixture.context(dir, Map.of()), false, l -> { }).problems()).isEmpty();

    try (Dfs dfs = EngineFixture.open(dir, SMALL_INLINE)) {
      Volume v = dfs.volume("vol");
      Attributes lf = v.lookup(v.root(), "lost+found");
      Attributes f = v.lookup(lf.id(), fileId.toString());
      assertThat(f.id()).isEqualTo(fileId);
      assertThat(f.size()).isEqualTo(100);
      assertThat(HexFormat.of().formatHex(fileId.toBytes())).isEqualTo(fileId.toString());
    }
  }

  @Test
  void dataFileOfARemovedFileOutlivesItsUnlinkingUntilTheWalIsSynced() throws Exception {
    Path dataFile;
    // A long write-back interval: only the explicit sync may drain the queue here.
    Map<String, String> options = Map.of("inline-threshold", "16", "flush-interval-ms", "3600000");
    try (Dfs dfs = EngineFixture.open(dir, options)) {
      Volume v = dfs.volume(dfs.createVolume("vol", 0755, Ownership.ROOT).name());
      Attributes a = v.create(v.root(), "f", 0644, Ownership.ROOT, true);
      try (FileHandle h = v.open(a.id(), OpenMode.READ_WRITE)) {
        h.write(0, ByteBuffer.wrap(new byte[100]));
      }
      v.sync();
      dataFile = dataFiles().get(0);
      v.remove(v.root(), "f", RemoveKind.NOT_DIRECTORY);
      assertThat(dataFile).exists();
      v.sync();
      assertThat(dataFile).doesNotExist();

      // Replacing a file by rename reclaims the old one the same way.
      Attributes b = v.create(v.root(), "b", 0644, Ownership.ROOT, true);
      try (FileHandle h = v.open(b.id(), OpenMode.READ_WRITE)) {
        h.write(0, ByteBuffer.wrap(new byte[100]));
      }
      Attributes c = v.create(v.root(), "c", 0644, Ownership.ROOT, true);
      v.sync();
      Path replaced = dataFiles().get(0);
      v.rename(v.root(), "c", v.root(), "b", dev.estuary.dfs.RenameMode.REPLACE);
      assertThat(replaced).exists();
      dfs.sync();
      assertThat(replaced).doesNotExist();
      assertThat(v.lookup(v.root(), "b").id()).isEqualTo(c.id());
    }
  }

  @Test
  void removalWhoseDataFileOutlivedTheProcessLeavesNoFileAfterRestart() throws Exception {
    Path dataFile;
    ObjectId fileId;
    Path kept = dir.resolve("kept");
    try (Dfs dfs = EngineFixture.open(dir, SMALL_INLINE)) {
      Volume v = dfs.volume(dfs.createVolume("vol", 0755, Ownership.ROOT).name());
      Attributes a = v.create(v.root(), "f", 0644, Ownership.ROOT, true);
      try (FileHandle h = v.open(a.id(), OpenMode.READ_WRITE)) {
        h.write(0, ByteBuffer.wrap(new byte[100]));
      }
      v.sync();
      dataFile = dataFiles().get(0);
      v.remove(v.root(), "f", RemoveKind.NOT_DIRECTORY);
      Files.copy(dataFile, kept);
      fileId = a.id();
    }
    // The state of a process that died after its WAL sync but before deleting the queued file:
    // the unlinking (with its start-up mark) is durable and the data file is still there.
    assertThat(dataFile).doesNotExist();
    Files.move(kept, dataFile);
    mark(fileId, PendingObjects.DELETING);
    try (Dfs dfs = EngineFixture.open(dir, SMALL_INLINE)) {
      assertThat(dataFiles()).isEmpty();
      Volume v = dfs.volume("vol");
      assertThatThrownBy(() -> v.lookup(v.root(), "f"))
          .isInstanceOfSatisfying(DfsException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND));
    }
    assertThat(marked(fileId)).isFalse();
  }
}
