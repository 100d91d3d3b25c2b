package dev.estuary.dfs.engine.internal;

import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.ErrorKind;
import dev.estuary.dfs.ObjectId;
import dev.estuary.dfs.ObjectType;
import dev.estuary.dfs.Retention;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The open-object table: one {@link OpenObject} per open file, reference-counted by handles.
 * Entries are created and retired under the namespace lock, so that remove and rename see exactly
 * which objects are open and mark them orphan instead of deleting them; taking another reference
 * to a live entry needs only the entry's monitor.
 */
public final class ObjectTable {
  private final EngineDfs dfs;
  private final ConcurrentHashMap<ObjectId, OpenObject> table = new ConcurrentHashMap<>();
  /**
   * Objects a namespace section looked at while they were not open ({@link #get}) or retired
   * ({@link #release}), until the section ends; only the holder of the lock adds to it.
   */
  private final java.util.Set<ObjectId> busy = ConcurrentHashMap.newKeySet();

  ObjectTable(EngineDfs dfs) {
    this.dfs = dfs;
    dfs.ns.onRelease(this::sectionEnds);
  }

  /**
   * Returns the live entry of an object, if it is open. Under the namespace lock, the read also
   * marks an object that is not open as busy until the section ends ({@link NamespaceLock}),
   * atomically with the table's lock of the key's bin: a lock-free open ({@link #acquireInline})
   * then leaves it to the locked path, so that a section that saw the object closed changes it
   * (removes, renames, sets attributes) without an open object appearing meanwhile.
   *
   * @param id the object
   * @return the entry or null
   */
  public @Nullable OpenObject get(ObjectId id) {
    if (dfs.ns.isHeldByCurrentThread()) {
      // Atomically with the bin: a closed object is marked busy, an open one is told a section
      // saw it open (its last close then takes the lock, see #release).
      OpenObject[] live = new OpenObject[1];
      table.compute(id, (k, cur) -> {
        if (cur == null) {
          busy.add(k);
          return null;
        }
        synchronized (cur) {
          if (cur.finished) {
            busy.add(k);
          } else {
            cur.seenBySection = true;
            live[0] = cur;
          }
        }
        return cur;
      });
      return live[0];
    }
    OpenObject o = table.get(id);
    if (o == null) {
      return null;
    }
    synchronized (o) {
      return o.finished ? null : o;
    }
  }

  /** Clears the marks of the section ending; runs while its holder still holds the lock. */
  void sectionEnds() {
    if (!busy.isEmpty()) {
      busy.clear();
    }
  }

  /**
   * Returns the number of open objects.
   *
   * @return the count
   */
  public int size() {
    return table.size();
  }

  /**
   * Takes a reference to an object, opening it if needed.
   *
   * @param volume the volume
   * @param id a file of the volume
   * @return the entry, with one more reference
   */
  public OpenObject acquire(EngineVolume volume, ObjectId id) {
    OpenObject o = table.get(id);
    if (o != null) {
      synchronized (o) {
        if (!o.finished) {
          o.refs++;
          return o;
        }
      }
    }
    if (!dfs.ns.isHeldByCurrentThread()) {
      OpenObject fast = acquireInline(volume, id);
      if (fast != null) {
        return fast;
      }
    }
    dfs.ns.lock();
    try {
      // Marks the object busy if it is not open: no lock-free open publishes another entry
      // before this one is in the table.
      o = get(id);
      if (o != null) {
        synchronized (o) {
          if (!o.finished) {
            o.refs++;
            return o;
          }
        }
      }
      Inode inode = volume.inode(id);
      if (inode.type() == ObjectType.DIRECTORY) {
        throw new DfsException(ErrorKind.IS_DIRECTORY, "object " + id + " is a directory (expected: a file)");
      }
      if (inode.type() == ObjectType.SYMLINK) {
        throw new DfsException(ErrorKind.INVALID_ARGUMENT, "object " + id + " is a symlink (expected: a file)");
      }
      byte[] inline = inode.inline() && inode.size() > 0
          ? dfs.store.get(dfs.store.inline, Codec.idKey(id)) : null;
      try {
        o = new OpenObject(volume, inode, inline, volume.dataPath(id), dfs.config.inlineThreshold());
      } catch (IOException e) {
        throw new DfsException(ErrorKind.IO_ERROR, "data file of " + id + " cannot be opened: " + e, e);
      }
      // Writes an earlier handle left unsynced when it closed are this file's: a sync through the new
      // handle must flush them (FileHandle#sync covers every completed write), not leave them to the next
      // volume sync.
      Boolean unsynced = dfs.unsynced.remove(o.path);
      if (unsynced != null) {
        // Its start-up mark is still there: cleared once the file is synced after a last close.
        o.journaled = true;
        o.dataDirty = true;
        if (unsynced) {
          o.newFile = true;
          o.newDirectory = true;
        }
      }
      if (inode.retained() && !inode.orphan()) {
        o.retention = volume.retention(inode);
      }
      o.refs = 1;
      table.put(id, o);
      return o;
    } finally {
      dfs.ns.unlock();
    }
  }

  /**
   * Opens an inline file without the namespace lock: a small file that a lookup just read opens
   * with no lock and, when the cache holds its inode, one RocksDB read (its bytes). Reads the inode
   * and the bytes, then publishes the new entry atomically (the key's bin lock) only if no
   * namespace section marked the object busy ({@link #get}) and its inode is still the one read:
   * every change to an inode or to inline data commits in a section that first looks the object
   * up in this table (marking it), and updates the cache before the mark is cleared, so an
   * unchanged inode after the marks are gone means nothing changed in between. A section that
   * looks later finds the new entry and treats the object as open, as if the open had taken the
   * lock. Anything else (a data file, a missing object, a directory, a section at work on the
   * object) returns null: the caller takes the locked path, which also reports the errors.
   *
   * @return the entry with one reference, or null to take the locked path
   */
  private @Nullable OpenObject acquireInline(EngineVolume volume, ObjectId id) {
    volume.checkId(id);
    if (busy.contains(id)) {
      return null;
    }
    Inode inode = volume.storedInode(id);
    if (inode == null || inode.type() != ObjectType.FILE || !inode.inline()
        || inode.size() > dfs.config.inlineThreshold()) {
      return null;
    }
    byte[] inline = inode.size() > 0 ? dfs.store.get(dfs.store.inline, Codec.idKey(id)) : null;
    Retention retention = inode.retained() && !inode.orphan() ? volume.retention(inode) : null;
    OpenObject created;
    try {
      created = new OpenObject(volume, inode, inline, volume.dataPath(id), dfs.config.inlineThreshold());
    } catch (IOException e) {
      return null; // not reached for an inline file (no file is opened): the locked path reports it
    }
    created.retention = retention;
    created.refs = 1;
    OpenObject[] won = new OpenObject[1];
    table.compute(id, (k, cur) -> {
      if (cur != null) {
        synchronized (cur) {
          if (!cur.finished) {
            cur.refs++;
            won[0] = cur;
          }
        }
        return cur;
      }
      if (busy.contains(k) || !inode.equals(volume.storedInode(k))) {
        return null;
      }
      won[0] = created;
      return created;
    });
    return won[0];
  }

  /**
   * Drops a reference; the last one writes back the attributes, or reclaims an orphan.
   *
   * @param o the entry
   */
  public void release(OpenObject o) {
    boolean quiet;
    synchronized (o) {
      if (--o.refs > 0 || o.finished) {
        return;
      }
      // The last close of an inline file that was only read, that no namespace section saw open
      // and that was not an orphan has nothing to write or reclaim: it retires without the lock.
      // A section that looks later finds it finished and marks it busy (#get).
      quiet = !o.dirty && !o.seenBySection && !o.openedOrphan && !o.stale && o.channel() == null;
      if (quiet) {
        o.finished = true;
      }
    }
    if (quiet) {
      table.remove(o.id, o);
      return;
    }
    dfs.ns.lock();
    try {
      synchronized (o) {
        if (o.refs > 0 || o.finished) {
          return;
        }
        o.finished = true;
      }
      // Retired with a mark: a lock-free open waits for the write-back below (or the reclaim).
      table.compute(o.id, (k, cur) -> {
        if (cur == o) {
          busy.add(k);
          return null;
        }
        return cur;
      });
      if (o.stale) {
        o.closeFiles();
        return;
      }
      Inode inode = o.volume.storedInode(o.id);
      if (inode != null && inode.orphan()) {
        o.closeFiles();
        try (Txn txn = o.volume.txn()) {
          o.volume.deleteObject(txn, inode);
          txn.commit(false);
        }
        deleteDataFile(o.volume, o.id);
      } else {
        if (inode != null) {
          persistLocked(o, inode);
        }
        if (o.dataDirty || o.newFile) {
          // Closing does not sync: the next volume or backend sync flushes the file by name (and
          // clears its start-up mark, EngineDfs#syncAll).
          dfs.unsynced.merge(o.path, o.newFile, Boolean::logicalOr);
        } else if (o.journaled) {
          // Synced, and the write-back above is in the WAL before this: nothing left to repair.
          dfs.pending.clear(List.of(o.id));
        }
        o.closeFiles();
      }
    } finally {
      dfs.ns.unlock();
    }
  }

  /**
   * Writes back the attributes (and inline data) of an open object if they changed.
   *
   * @param o the entry
   * @param durable whether the write must be fsynced
   */
  public void persist(OpenObject o, boolean durable) {
    dfs.ns.lock();
    try {
      synchronized (o) {
        if (o.finished || (!o.dirty && !durable)) {
          return;
        }
      }
      Inode inode = o.volume.storedInode(o.id);
      if (inode == null) {
        return;
      }
      persistLocked(o, inode);
    } finally {
      dfs.ns.unlock();
    }
    if (durable) {
      // The fsync runs outside the namespace lock, so handles synced at the same time share one
      // WAL fsync (EngineDfs#syncWal) instead of queueing for the lock one fsync each.
      dfs.syncWal();
    }
  }

  /** Caller holds the namespace lock. Writes without fsync; callers that need it sync the WAL. */
  private void persistLocked(OpenObject o, Inode stored) {
    byte[] inline;
    Inode merged;
    boolean forceFirst;
    synchronized (o) {
      if (!o.dirty) {
        return;
      }
      inline = o.inlineDirty ? o.inlineSnapshot() : null;
      boolean isInline = o.channel() == null;
      long allocated = o.allocatedBytes();
      int flags = isInline ? (stored.flags() | Inode.INLINE) : (stored.flags() & ~Inode.INLINE);
      merged = stored.withData(o.size, allocated, o.atime, o.mtime, later(stored.ctime(), o.ctime),
          Math.max(stored.change(), o.change), flags);
      forceFirst = !isInline && stored.inline() && o.storedInlineData;
      o.dirty = false;
      o.inlineDirty = false;
    }
    try {
      if (forceFirst) {
        // The stored inline bytes may have been synced: the data file must hold them durably
        // before the inode stops pointing at them.
        o.force();
      }
      try (Txn txn = o.volume.txn()) {
        byte[] key = Codec.idKey(o.id);
        txn.putInode(merged);
        if (inline != null && inline.length > 0) {
          txn.put(dfs.store.inline, key, inline);
        } else if (inline != null || (!merged.inline() && stored.inline())) {
          txn.delete(dfs.store.inline, key);
        }
        if (merged.orphan()) {
          // An object without a name (a staged S3 PUT between its write and its link) is reached
          // only through its open object, never read back from RocksDB, and reclaimed at start-up
          // after a crash: its write-back can wait for the next change (the link), one write less.
          txn.defer();
        } else {
          txn.commit(false);
        }
      }
      synchronized (o) {
        if (inline != null) {
          o.storedInlineData = inline.length > 0;
        } else if (!merged.inline()) {
          o.storedInlineData = false;
        }
      }
    } catch (IOException e) {
      throw new DfsException(ErrorKind.IO_ERROR, "sync of " + o.id + " failed: " + e, e);
    }
  }

  /** Makes the data of every open data file durable. */
  void syncOpenData() {
    for (OpenObject o : new ArrayList<>(table.values())) {
      if (!o.stale) {
        try {
          o.syncData();
        } catch (IOException e) {
          throw new DfsException(ErrorKind.IO_ERROR, "sync of " + o.id + " failed: " + e, e);
        }
      }
    }
  }

  /** Writes back every dirty open object (the timer, and volume or backend sync). */
  public void persistAll() {
    for (OpenObject o : new ArrayList<>(table.values())) {
      if (!o.stale) {
        persist(o, false);
      }
    }
  }

  /**
   * Marks every open object of a deleted volume stale and forgets it.
   *
   * @param volId the volume id
   */
  public void staleVolume(long volId) {
    List<OpenObject> gone = new ArrayList<>();
    for (OpenObject o : table.values()) {
      if (o.id.hi() == volId) {
        gone.add(o);
      }
    }
    for (OpenObject o : gone) {
      o.stale = true;
      synchronized (o) {
        o.finished = true;
      }
      table.remove(o.id, o);
      o.closeFiles();
    }
  }

  /** Writes back and closes everything (backend close). */
  void closeAll() {
    persistAll();
    for (OpenObject o : new ArrayList<>(table.values())) {
      o.stale = true;
      synchronized (o) {
        o.finished = true;
      }
      o.closeFiles();
    }
    table.clear();
  }

  /**
   * Queues the deletion of the data file of an object whose inode deletion was just written: it
   * happens after the next WAL sync ({@link DeferredDeletes}).
   */
  void deleteDataFile(EngineVolume volume, ObjectId id) {
    dfs.deletes.add(volume.dataPath(id));
  }

  private static Instant later(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }
}
