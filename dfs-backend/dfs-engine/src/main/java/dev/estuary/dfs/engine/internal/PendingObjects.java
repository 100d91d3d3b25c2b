package dev.estuary.dfs.engine.internal;

import dev.estuary.dfs.ObjectId;
import java.util.Collection;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/**
 * The start-up work list (the "dirty set"): the objects whose data file may disagree with their
 * metadata if the process dies now, kept in the column family {@code pending} under the object id.
 * Start-up ({@link StartupCleanup}) repairs exactly these, so its work is proportional to what was
 * in flight, not to the number of objects in the store.
 *
 * <ul>
 *   <li>{@link #WRITING}: the data file is being changed (written, extended, truncated, created by
 *       migration from inline data). Written to the WAL before the first change of an open object
 *       reaches the data file; the file's length can then run ahead of the stored size and change
 *       counter until the last write-back. Cleared once the data file is fsynced after the object's
 *       last close (its write-back was written before), so a clear that survives a crash implies
 *       the write-back did too (the WAL is replayed in order).
 *   <li>{@link #DELETING}: the inode was deleted in the same batch and the data file waits for the
 *       WAL sync that makes the deletion durable ({@link DeferredDeletes}). Cleared after the file
 *       is deleted.
 * </ul>
 *
 * <p>A mark is written without an fsync. A process crash (SIGKILL) keeps every WAL write that
 * returned. A power cut can lose the tail of the WAL, and a mark with it; then everything written
 * after the mark (the data it announced) was not acknowledged as durable either: a data file longer
 * than its stored size shows the stored size, and a data file whose inode is gone stays as leaked
 * storage that {@code fsck} reports and deletes. Clearing a mark twice, or handling one whose work
 * is already done, is harmless: start-up only deletes missing inodes' files and resets sizes to the
 * file's length.
 */
final class PendingObjects {
  /** The value of a mark: writes of the data file in flight. */
  static final byte WRITING = 'W';
  /** The value of a mark: the inode is deleted, the data file not yet. */
  static final byte DELETING = 'D';

  private static final byte[] WRITING_VALUE = {WRITING};
  private static final byte[] DELETING_VALUE = {DELETING};

  private final MetaStore store;

  PendingObjects(MetaStore store) {
    this.store = store;
  }

  /**
   * Marks an object whose data file is about to change; written to the WAL before it returns.
   *
   * @param id the object
   */
  void markWriting(ObjectId id) {
    store.put(store.pending, Codec.idKey(id), WRITING_VALUE);
  }

  /**
   * Marks, in the batch deleting its inode, an object whose data file is to be deleted.
   *
   * @param txn the batch deleting the inode
   * @param id the object
   */
  void markDeleting(Txn txn, ObjectId id) {
    txn.put(store.pending, Codec.idKey(id), DELETING_VALUE);
  }

  /**
   * Clears the marks of objects whose work is done, in one batch without an fsync.
   *
   * @param ids the objects
   */
  void clear(Collection<ObjectId> ids) {
    if (ids.isEmpty()) {
      return;
    }
    try (WriteBatch batch = new WriteBatch()) {
      for (ObjectId id : ids) {
        batch.delete(store.pending, Codec.idKey(id));
      }
      store.write(batch);
    } catch (RocksDBException e) {
      throw MetaStore.ioError("pending marks", e);
    }
  }
}
