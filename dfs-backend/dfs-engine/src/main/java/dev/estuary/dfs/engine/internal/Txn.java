package dev.estuary.dfs.engine.internal;

import dev.estuary.dfs.ObjectId;
import dev.estuary.dfs.ObjectType;
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
 *
 * <p>Up to {@link #MAX_DEFERRED} less one changes in a row may be {@linkplain #defer()
 * deferred}: their operations stay in the shared batch, in front of the next change's, and are
 * written with it in one RocksDB write (the create of a small file and the write-back of its data
 * at close; a run of creates or removes, issue 10). Until then they are visible through the cache,
 * where the values they wrote, and the inodes and entries they deleted, are pinned ({@link
 * MetaCache#pin}); readers that scan RocksDB first write them ({@link EngineDfs#flushPending()}),
 * and so does every sync and the write-back timer (every {@code flush-interval-ms}, 1 s by
 * default). A crash loses them with anything else not synced, and never tears one: each lands
 * whole, together with the changes after it up to the write, and every later change lands after
 * it (the WAL keeps their order).
 */
final class Txn implements AutoCloseable {
  /**
   * Changes in one RocksDB write at most: this many less one wait in the shared batch, and the
   * next is written with them. A mass create or unlink pays one write (WAL append, write group)
   * per this many changes, and a crash between two writes loses fewer than this many changes that
   * no sync covered.
   */
  static final int MAX_DEFERRED = 32;

  /** The deferred changes the shared batch holds; written under the namespace lock. */
  static final class Pending {
    volatile int changes;

    boolean held() {
      return changes > 0;
    }
  }

  private final MetaStore store;
  private final MetaCache cache;
  private final WriteBatch batch;
  private final DeferredDeletes deletes;
  private final Pending pending;
  private final List<Runnable> after = new ArrayList<>(4);
  private final List<Inode> inodesPut = new ArrayList<>(2);
  private final List<MetaCache.PinnedEntry> entriesPut = new ArrayList<>(1);
  private final List<ObjectId> inodesGone = new ArrayList<>(1);
  private final List<MetaCache.EntryKey> entriesGone = new ArrayList<>(1);
  /** A range deletion, whose absence no pin shows: such a change is written at once. */
  private boolean unpinnable;
  private boolean done;
  private boolean deferred;

  /**
   * Uses {@code batch}, which the caller owns and which is cleared on {@link #close()} unless this
   * change was deferred; a deferred change already in it is kept (a save point marks where this
   * change starts, so that a change that fails leaves the deferred one in place).
   */
  Txn(MetaStore store, MetaCache cache, WriteBatch batch, DeferredDeletes deletes, Pending pending) {
    this.store = store;
    this.cache = cache;
    this.batch = batch;
    this.deletes = deletes;
    this.pending = pending;
    if (pending.held()) {
      batch.setSavePoint();
    }
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
    inodesPut.add(inode);
    after.add(() -> cache.putInode(inode));
  }

  void deleteInode(ObjectId id) {
    delete(store.inodes, Codec.idKey(id));
    inodesGone.add(id);
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
    byte[] bare = Codec.encodeEntry(entry.id(), entry.type(), entry.position());
    put(store.folded, Codec.foldedKey(parent, name), bare);
    if (child.type() == ObjectType.DIRECTORY) {
      // No copy in a directory's entry (MetaStore#putInode says why).
      put(store.entries, Codec.nameKey(parent, name), bare);
    }
    putInode(child);
    entriesPut.add(new MetaCache.PinnedEntry(parent, name, entry));
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
    entriesPut.add(new MetaCache.PinnedEntry(parent, name, entry));
    after.add(() -> cache.putEntry(parent, name, entry));
  }

  /** Deletes an entry from the three column families; {@code entry} is its current value. */
  void deleteEntry(ObjectId parent, String name, MetaCache.Entry entry) {
    delete(store.entries, Codec.nameKey(parent, name));
    // Read only by scans (listings, the case-insensitive index), which write deferred changes first.
    delete(store.positions, Codec.positionKey(parent, entry.position()));
    delete(store.folded, Codec.foldedKey(parent, name));
    entriesGone.add(new MetaCache.EntryKey(parent, name));
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
    unpinnable = true;
    deleteRangeOfGone(cf, from, to);
  }

  /**
   * A range of keys of an object whose inode this change deletes ({@link #deleteInode}), such as
   * its extended attributes: every read of them starts from the inode, which the pin of its
   * absence covers, so unlike {@link #deleteRange} the change can still be deferred.
   */
  void deleteRangeOfGone(ColumnFamilyHandle cf, byte[] from, byte[] to) {
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
      deletes.delete(ready);
    } else {
      store.write(batch, false);
    }
    done = true;
    cache.committed();
    if (pending.held()) {
      // The deferred changes are in RocksDB now, with this one: they need no pins any more.
      pending.changes = 0;
      cache.unpinAll();
    }
    for (Runnable r : after) {
      r.run();
    }
  }

  /**
   * Leaves this change in the shared batch, to be written with the next one, unless {@link
   * #MAX_DEFERRED} less one wait there already or it deleted a range (whose absence a pin cannot
   * show); otherwise commits it now, with those waiting. Either way it is visible at once: the
   * values it wrote and the inodes and entries it deleted are pinned in the cache until they are
   * written.
   */
  void defer() {
    if (pending.changes >= MAX_DEFERRED - 1 || unpinnable || !cache.enabled()) {
      commit(false);
      return;
    }
    done = true;
    deferred = true;
    cache.pin(inodesPut, entriesPut, inodesGone, entriesGone);
    pending.changes++;
    cache.committed();
    for (Runnable r : after) {
      r.run();
    }
  }

  @Override
  public void close() {
    if (deferred) {
      return;
    }
    if (!done && pending.held()) {
      // Failed or empty: drop this change only, keep the deferred one for the next write.
      try {
        batch.rollbackToSavePoint();
      } catch (RocksDBException e) {
        throw MetaStore.ioError("batch rollback", e);
      }
      return;
    }
    batch.clear();
  }
}
