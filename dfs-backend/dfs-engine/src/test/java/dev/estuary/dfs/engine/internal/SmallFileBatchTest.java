package dev.estuary.dfs.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.dfs.Attributes;
import dev.estuary.dfs.DirCursor;
import dev.estuary.dfs.DirEntry;
import dev.estuary.dfs.Dfs;
import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.ErrorKind;
import dev.estuary.dfs.FileHandle;
import dev.estuary.dfs.ObjectId;
import dev.estuary.dfs.OpenMode;
import dev.estuary.dfs.Ownership;
import dev.estuary.dfs.RemoveKind;
import dev.estuary.dfs.Volume;
import dev.estuary.dfs.XattrMode;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One RocksDB write for a small file's whole life (issue 10): the create is deferred
 * ({@link Txn#defer()}) and written with the data its close writes back. Meanwhile it is visible
 * to every reader (lookups, attributes, listings, the case-insensitive index), and every sync
 * writes it. Removes wait the same way, in runs: meanwhile the removed object is absent to every
 * reader, though RocksDB still holds it.
 */
class SmallFileBatchTest {
  @TempDir Path dir;

  private Dfs dfs;
  private Volume v;

  @BeforeEach
  void open() {
    // No write-back timer: every write counted is one the calls below made.
    dfs = EngineFixture.open(dir, Map.of("flush-interval-ms", "3600000"));
    v = dfs.volume(dfs.createVolume("vol", 0755, Ownership.ROOT).name());
  }

  @AfterEach
  void close() {
    dfs.close();
  }

  private long writes() {
    return ((EngineDfs) dfs).store.writes.sum();
  }

  private static byte[] data(int n, int seed) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) (i * 31 + seed);
    }
    return b;
  }

  private byte[] read(ObjectId id) {
    try (FileHandle h = v.open(id, OpenMode.READ)) {
      ByteBuffer buf = ByteBuffer.allocate(1 << 17);
      int n = h.read(0, buf);
      return Arrays.copyOf(buf.array(), Math.max(n, 0));
    }
  }

  @Test
  void createWriteCloseOfASmallFileIsOneWrite() {
    ObjectId d = v.mkdir(v.root(), "d", 0755, Ownership.ROOT).id();
    for (int i = 0; i < 5; i++) {
      byte[] content = data(4096, i);
      long before = writes();
      ObjectId id = v.create(d, "f" + i, 0644, Ownership.ROOT, true).id();
      try (FileHandle h = v.open(id, OpenMode.WRITE)) {
        h.write(0, ByteBuffer.wrap(content));
      }
      assertThat(writes() - before).as("RocksDB writes of create + write + close, file %d", i)
          .isEqualTo(1);
      assertThat(read(id)).isEqualTo(content);
    }
    // Durable and whole after a restart.
    dfs.close();
    dfs = EngineFixture.open(dir);
    v = dfs.volume("vol");
    for (int i = 0; i < 5; i++) {
      assertThat(read(v.lookup(d, "f" + i).id())).isEqualTo(data(4096, i));
    }
  }

  @Test
  void aStagedObjectIsTwoWritesFromCreateToLink() {
    // An S3 PUT of a small object: create without a name, write, metadata, data sync, link.
    for (int i = 0; i < 3; i++) {
      byte[] content = data(4096, i);
      long before = writes();
      ObjectId id = v.createUnlinked(0644, Ownership.ROOT).id();
      assertThat(writes()).as("the unlinked create waits for the next change").isEqualTo(before);
      try (FileHandle h = v.open(id, OpenMode.READ_WRITE)) {
        h.write(0, ByteBuffer.wrap(content));
        v.setXattr(id, "user.meta", new byte[] {(byte) i}, XattrMode.UPSERT);
        assertThat(writes() - before).as("create and metadata, object %d", i).isEqualTo(1);
        h.syncData();
        assertThat(writes() - before).as("the data's write-back waits for the link").isEqualTo(1);
        // Seen meanwhile through the object by id, as S3 reads its staged object back.
        assertThat(dfs.volume("vol").getAttributes(id).size()).isEqualTo(4096);
        v.link(id, v.root(), "k" + i, dev.estuary.dfs.RenameMode.REPLACE);
        assertThat(writes() - before).as("create to link, object %d", i).isEqualTo(2);
      }
      assertThat(writes() - before).as("the close after the link writes nothing").isEqualTo(2);
      assertThat(read(id)).isEqualTo(content);
    }
    dfs.close();
    dfs = EngineFixture.open(dir);
    v = dfs.volume("vol");
    for (int i = 0; i < 3; i++) {
      ObjectId id = v.lookup(v.root(), "k" + i).id();
      assertThat(read(id)).isEqualTo(data(4096, i));
      assertThat(v.getXattr(id, "user.meta")).containsExactly((byte) i);
    }
  }

  @Test
  void aDeferredCreateIsVisibleToEveryReaderAndWrittenBySync() {
    ObjectId d = v.mkdir(v.root(), "d", 0755, Ownership.ROOT).id();
    long before = writes();
    Attributes created = v.create(d, "Name", 0640, Ownership.ROOT, true);
    assertThat(writes()).as("the create waits for the next write").isEqualTo(before);
    Volume other = dfs.volume("vol");
    assertThat(other.lookup(d, "Name")).isEqualTo(created);
    assertThat(other.getAttributes(created.id())).isEqualTo(created);
    assertThat(other.lookup(v.root(), "d").size()).isEqualTo(1);
    assertThat(other.lookupIgnoreCase(d, "name").entry().id()).isEqualTo(created.id());
    assertThat(other.readdir(d, DirCursor.START, 10, true).entries())
        .extracting(DirEntry::name).containsExactly("Name");

    // Changes wait in a row, up to Txn.MAX_DEFERRED of them: the last goes out with them, in one write.
    EngineDfs engine = (EngineDfs) dfs;
    before = writes();
    for (int i = 1; i < Txn.MAX_DEFERRED; i++) {
      v.create(d, "n" + i, 0640, Ownership.ROOT, true);
    }
    assertThat(writes()).isEqualTo(before);
    assertThat(engine.store.get(engine.store.entries, Codec.nameKey(d, "n1"))).isNull();
    v.create(d, "third", 0640, Ownership.ROOT, true);
    assertThat(writes()).isEqualTo(before + 1);
    assertThat(engine.store.get(engine.store.entries, Codec.nameKey(d, "n1"))).isNotNull();
    assertThat(engine.store.get(engine.store.entries, Codec.nameKey(d, "third"))).isNotNull();
    // A sync writes what waits before its WAL fsync.
    v.create(d, "fourth", 0640, Ownership.ROOT, true);
    assertThat(engine.store.get(engine.store.entries, Codec.nameKey(d, "fourth"))).isNull();
    v.syncNamespace();
    assertThat(writes()).isEqualTo(before + 2);
    assertThat(engine.store.get(engine.store.entries, Codec.nameKey(d, "fourth"))).isNotNull();
    assertThat(engine.store.get(engine.store.entries, Codec.nameKey(d, "Name"))).isNotNull();
  }

  @Test
  void aVolumeWithAWaitingCreateIsNotEmpty() {
    v.create(v.root(), "only", 0644, Ownership.ROOT, true);
    DfsException e = org.assertj.core.api.Assertions.catchThrowableOfType(DfsException.class,
        () -> dfs.deleteVolume("vol", false));
    assertThat(e).isNotNull();
    assertThat(e.kind()).isEqualTo(ErrorKind.NOT_EMPTY);
    assertThat(v.lookup(v.root(), "only").size()).isZero();
  }

  @Test
  void aDeferredRemoveIsAbsentToEveryReaderAndWrittenBySync() {
    ObjectId d = v.mkdir(v.root(), "d", 0755, Ownership.ROOT).id();
    ObjectId f = v.create(d, "Gone", 0640, Ownership.ROOT, true).id();
    v.setXattr(f, "user.k", new byte[] {7}, XattrMode.UPSERT);
    try (FileHandle h = v.open(f, OpenMode.WRITE)) {
      h.write(0, ByteBuffer.wrap(data(100, 1))); // inline: no data file to delete
    }
    ObjectId kept = v.create(d, "kept", 0640, Ownership.ROOT, true).id();
    v.syncNamespace();
    EngineDfs engine = (EngineDfs) dfs;
    long before = writes();
    v.remove(d, "Gone", RemoveKind.NOT_DIRECTORY);
    assertThat(writes()).as("the remove waits for the next write").isEqualTo(before);
    assertThat(engine.store.get(engine.store.entries, Codec.nameKey(d, "Gone"))).isNotNull();
    assertThat(engine.store.get(engine.store.inodes, Codec.idKey(f))).isNotNull();

    Volume other = dfs.volume("vol");
    assertThat(kind(() -> other.lookup(d, "Gone"))).isEqualTo(ErrorKind.NOT_FOUND);
    assertThat(kind(() -> other.getAttributes(f))).isEqualTo(ErrorKind.STALE);
    assertThat(kind(() -> other.getXattr(f, "user.k"))).isEqualTo(ErrorKind.STALE);
    assertThat(kind(() -> other.open(f, OpenMode.READ))).isEqualTo(ErrorKind.STALE);
    assertThat(kind(() -> other.remove(d, "Gone", RemoveKind.ANY)))
        .isEqualTo(ErrorKind.NOT_FOUND);
    assertThat(other.lookup(v.root(), "d").size()).isEqualTo(1);
    assertThat(kind(() -> other.lookupIgnoreCase(d, "gone"))).isEqualTo(ErrorKind.NOT_FOUND);
    assertThat(other.readdir(d, DirCursor.START, 10, true).entries())
        .extracting(DirEntry::name).containsExactly("kept");
    // That listing wrote it first (a scan of RocksDB must see what waits).
    assertThat(engine.store.get(engine.store.entries, Codec.nameKey(d, "Gone"))).isNull();
    assertThat(engine.store.get(engine.store.inodes, Codec.idKey(f))).isNull();

    // Removed again while waiting, then the same name created anew and the directory removed.
    before = writes();
    v.remove(d, "kept", RemoveKind.NOT_DIRECTORY);
    assertThat(kind(() -> other.getAttributes(kept))).isEqualTo(ErrorKind.STALE);
    Attributes again = v.create(d, "kept", 0600, Ownership.ROOT, true);
    assertThat(other.lookup(d, "kept")).isEqualTo(again);
    v.remove(d, "kept", RemoveKind.NOT_DIRECTORY);
    v.remove(v.root(), "d", RemoveKind.DIRECTORY);
    assertThat(writes()).as("four changes in a row, none written").isEqualTo(before);
    assertThat(kind(() -> other.lookup(v.root(), "d"))).isEqualTo(ErrorKind.NOT_FOUND);
    assertThat(kind(() -> other.readdir(d, DirCursor.START, 10, false))).isEqualTo(ErrorKind.STALE);
    v.syncNamespace();
    assertThat(writes()).isEqualTo(before + 1);
    assertThat(engine.store.get(engine.store.inodes, Codec.idKey(d))).isNull();
    assertThat(engine.store.get(engine.store.inodes, Codec.idKey(again.id()))).isNull();
    // The volume is empty now, and can be deleted.
    dfs.deleteVolume("vol", false);
    dfs.close();
    assertThat(new dev.estuary.dfs.engine.EngineProvider().fsck(
        EngineFixture.context(dir, Map.of()), false, l -> {}).problems()).isEmpty();
    dfs = EngineFixture.open(dir);
    assertThat(dfs.listVolumes()).isEmpty();
  }

  @Test
  void aRemoveThatDeletesADataFileIsWrittenAtOnce() {
    ObjectId big = v.create(v.root(), "big", 0644, Ownership.ROOT, true).id();
    try (FileHandle h = v.open(big, OpenMode.WRITE)) {
      h.write(0, ByteBuffer.wrap(data(1 << 20, 3))); // past the inline threshold: a data file
    }
    long before = writes();
    v.remove(v.root(), "big", RemoveKind.NOT_DIRECTORY);
    assertThat(writes()).as("its data file may go only after a WAL sync covering the write")
        .isEqualTo(before + 1);
  }

  private static ErrorKind kind(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
    DfsException e = org.assertj.core.api.Assertions.catchThrowableOfType(DfsException.class, call);
    assertThat(e).as("expected a DfsException").isNotNull();
    return e.kind();
  }

  @Test
  void positionsStayUniqueWhenCreatesWaitInTurn() {
    ObjectId d = v.mkdir(v.root(), "d", 0755, Ownership.ROOT).id();
    for (int i = 0; i < 50; i++) {
      v.create(d, "n" + i, 0644, Ownership.ROOT, true);
    }
    var page = v.readdirByPosition(d, DirEntry.NO_POSITION, 100, false);
    assertThat(page.entries()).hasSize(50);
    assertThat(page.entries().stream().map(DirEntry::position).distinct().count()).isEqualTo(50);
    dfs.close();
    assertThat(new dev.estuary.dfs.engine.EngineProvider().fsck(
        EngineFixture.context(dir, Map.of()), false, l -> {}).problems()).isEmpty();
    dfs = EngineFixture.open(dir);
  }
}
