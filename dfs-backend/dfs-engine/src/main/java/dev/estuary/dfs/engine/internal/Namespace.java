package dev.estuary.dfs.engine.internal;

import dev.estuary.dfs.Attributes;
import dev.estuary.dfs.ChangeEvent;
import dev.estuary.dfs.ChangeKind;
import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.ErrorKind;
import dev.estuary.dfs.Limits;
import dev.estuary.dfs.ObjectId;
import dev.estuary.dfs.ObjectType;
import dev.estuary.dfs.Ownership;
import dev.estuary.dfs.RemoveKind;
import dev.estuary.dfs.RenameMode;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The namespace operations of one volume: each mutation validates under the namespace lock and
 * commits one write batch ({@link Txn}), so it is atomic and linearizable. Listings are in {@link
 * DirListing}.
 */
final class Namespace {
  private final EngineVolume volume;
  private final EngineDfs dfs;
  private final MetaStore store;

  Namespace(EngineVolume volume) {
    this.volume = volume;
    this.dfs = volume.dfs;
    this.store = volume.store;
  }

  /** Reads a directory's inode, failing if it is missing or not a directory. */
  Inode dir(ObjectId id) {
    Inode inode = volume.inode(id);
    if (inode.type() != ObjectType.DIRECTORY) {
      throw new DfsException(ErrorKind.NOT_DIRECTORY, "object " + id + " is a " + inode.type() + " (expected: DIRECTORY)");
    }
    return inode;
  }

  Attributes lookup(ObjectId parent, String name) {
    Limits.checkName(name);
    volume.checkId(parent);
    for (int attempt = 0; ; attempt++) {
      EngineVolume.Named n = volume.named(parent, name);
      if (n == null) {
        dir(parent);
        throw new DfsException(ErrorKind.NOT_FOUND, "name: '" + name + "' in " + parent + " does not exist");
      }
      if (n.inode() != null) {
        return volume.attributes(n.inode());
      }
      if (attempt > 1000) {
        throw new DfsException(ErrorKind.IO_ERROR, "entry '" + name + "' in " + parent + " names missing object " + n.entry().id());
      }
      // The entry was removed between the two reads: look again.
      Thread.onSpinWait();
    }
  }

  private Inode newInode(ObjectType type, int flags, int mode, Ownership owner, long size,
      @Nullable ObjectId parent, @Nullable String name, @Nullable String target, Instant now) {
    ObjectId id = new ObjectId(volume.record.volId(), dfs.ids.next());
    long lastPosition = type == ObjectType.DIRECTORY ? Inode.NO_POSITIONS_YET : 0;
    return new Inode(id, type, flags, mode, owner.uid(), owner.gid(), size, 0, now, now, now, now,
        dfs.nextChange(), 0, lastPosition, 0, parent, name, target);
  }

  Attributes create(ObjectId parent, String name, int mode, Ownership owner, boolean exclusive) {
    Limits.checkName(name);
    EngineVolume.checkMode(mode);
    volume.checkId(parent);
    dfs.ns.lock();
    try {
      Inode dir = dir(parent);
      MetaCache.Entry e = volume.entry(parent, name);
      if (e != null) {
        if (exclusive) {
          throw new DfsException(ErrorKind.EXISTS, "name: '" + name + "' in " + parent + " exists");
        }
        ObjectType type = e.type();
        if (type == ObjectType.DIRECTORY) {
          throw new DfsException(ErrorKind.IS_DIRECTORY, "name: '" + name + "' in " + parent + " is a directory");
        }
        if (type == ObjectType.SYMLINK) {
          throw new DfsException(ErrorKind.EXISTS, "name: '" + name + "' in " + parent + " is a symlink");
        }
        return volume.attributes(volume.inode(e.id()));
      }
      Instant now = dfs.now();
      Inode inode = newInode(ObjectType.FILE, Inode.INLINE, mode, owner, 0, parent, name, null, now);
      return commitNew(inode, dir, now, true).toAttributes();
    } finally {
      dfs.ns.unlock();
    }
  }

  Attributes make(ObjectId parent, String name, ObjectType type, int mode, Ownership owner,
      @Nullable String target) {
    Limits.checkName(name);
    EngineVolume.checkMode(mode);
    volume.checkId(parent);
    dfs.ns.lock();
    try {
      Inode dir = dir(parent);
      if (volume.entry(parent, name) != null) {
        throw new DfsException(ErrorKind.EXISTS, "name: '" + name + "' in " + parent + " exists");
      }
      Instant now = dfs.now();
      long size = target == null ? 0 : Limits.utf8Length(target);
      Inode inode = newInode(type, 0, mode, owner, size, parent, name, target, now);
      return commitNew(inode, dir, now, false).toAttributes();
    } finally {
      dfs.ns.unlock();
    }
  }

  /**
   * Commits a new named object and its directory's update; returns the object as stored. The
   * create of a file is {@linkplain Txn#defer() deferred}: a small file's create is then written
   * in one batch with the data its first close writes back (or with whatever change comes next).
   */
  private Inode commitNew(Inode created, Inode dir, Instant now, boolean deferrable) {
    DirUpdate d = new DirUpdate(dir);
    long position = d.insert(created.type());
    Inode inode = created.withLocation(dir.id(), created.name(), position, created.ctime(), created.change());
    Inode newDir = d.updated(now, dfs.nextChange());
    try (Txn txn = volume.txn()) {
      txn.putNamed(inode);
      txn.putInode(newDir);
      volume.count(txn, +1);
      dfs.watch.onCommit(txn, volume, ChangeKind.CREATED, inode);
      if (deferrable) {
        txn.defer();
      } else {
        txn.commit(false);
      }
    }
    return inode;
  }

  /**
   * Creates an object without a name. The change is {@linkplain Txn#defer() deferred}: an S3 PUT's
   * staged object is written with its next change (its metadata), not in a write of its own. A
   * crash that loses it loses nothing anyone could reach: an object without a name is reclaimed at
   * start-up anyway.
   */
  Attributes createUnlinked(int mode, Ownership owner) {
    EngineVolume.checkMode(mode);
    dfs.ns.lock();
    try {
      Inode inode = newInode(ObjectType.FILE, Inode.INLINE | Inode.ORPHAN, mode, owner, 0, null, null,
          null, dfs.now());
      try (Txn txn = volume.txn()) {
        txn.putInode(inode);
        txn.put(store.orphans, Codec.idKey(inode.id()), new byte[0]);
        volume.count(txn, +1);
        txn.defer();
      }
      return inode.toAttributes();
    } finally {
      dfs.ns.unlock();
    }
  }

  ObjectId remove(ObjectId parent, String name, RemoveKind kind) {
    Limits.checkName(name);
    volume.checkId(parent);
    Runnable after = null;
    ObjectId child;
    dfs.ns.lock();
    try {
      Inode dir = dir(parent);
      // The entry and its object in one read where the cache misses: a file's entry carries its
      // inode's copy (Codec#encodeEntry), where an entry read and then an inode read by id cost
      // two RocksDB point reads per remove.
      EngineVolume.Named named = volume.named(parent, name);
      if (named == null) {
        throw new DfsException(ErrorKind.NOT_FOUND, "name: '" + name + "' in " + parent + " does not exist");
      }
      MetaCache.Entry e = named.entry();
      child = e.id();
      ObjectType type = e.type();
      if (kind == RemoveKind.NOT_DIRECTORY && type == ObjectType.DIRECTORY) {
        throw new DfsException(ErrorKind.IS_DIRECTORY, "name: '" + name + "' in " + parent + " is a directory");
      }
      if (kind == RemoveKind.DIRECTORY && type != ObjectType.DIRECTORY) {
        throw new DfsException(ErrorKind.NOT_DIRECTORY, "name: '" + name + "' in " + parent + " is a " + type);
      }
      // Null only in a damaged store (an entry whose object is missing): the entry alone goes.
      Inode inode = named.inode();
      if (inode != null) {
        volume.checkNotRetained(inode, "remove of '" + name + "'");
      }
      if (inode != null && type == ObjectType.DIRECTORY && inode.size() > 0) {
        throw new DfsException(ErrorKind.NOT_EMPTY, "directory: '" + name + "' in " + parent + " has " + inode.size() + " entries");
      }
      Instant now = dfs.now();
      DirUpdate d = new DirUpdate(dir);
      d.remove(type);
      Inode newDir = d.updated(now, dfs.nextChange());
      try (Txn txn = volume.txn()) {
        txn.deleteEntry(parent, name, e);
        txn.putInode(newDir);
        if (inode != null) {
          after = drop(txn, inode, now);
          removed(txn, inode, parent, name);
        }
        if (after == null) {
          // Written with the next change (Txn#defer): a run of removes pays one RocksDB write per
          // Txn.MAX_DEFERRED. Not a remove that deletes a data file, which may go only after a
          // WAL sync that covers the write (DeferredDeletes).
          txn.defer();
        } else {
          txn.commit(false);
        }
      }
    } finally {
      dfs.ns.unlock();
    }
    if (after != null) {
      after.run();
    }
    return child;
  }

  /**
   * Queues the end of an object that loses its name: an open file becomes an orphan (reclaimed at
   * its last close), anything else is deleted. Caller holds the lock.
   *
   * @return what to do after the batch commits (delete the data file), or null
   */
  private @Nullable Runnable drop(Txn txn, Inode inode, Instant now) {
    OpenObject o = inode.type() == ObjectType.FILE ? dfs.objects.get(inode.id()) : null;
    if (o != null) {
      Inode orphan = inode.withFlags(inode.flags() | Inode.ORPHAN)
          .withLocation(null, null, 0, EngineVolume.later(now, inode.ctime()), dfs.nextChange());
      txn.putInode(orphan);
      txn.put(store.orphans, Codec.idKey(inode.id()), new byte[0]);
      return null;
    }
    volume.deleteObject(txn, inode);
    if (inode.type() == ObjectType.FILE && !inode.inline()) {
      return () -> dfs.objects.deleteDataFile(volume, inode.id());
    }
    return null;
  }

  void rename(ObjectId srcParent, String srcName, ObjectId dstParent, String dstName, RenameMode mode) {
    Limits.checkName(srcName);
    Limits.checkName(dstName);
    volume.checkId(srcParent);
    volume.checkId(dstParent);
    Runnable after = null;
    dfs.ns.lock();
    try {
      Inode sdir = dir(srcParent);
      Inode ddir = srcParent.equals(dstParent) ? sdir : dir(dstParent);
      MetaCache.Entry se = volume.entry(srcParent, srcName);
      if (se == null) {
        throw new DfsException(ErrorKind.NOT_FOUND, "name: '" + srcName + "' in " + srcParent + " does not exist");
      }
      MetaCache.Entry de = volume.entry(dstParent, dstName);
      if (mode == RenameMode.EXCHANGE && de == null) {
        throw new DfsException(ErrorKind.NOT_FOUND, "name: '" + dstName + "' in " + dstParent + " does not exist");
      }
      boolean same = srcParent.equals(dstParent) && srcName.equals(dstName);
      if (de != null && mode == RenameMode.NO_REPLACE) {
        throw new DfsException(ErrorKind.EXISTS, "name: '" + dstName + "' in " + dstParent + " exists");
      }
      if (same) {
        return;
      }
      ObjectId sid = se.id();
      ObjectType stype = se.type();
      if (stype == ObjectType.DIRECTORY && isAncestorOrSelf(sid, dstParent)) {
        throw new DfsException(ErrorKind.INVALID_ARGUMENT,
            "rename of directory '" + srcName + "' into its own subtree (expected: a destination outside it)");
      }
      Inode sino = volume.inode(sid);
      Inode dino = null;
      ObjectType dtype = null;
      if (de != null) {
        ObjectId did = de.id();
        dtype = de.type();
        if (did.equals(sid)) {
          return;
        }
        dino = volume.storedInode(did);
        if (mode == RenameMode.EXCHANGE) {
          if (dtype == ObjectType.DIRECTORY && isAncestorOrSelf(did, srcParent)) {
            throw new DfsException(ErrorKind.INVALID_ARGUMENT,
                "exchange of directory '" + dstName + "' into its own subtree (expected: a destination outside it)");
          }
        } else if (stype == ObjectType.DIRECTORY && dtype != ObjectType.DIRECTORY) {
          throw new DfsException(ErrorKind.NOT_DIRECTORY,
              "rename of directory '" + srcName + "' over " + dtype + " '" + dstName + "' (expected: a directory)");
        } else if (stype != ObjectType.DIRECTORY && dtype == ObjectType.DIRECTORY) {
          throw new DfsException(ErrorKind.IS_DIRECTORY,
              "rename of " + stype + " '" + srcName + "' over directory '" + dstName + "' (expected: not a directory)");
        } else if (dtype == ObjectType.DIRECTORY && dino != null && dino.size() > 0) {
          throw new DfsException(ErrorKind.NOT_EMPTY, "directory: '" + dstName + "' in " + dstParent + " has " + dino.size() + " entries");
        } else if (dino != null) {
          // Replacing the destination destroys it; moving a retained file itself is allowed.
          volume.checkNotRetained(dino, "rename of '" + srcName + "' over '" + dstName + "'");
        }
      }
      Instant now = dfs.now();
      boolean sameDir = srcParent.equals(dstParent);
      DirUpdate su = new DirUpdate(sdir);
      DirUpdate du = sameDir ? su : new DirUpdate(ddir);
      // Every name that gets an object gets a new position in its directory, above all others
      // (Volume#readdirByPosition): to a listing in progress the moved entry is a new insert.
      MetaCache.Entry newSrc = null;
      MetaCache.Entry newDst;
      if (mode == RenameMode.EXCHANGE) {
        su.remove(stype);
        du.remove(dtype);
        newSrc = new MetaCache.Entry(de.id(), dtype, su.insert(dtype));
        newDst = new MetaCache.Entry(sid, stype, du.insert(stype));
      } else {
        su.remove(stype);
        if (de != null) {
          du.remove(dtype);
        }
        newDst = new MetaCache.Entry(sid, stype, du.insert(stype));
      }
      Inode movedSrc = sino.withLocation(dstParent, dstName, newDst.position(),
          EngineVolume.later(now, sino.ctime()), dfs.nextChange());
      Inode finalDino = dino;
      try (Txn txn = volume.txn()) {
        // Deletes first: a put of the same key later in the batch wins.
        txn.deleteEntry(srcParent, srcName, se);
        if (de != null) {
          txn.deleteEntry(dstParent, dstName, de);
        }
        if (mode == RenameMode.EXCHANGE) {
          if (finalDino != null) {
            Inode movedDst = finalDino.withLocation(srcParent, srcName, newSrc.position(),
                EngineVolume.later(now, finalDino.ctime()), dfs.nextChange());
            txn.putNamed(movedDst);
            touchOpen(movedDst);
            renamed(txn, movedDst, dstParent, dstName);
          } else {
            // The destination names a missing object (a damaged store): the name moves alone.
            txn.putEntry(srcParent, srcName, newSrc);
          }
        } else if (finalDino != null) {
          after = drop(txn, finalDino, now);
          removed(txn, finalDino, dstParent, dstName);
        }
        txn.putNamed(movedSrc);
        touchOpen(movedSrc);
        renamed(txn, movedSrc, srcParent, srcName);
        txn.putInode(su.updated(now, dfs.nextChange()));
        if (!sameDir) {
          txn.putInode(du.updated(now, dfs.nextChange()));
        }
        txn.commit(false);
      }
    } finally {
      dfs.ns.unlock();
    }
    if (after != null) {
      after.run();
    }
  }

  /** Publishes the loss of a name; the change counter is the one the object had. */
  private void removed(Txn txn, Inode inode, ObjectId parent, String name) {
    if (!dfs.watch.active()) {
      return; // no subscriber: no event built on the remove path
    }
    dfs.watch.onCommit(txn, volume, new ChangeEvent(ChangeKind.REMOVED, inode.id(), inode.type(), parent, name, null,
        null, inode.change()));
  }

  private void renamed(Txn txn, Inode moved, ObjectId fromParent, String fromName) {
    if (!dfs.watch.active()) {
      return; // no subscriber: no event built on the rename path
    }
    dfs.watch.onCommit(txn, volume, new ChangeEvent(ChangeKind.RENAMED, moved.id(), moved.type(), moved.parent(),
        moved.name(), fromParent, fromName, moved.change()));
  }

  private void touchOpen(Inode inode) {
    if (inode.type() == ObjectType.FILE) {
      OpenObject o = dfs.objects.get(inode.id());
      if (o != null) {
        o.touchAttributes(inode.ctime(), inode.change());
      }
    }
  }

  /** Whether {@code ancestor} is {@code dir} or one of its ancestors, by the back-pointers. */
  private boolean isAncestorOrSelf(ObjectId ancestor, ObjectId dir) {
    ObjectId cur = dir;
    for (int depth = 0; cur != null; depth++) {
      if (cur.equals(ancestor)) {
        return true;
      }
      if (depth > 1_000_000) {
        throw new DfsException(ErrorKind.IO_ERROR, "directory " + dir + " has a parent cycle");
      }
      Inode inode = volume.storedInode(cur);
      cur = inode == null ? null : inode.parent();
    }
    return false;
  }

  Attributes link(ObjectId id, ObjectId parent, String name, RenameMode mode) {
    if (mode == RenameMode.EXCHANGE) {
      throw new DfsException(ErrorKind.INVALID_ARGUMENT, "link mode: EXCHANGE (expected: REPLACE or NO_REPLACE)");
    }
    Limits.checkName(name);
    volume.checkId(parent);
    Runnable after = null;
    Inode linked;
    dfs.ns.lock();
    try {
      Inode inode = volume.inode(id);
      if (!inode.orphan() || inode.parent() != null || inode.type() != ObjectType.FILE) {
        throw new DfsException(ErrorKind.INVALID_ARGUMENT,
            "object " + id + " already has a name (expected: an unlinked object from createUnlinked)");
      }
      Inode dir = dir(parent);
      MetaCache.Entry de = volume.entry(parent, name);
      Inode dino = null;
      if (de != null) {
        if (mode == RenameMode.NO_REPLACE) {
          throw new DfsException(ErrorKind.EXISTS, "name: '" + name + "' in " + parent + " exists");
        }
        if (de.type() == ObjectType.DIRECTORY) {
          throw new DfsException(ErrorKind.IS_DIRECTORY, "name: '" + name + "' in " + parent + " is a directory");
        }
        dino = volume.storedInode(de.id());
        if (dino != null) {
          volume.checkNotRetained(dino, "link of " + id + " over '" + name + "'");
        }
      }
      Instant now = dfs.now();
      DirUpdate d = new DirUpdate(dir);
      if (de != null) {
        d.remove(de.type());
      }
      long position = d.insert(ObjectType.FILE);
      linked = inode.withFlags(inode.flags() & ~Inode.ORPHAN)
          .withLocation(parent, name, position, EngineVolume.later(now, inode.ctime()), dfs.nextChange());
      Inode newDir = d.updated(now, dfs.nextChange());
      try (Txn txn = volume.txn()) {
        if (de != null) {
          txn.deleteEntry(parent, name, de);
        }
        txn.putNamed(linked);
        txn.delete(store.orphans, Codec.idKey(id));
        txn.putInode(newDir);
        if (dino != null) {
          after = drop(txn, dino, now);
          removed(txn, dino, parent, name);
        }
        dfs.watch.onCommit(txn, volume, ChangeKind.CREATED, linked);
        txn.commit(false);
      }
      touchOpen(linked);
      if (linked.retained()) {
        // A retention set while it had no name takes effect now, on the handles open too.
        OpenObject o = dfs.objects.get(id);
        if (o != null) {
          o.retention = volume.retention(linked);
        }
      }
    } finally {
      dfs.ns.unlock();
    }
    if (after != null) {
      after.run();
    }
    return volume.attributes(volume.inode(id));
  }

  /**
   * The new state of one directory in a namespace change: its entry count, its number of
   * subdirectories (its link count less 2) and the positions it gives, all kept in its inode, so
   * that none of them costs a scan or an extra write.
   */
  private static final class DirUpdate {
    private final Inode dir;
    private long size;
    private int subdirs;
    private long last;

    DirUpdate(Inode dir) {
      this.dir = dir;
      this.size = dir.size();
      this.subdirs = dir.subdirs();
      this.last = dir.lastPosition();
    }

    /** Counts a new entry of {@code type} and returns its position, above every one given before. */
    long insert(ObjectType type) {
      if (last == Long.MAX_VALUE) {
        throw new DfsException(ErrorKind.NO_SPACE, "directory " + dir.id()
            + " has given every position up to " + Long.MAX_VALUE + " (expected: one left for a new entry)");
      }
      size++;
      if (type == ObjectType.DIRECTORY) {
        subdirs++;
      }
      return ++last;
    }

    /** Counts an entry of {@code type} going away. */
    void remove(@Nullable ObjectType type) {
      size--;
      if (type == ObjectType.DIRECTORY) {
        subdirs--;
      }
    }

    Inode updated(Instant now, long change) {
      return dir.withEntries(size, subdirs, last, EngineVolume.later(now, dir.mtime()), change);
    }
  }
}
