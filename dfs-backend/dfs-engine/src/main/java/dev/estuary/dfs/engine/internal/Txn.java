package dev.estuary.dfs.engine.internal;

import dev.estuary.dfs.ObjectId;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/**
 * One atomic metadata change: a RocksDB write batch plus the matching {@link MetaCache} updates,
 * applied after the batch commits. Every write of an inode or an entry goes through here, under
 * the namespace lock, which also guards the one reused native write batch.
 */
final class Txn implements AutoCloseable {
  private final MetaStore store;
  private final MetaCache cache;
  private final WriteBatch batch;
  private final DeferredDeletes deletes;
  private final List<Runnable> after = new ArrayList<>(4);

  /** Uses {@code batch}, which the caller owns and which is cleared on {@link #close()}. */
  Txn(MetaStore store, MetaCache cache, WriteBatch batch, DeferredDeletes deletes) {
    this.store = store;
    this.cache = cache;
    this.batch = batch;
    this.deletes = deletes;
  }

  /**
   * Writes an inode and, for a named object, the copy in its entry ({@link Codec#encodeEntry(Inode)}):
   * the two are always written together, so a lookup that reads only the entry sees what a read by
   * id sees.
   */
  void putInode(Inode inode) {
    try {
      store.putInode(batch, inode);
    } catch (RocksDBException e) {
      throw MetaStore.ioError("batch", e);
    }
    after.add(() -> cache.putInode(inode));
  }

  void deleteInode(ObjectId id) {
    delete(store.inodes, Codec.idKey(id));
    after.add(() -> cache.removeInode(id));
  }

  /**
   * Gives a named object its (new) entry and writes its inode: the entry in the three column
   * families that hold it ({@link Codec}), by name with the inode copy, by position and by folded
   * name. The inode's parent, name and position are the entry's. Overwriting a name that exists
   * requires deleting it first ({@link #deleteEntry}), or its old position would stay behind.
   */
  void putNamed(Inode child) {
    ObjectId parent = child.parent();
    String name = child.name();
    if (parent == null || name == null || child.orphan()) {
      throw new IllegalArgumentException("object " + child.id() + " has no name (expected: a named object)");
    }
    MetaCache.Entry entry = new MetaCache.Entry(child.id(), child.type(), child.position());
    put(store.positions, Codec.positionKey(parent, entry.position()),
        Codec.encodePositioned(entry.id(), entry.type(), name));
    put(store.folded, Codec.foldedKey(parent, name),
        Codec.encodeEntry(entry.id(), entry.type(), entry.position()));
    putInode(child);
    after.add(() -> cache.putEntry(parent, name, entry));
  }

  /**
   * Inserts an entry without an inode copy, for an entry whose object is missing (a damaged
   * store); otherwise see {@link #putNamed}.
   */
  void putEntry(ObjectId parent, String name, MetaCache.Entry entry) {
    byte[] value = Codec.encodeEntry(entry.id(), entry.type(), entry.position());
    put(store.entries, Codec.nameKey(parent, name), value);
    put(store.positions, Codec.positionKey(parent, entry.position()),
        Codec.encodePositioned(entry.id(), entry.type(), name));
    put(store.folded, Codec.foldedKey(parent, name), value);
    after.add(() -> cache.putEntry(parent, name, entry));
  }

  /** Deletes an entry from the three column families; {@code entry} is its current value. */
  void deleteEntry(ObjectId parent, String name, MetaCache.Entry entry) {
    delete(store.entries, Codec.nameKey(parent, name));
    delete(store.positions, Codec.positionKey(parent, entry.position()));
    delete(store.folded, Codec.foldedKey(parent, name));
    after.add(() -> cache.removeEntry(parent, name));
  }

  void put(ColumnFamilyHandle cf, byte[] key, byte[] value) {
    try {
      batch.put(cf, key, value);
    } catch (RocksDBException e) {
      throw MetaStore.ioError("batch", e);
    }
  }

  void delete(ColumnFamilyHandle cf, byte[] key) {
    try {
      batch.delete(cf, key);
    } catch (RocksDBException e) {
      throw MetaStore.ioError("batch", e);
    }
  }

  void deleteRange(ColumnFamilyHandle cf, byte[] from, byte[] to) {
    try {
      batch.deleteRange(cf, from, to);
    } catch (RocksDBException e) {
      throw MetaStore.ioError("batch", e);
    }
  }

  /** Runs an action after the commit (cache updates beyond inodes and entries). */
  void afterCommit(Runnable action) {
    after.add(action);
  }

  void commit(boolean durable) {
    if (durable) {
      // A synced write fsyncs the whole WAL: every unlinking written before it is durable too.
      List<Path> ready = deletes.take();
      try {
        store.write(batch, true);
      } catch (RuntimeException e) {
        deletes.restore(ready);
        throw e;
      }
      DeferredDeletes.delete(ready);
    } else {
      store.write(batch, false);
    }
    cache.committed();
    for (Runnable r : after) {
      r.run();
    }
  }

  @Override
  public void close() {
    batch.clear();
  }
}
