package dev.estuary.dfs.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.dfs.Attributes;
import dev.estuary.dfs.Dfs;
import dev.estuary.dfs.FileHandle;
import dev.estuary.dfs.ObjectId;
import dev.estuary.dfs.OpenMode;
import dev.estuary.dfs.Ownership;
import dev.estuary.dfs.RemoveKind;
import dev.estuary.dfs.RenameMode;
import dev.estuary.dfs.SetAttributes;
import dev.estuary.dfs.Volume;
import dev.estuary.dfs.XattrMode;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Attributes in the directory entry (format 3, {@link Codec#encodeEntry(Inode)}): with the
 * metadata cache off, a lookup by name is ONE RocksDB read, and after every kind of attribute
 * change the copy in the entry says what the inode record says (a lookup by name and a read by id
 * agree, also after a restart, which drops every in-memory state).
 */
class EntryCopyTest {
  @TempDir Path dir;

  private Dfs dfs;
  private Volume v;

  @BeforeEach
  void open() {
    dfs = EngineFixture.open(dir, Map.of("metadata-cache-mb", "0"));
    v = dfs.volume(dfs.createVolume("vol", 0755, Ownership.ROOT).name());
  }

  @AfterEach
  void close() {
    dfs.close();
  }

  private long reads() {
    return ((EngineDfs) dfs).store.pointReads.sum();
  }

  @Test
  void lookupOfAFileIsOneReadWhenTheCacheMisses() {
    ObjectId d = v.mkdir(v.root(), "d", 0755, Ownership.ROOT).id();
    Attributes created = v.create(d, "f", 0640, Ownership.ROOT, true);
    long before = reads();
    Attributes found = v.lookup(d, "f");
    assertThat(reads() - before).as("RocksDB point reads of one lookup").isEqualTo(1);
    assertThat(found).isEqualTo(created);
    // A directory's entry carries no copy (its inode changes with every entry in it): two reads.
    before = reads();
    assertThat(v.lookup(v.root(), "d").type()).isEqualTo(dev.estuary.dfs.ObjectType.DIRECTORY);
    assertThat(reads() - before).as("RocksDB point reads of a directory's lookup").isEqualTo(2);
  }

  @Test
  void listingWithAttributesReadsNoInodeWhenTheCacheMisses() {
    ObjectId d = v.mkdir(v.root(), "d", 0755, Ownership.ROOT).id();
    for (int i = 0; i < 10; i++) {
      v.create(d, "f" + i, 0644, Ownership.ROOT, true);
    }
    v.syncNamespace();
    long before = reads();
    var page = v.readdir(d, dev.estuary.dfs.DirCursor.START, 100, true);
    // The directory's own inode, then one scan: the attributes come from the entries' copies.
    assertThat(reads() - before).as("RocksDB point reads of a listing with attributes").isEqualTo(1);
    assertThat(page.entries()).hasSize(10);
    for (var e : page.entries()) {
      assertThat(e.attributes()).isEqualTo(v.getAttributes(e.id()));
    }
  }

  @Test
  void copyFollowsEveryAttributeChange() {
    ObjectId d = v.mkdir(v.root(), "d", 0755, Ownership.ROOT).id();
    ObjectId f = v.create(d, "f", 0644, Ownership.ROOT, true).id();
    assertAgree(d, "f", f);
    try (FileHandle h = v.open(f, OpenMode.WRITE)) {
      h.write(0, ByteBuffer.wrap(new byte[5000]));
    }
    assertAgree(d, "f", f);
    assertThat(v.lookup(d, "f").size()).isEqualTo(5000);
    v.setAttributes(f, SetAttributes.builder().mode(0600).uid(7).build());
    assertAgree(d, "f", f);
    v.setXattr(f, "user.x", new byte[] {1}, XattrMode.UPSERT);
    assertAgree(d, "f", f);
    // The directory's own entry (in the root) follows its entry count and times.
    v.create(d, "g", 0644, Ownership.ROOT, true);
    assertAgree(v.root(), "d", d);
    assertThat(v.lookup(v.root(), "d").size()).isEqualTo(2);
    v.remove(d, "g", RemoveKind.NOT_DIRECTORY);
    assertAgree(v.root(), "d", d);
    assertThat(v.lookup(v.root(), "d").size()).isEqualTo(1);
    // A rename moves the copy: the new name carries it, the old one is gone.
    v.rename(d, "f", v.root(), "moved", RenameMode.NO_REPLACE);
    assertAgree(v.root(), "moved", f);
    assertAgree(v.root(), "d", d);
    // Growing past the inline threshold into a data file, then a resize.
    try (FileHandle h = v.open(f, OpenMode.WRITE)) {
      h.write(0, ByteBuffer.wrap(new byte[200_000]));
    }
    assertAgree(v.root(), "moved", f);
    v.setAttributes(f, SetAttributes.builder().size(10L).build());
    assertAgree(v.root(), "moved", f);
    // An object linked from createUnlinked gets its copy at link.
    ObjectId u = v.createUnlinked(0644, Ownership.ROOT).id();
    try (FileHandle h = v.open(u, OpenMode.WRITE)) {
      h.write(0, ByteBuffer.wrap(new byte[3]));
      h.sync();
      v.link(u, d, "linked", RenameMode.NO_REPLACE);
    }
    assertAgree(d, "linked", u);
    v.rename(v.root(), "moved", d, "linked", RenameMode.EXCHANGE);
    assertAgree(d, "linked", f);
    assertAgree(v.root(), "moved", u);

    // After a restart (no open object, no cache, no write-back left in memory) still the same,
    // and fsck finds every copy equal to its inode.
    dfs.close();
    assertThat(new dev.estuary.dfs.engine.EngineProvider().fsck(
        EngineFixture.context(dir, Map.of()), false, line -> {}).problems()).isEmpty();
    dfs = EngineFixture.open(dir, Map.of("metadata-cache-mb", "0"));
    v = dfs.volume("vol");
    assertAgree(d, "linked", f);
    assertAgree(v.root(), "moved", u);
    assertAgree(v.root(), "d", d);
    assertThat(v.lookup(v.root(), "moved").size()).isEqualTo(3);
    assertThat(v.lookup(d, "linked").size()).isEqualTo(10);
  }

  @Test
  void fsckFindsAndRepairsACopyThatDiffersFromItsInode() throws Exception {
    ObjectId f = v.create(v.root(), "f", 0644, Ownership.ROOT, true).id();
    dfs.close();
    try (MetaStore store = MetaStore.open(dir.resolve("engine").resolve("meta"), dir, 1 << 20);
        org.rocksdb.WriteBatch b = new org.rocksdb.WriteBatch()) {
      Inode inode = Codec.decodeInode(f, store.get(store.inodes, Codec.idKey(f)));
      // The record alone changes (as a write that bypassed MetaStore#putInode would).
      b.put(store.inodes, Codec.idKey(f), Codec.encodeInode(inode.withData(9, 9, inode.atime(),
          inode.mtime(), inode.ctime(), inode.change() + 1, inode.flags())));
      store.write(b, true);
    }
    var provider = new dev.estuary.dfs.engine.EngineProvider();
    assertThat(provider.fsck(EngineFixture.context(dir, Map.of()), false, line -> {}).problems())
        .singleElement().asString().contains("entry 'f'").contains("carries a copy of " + f);
    assertThat(provider.fsck(EngineFixture.context(dir, Map.of()), true, line -> {}).problems())
        .hasSize(1);
    assertThat(provider.fsck(EngineFixture.context(dir, Map.of()), false, line -> {}).problems())
        .isEmpty();
    dfs = EngineFixture.open(dir, Map.of("metadata-cache-mb", "0"));
    v = dfs.volume("vol");
    assertThat(v.lookup(v.root(), "f").size()).isEqualTo(9);
    assertAgree(v.root(), "f", f);
  }

  /** The entry's copy (read by name) and the inode record (read by id) agree. */
  private void assertAgree(ObjectId parent, String name, ObjectId id) {
    EngineDfs e = (EngineDfs) dfs;
    byte[] entry = e.store.get(e.store.entries, Codec.nameKey(parent, name));
    byte[] record = e.store.get(e.store.inodes, Codec.idKey(id));
    assertThat(entry).as("entry '%s'", name).isNotNull();
    assertThat(record).as("inode %s", id).isNotNull();
    Inode copy = Codec.decodeEntryInode(parent, name, entry);
    Inode truth = Codec.decodeInode(id, record);
    if (truth.type() == dev.estuary.dfs.ObjectType.DIRECTORY) {
      assertThat(copy).as("copy in directory entry '%s'", name).isNull();
    } else {
      assertThat(copy).as("copy in entry '%s'", name).isEqualTo(truth);
    }
    assertThat(v.lookup(parent, name)).isEqualTo(v.getAttributes(id));
  }
}
