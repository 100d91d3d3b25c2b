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
      MetaCache.Entry e = volume.entry(parent, name);
      if (e == null) {
        dir(parent);
        throw new DfsException(ErrorKind.NOT_FOUND, "name: '" + name + "' in " + parent + " does not exist");
      }
      Inode inode = volume.storedInode(e.id());
      if (inode != null) {
        return volume.attributes(inode);
      }
      if (attempt > 1000) {
        throw new DfsException(ErrorKind.IO_ERROR, "entry '" + name + "' in " + parent + " names missing object " + e.id());
      }
      // The entry was removed between the two reads: look again.
      Thread.onSpinWait();
    }
  }

  private Inode newInode(ObjectType type, int flags, int mode, Ownership owner, long size,
      @Nullable ObjectId parent, @Nullable String name, @Nullable String target, Instant now) {
    ObjectId id = new ObjectId(volume.record.volId(), dfs.ids.next());
    return new Inode(id, type, flags, mode, owner.uid(), owner.gid(), size, 0, now, now, now, now,
        dfs.nextChange(), parent, name, target);
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
      commitNew(inode, dir, now);
      return inode.toAttributes();
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
      commitNew(inode, dir, now);
      return inode.toAttributes();
    } finally {
      dfs.ns.unlock();
    }
  }

  private void commitNew(Inode inode, Inode dir, Instant now) {
    Inode newDir = dir.withEntries(dir.size() + 1, EngineVolume.later(now, dir.mtime()), dfs.nextChange());
    try (Txn txn = volume.txn()) {
      txn.putEntry(dir.id(), inode.name(), new MetaCache.Entry(inode.id(), inode.type()));
      txn.putInode(inode);
      txn.putInode(newDir);
      volume.count(txn, +1);
      dfs.watch.onCommit(txn, volume, ChangeKind.CREATED, inode);
      txn.commit(false);
    }
  }

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
        txn.commit(false);
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
      MetaCache.Entry e = volume.entry(parent, name);
      if (e == null) {
        throw new DfsException(ErrorKind.NOT_FOUND, "name: '" + name + "' in " + parent + " does not exist");
      }
      child = e.id();
      ObjectType type = e.type();
      if (kind == RemoveKind.NOT_DIRECTORY && type == ObjectType.DIRECTORY) {
        throw new DfsException(ErrorKind.IS_DIRECTORY, "name: '" + name + "' in " + parent + " is a directory");
      }
      if (kind == RemoveKind.DIRECTORY && type != ObjectType.DIRECTORY) {
        throw new DfsException(ErrorKind.NOT_DIRECTORY, "name: '" + name + "' in " + parent + " is a " + type);
      }
      Inode inode = volume.storedInode(child);
      if (inode != null && type == ObjectType.DIRECTORY && inode.size() > 0) {
        throw new DfsException(ErrorKind.NOT_EMPTY, "directory: '" + name + "' in " + parent + " has " + inode.size() + " entries");
      }
      Instant now = dfs.now();
      Inode newDir = dir.withEntries(dir.size() - 1, EngineVolume.later(now, dir.mtime()), dfs.nextChange());
      try (Txn txn = volume.txn()) {
        txn.deleteEntry(parent, name);
        txn.putInode(newDir);
        if (inode != null) {
          after = drop(txn, inode, now);
          removed(txn, inode, parent, name);
        }
        txn.commit(false);
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
          .withLocation(null, null, EngineVolume.later(now, inode.ctime()), dfs.nextChange());
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
        }
      }
      Instant now = dfs.now();
      boolean sameDir = srcParent.equals(dstParent);
      long srcDelta;
      long dstDelta;
      if (mode == RenameMode.EXCHANGE || de != null) {
        srcDelta = mode == RenameMode.EXCHANGE ? 0 : -1;
        dstDelta = 0;
      } else {
        srcDelta = -1;
        dstDelta = +1;
      }
      Inode movedSrc = sino.withLocation(dstParent, dstName, EngineVolume.later(now, sino.ctime()), dfs.nextChange());
      Inode finalDino = dino;
      try (Txn txn = volume.txn()) {
        if (mode == RenameMode.EXCHANGE) {
          txn.putEntry(srcParent, srcName, de);
          txn.putEntry(dstParent, dstName, se);
          if (finalDino != null) {
            Inode movedDst = finalDino.withLocation(srcParent, srcName,
                EngineVolume.later(now, finalDino.ctime()), dfs.nextChange());
            txn.putInode(movedDst);
            touchOpen(movedDst);
            renamed(txn, movedDst, dstParent, dstName);
          }
        } else {
          txn.deleteEntry(srcParent, srcName);
          txn.putEntry(dstParent, dstName, se);
          if (finalDino != null) {
            after = drop(txn, finalDino, now);
            removed(txn, finalDino, dstParent, dstName);
          }
        }
        txn.putInode(movedSrc);
        touchOpen(movedSrc);
        renamed(txn, movedSrc, srcParent, srcName);
        if (sameDir) {
          txn.putInode(sdir.withEntries(sdir.size() + srcDelta + dstDelta, EngineVolume.later(now, sdir.mtime()), dfs.nextChange()));
        } else {
          txn.putInode(sdir.withEntries(sdir.size() + srcDelta, EngineVolume.later(now, sdir.mtime()), dfs.nextChange()));
          txn.putInode(ddir.withEntries(ddir.size() + dstDelta, EngineVolume.later(now, ddir.mtime()), dfs.nextChange()));
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
    dfs.watch.onCommit(txn, volume, new ChangeEvent(ChangeKind.REMOVED, inode.id(), inode.type(), parent, name, null,
        null, inode.change()));
  }

  private void renamed(Txn txn, Inode moved, ObjectId fromParent, String fromName) {
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
      }
      Instant now = dfs.now();
      linked = inode.withFlags(inode.flags() & ~Inode.ORPHAN)
          .withLocation(parent, name, EngineVolume.later(now, inode.ctime()), dfs.nextChange());
      Inode newDir = dir.withEntries(dir.size() + (de == null ? 1 : 0), EngineVolume.later(now, dir.mtime()), dfs.nextChange());
      try (Txn txn = volume.txn()) {
        txn.putEntry(parent, name, new MetaCache.Entry(id, ObjectType.FILE));
        txn.putInode(linked);
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
    } finally {
      dfs.ns.unlock();
    }
    if (after != null) {
      after.run();
    }
    return volume.attributes(volume.inode(id));
  }
}
