package dev.estuary.dfs.engine.internal;

import dev.estuary.dfs.Attributes;
import dev.estuary.dfs.CaseLookup;
import dev.estuary.dfs.ChangeKind;
import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.DirCursor;
import dev.estuary.dfs.DirPage;
import dev.estuary.dfs.DirPositionPage;
import dev.estuary.dfs.ErrorKind;
import dev.estuary.dfs.FileHandle;
import dev.estuary.dfs.FsStats;
import dev.estuary.dfs.Limits;
import dev.estuary.dfs.Location;
import dev.estuary.dfs.LockSession;
import dev.estuary.dfs.ObjectId;
import dev.estuary.dfs.ObjectType;
import dev.estuary.dfs.OpenMode;
import dev.estuary.dfs.Ownership;
import dev.estuary.dfs.RemoveKind;
import dev.estuary.dfs.RenameMode;
import dev.estuary.dfs.Retention;
import dev.estuary.dfs.RetentionMode;
import dev.estuary.dfs.SetAttributes;
import dev.estuary.dfs.Volume;
import dev.estuary.dfs.WatchListener;
import dev.estuary.dfs.WatchScope;
import dev.estuary.dfs.WatchSubscription;
import dev.estuary.dfs.XattrMode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * One volume of the engine. Reads go straight to RocksDB; each mutation runs under the namespace
 * lock and commits one write batch holding the entries, the inodes (including the parent
 * directory's entry count, times and change counter), the orphan marks and the object count.
 * Namespace operations are in {@link Namespace}; this class holds attributes, xattrs and I/O entry
 * points.
 */
public final class EngineVolume implements Volume {
  final EngineDfs dfs;
  final VolumeRecord record;
  final MetaStore store;
  final Namespace namespace;
  final DirListing listing;
  final CaseIndex caseIndex;
  private final Path objectsDir;
  /**
   * Number of objects (inodes) in the volume; guarded by the namespace lock. Stored in every batch
   * that changes it ({@link #count}), so no start-up has to recount a volume.
   */
  long objectCount;
  volatile boolean deleted;

  EngineVolume(EngineDfs dfs, VolumeRecord record, long objectCount) {
    this.dfs = dfs;
    this.record = record;
    this.store = dfs.store;
    this.objectCount = objectCount;
    this.objectsDir = dfs.objectsDir.resolve(volumeDirName(record.volId()));
    this.namespace = new Namespace(this);
    this.listing = new DirListing(this);
    this.caseIndex = new CaseIndex(this);
  }

  static String volumeDirName(long volId) {
    return HexFormat.of().toHexDigits(volId);
  }

  static byte[] countKey(long volId) {
    byte[] b = new byte[13];
    System.arraycopy("count".getBytes(StandardCharsets.US_ASCII), 0, b, 0, 5);
    Codec.putLong(b, 5, volId);
    return b;
  }

  static void checkMode(int mode) {
    Limits.checkMode(mode);
  }

  Path dataPath(ObjectId id) {
    return objectsDir.resolve(HexFormat.of().toHexDigits((byte) id.lo())).resolve(id.toString());
  }

  /** The data file of an object under the engine's {@code objects} directory. */
  static Path dataPath(Path objectsDir, ObjectId id) {
    return objectsDir.resolve(volumeDirName(id.hi()))
        .resolve(HexFormat.of().toHexDigits((byte) id.lo())).resolve(id.toString());
  }

  /**
   * Runs one public operation: rejects it on a closed engine or a deleted volume, and keeps the
   * engine from closing underneath it (see {@link EngineDfs#enter()}). Calls are counted by the
   * backend-neutral metrics decorator ({@code dev.estuary.dfs.decorate.MeteredDfs}), not here.
   */
  private <T> T call(Supplier<T> body) {
    long guard = dfs.enter();
    try {
      check();
      return body.get();
    } finally {
      dfs.exit(guard);
    }
  }

  /** {@link #call} for operations without a result. */
  private void run(Runnable body) {
    call(() -> {
      body.run();
      return null;
    });
  }

  /** Fails unless the engine is open and the volume exists. */
  void check() {
    dfs.checkOpen();
    if (deleted) {
      throw new DfsException(ErrorKind.STALE, "volume: '" + record.name() + "' was deleted");
    }
  }

  void checkId(ObjectId id) {
    if (id.hi() != record.volId()) {
      throw new DfsException(ErrorKind.STALE,
          "object " + id + " does not belong to volume '" + record.name() + "'");
    }
  }

  /** Reads an inode (through the cache), or null if absent. */
  @Nullable Inode storedInode(ObjectId id) {
    Inode cached = dfs.cache.inode(id);
    if (cached != null) {
      return cached;
    }
    long gen = dfs.cache.generation();
    if (dfs.cache.goneInode(id)) {
      return null; // a deferred change deleted it; RocksDB has it until that is written
    }
    byte[] v = store.get(store.inodes, Codec.idKey(id));
    if (v == null) {
      return null;
    }
    Inode inode = Codec.decodeInode(id, v);
    if (dfs.cache.seenBefore(id)) {
      dfs.cache.fillInode(gen, inode);
    }
    return inode;
  }

  /** Reads a directory entry (through the cache), or null if absent. */
  MetaCache.@Nullable Entry entry(ObjectId parent, String name) {
    MetaCache.Entry cached = dfs.cache.entry(parent, name);
    if (cached != null) {
      return cached;
    }
    Named n = readNamed(parent, name);
    return n == null ? null : n.entry();
  }

  /**
   * A directory entry and the inode it names.
   *
   * @param entry the entry
   * @param inode the inode, or null if it was removed between two reads (look again)
   */
  record Named(MetaCache.Entry entry, @Nullable Inode inode) {}

  /**
   * Reads a name and the inode it names: from the cache, else with ONE RocksDB read, the entry
   * carrying the inode's copy ({@link Codec#encodeEntry(Inode)}); both go into the cache at its
   * second read ({@link MetaCache#seenBefore}).
   *
   * @return null if the name does not exist
   */
  @Nullable Named named(ObjectId parent, String name) {
    MetaCache.Entry cached = dfs.cache.entry(parent, name);
    if (cached != null) {
      return new Named(cached, storedInode(cached.id()));
    }
    return readNamed(parent, name);
  }

  private @Nullable Named readNamed(ObjectId parent, String name) {
    long gen = dfs.cache.generation();
    if (dfs.cache.goneEntry(parent, name)) {
      return null; // a deferred change deleted it; RocksDB has it until that is written
    }
    byte[] v = store.get(store.entries, Codec.nameKey(parent, name));
    if (v == null) {
      return null;
    }
    MetaCache.Entry e = Codec.decodeEntry(v);
    // Both go into the cache from the name's second read on (MetaCache#seenBefore).
    boolean fill = dfs.cache.seenBefore(parent, name);
    if (fill) {
      dfs.cache.fillEntry(gen, parent, name, e);
    }
    Inode inode = Codec.decodeEntryInode(parent, name, v);
    if (inode == null) {
      // An entry without the copy (written by fsck): the record by id.
      return new Named(e, storedInode(e.id()));
    }
    Inode pinned = dfs.cache.pinned(inode.id());
    if (pinned != null) {
      // A deferred change rewrote it (a directory a deferred create added to): RocksDB is behind.
      return new Named(e, pinned);
    }
    if (fill) {
      dfs.cache.fillInode(gen, inode);
    }
    return new Named(e, inode);
  }

  Txn txn() {
    return dfs.txn();
  }

  /**
   * Moves the object count and stores it in the batch; caller holds the lock. One small put in a
   * batch that already writes several keys (measured in bench/README.md, issue 10 round 3), where a
   * lazily stored count cost a scan of every inode at each start-up after a crash.
   */
  void count(Txn txn, int delta) {
    objectCount += delta;
    txn.put(store.meta, countKey(record.volId()), Codec.encodeLong(objectCount));
  }

  /** Reads an inode, failing with STALE if absent. */
  Inode inode(ObjectId id) {
    checkId(id);
    Inode inode = storedInode(id);
    if (inode == null) {
      throw new DfsException(ErrorKind.STALE, "object " + id + " does not exist");
    }
    return inode;
  }

  /** The attributes of an inode, with the in-memory state of an open file merged in. */
  Attributes attributes(Inode inode) {
    if (inode.type() != ObjectType.FILE) {
      return inode.toAttributes();
    }
    OpenObject o = dfs.objects.get(inode.id());
    if (o == null) {
      return inode.toAttributes();
    }
    synchronized (o) {
      return new Attributes(inode.id(), inode.type(), inode.mode(), inode.uid(), inode.gid(), o.size,
          o.allocatedBytes(), o.atime, o.mtime, later(inode.ctime(), o.ctime), inode.btime(),
          Math.max(inode.change(), o.change), inode.id().lo(), inode.linkCount());
    }
  }

  static Instant later(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  /** Queues the deletion of an object that has no name any more; caller holds the lock. */
  void deleteObject(Txn txn, Inode inode) {
    byte[] key = Codec.idKey(inode.id());
    txn.deleteInode(inode.id());
    if (inode.hasXattrs()) {
      txn.deleteRangeOfGone(store.xattrs, key, Codec.prefixEnd(key));
    }
    if (inode.inline() && inode.size() > 0) {
      // The inline key exists exactly when a stored inline file has bytes (ObjectTable.persist).
      txn.delete(store.inline, key);
    }
    if (inode.orphan()) {
      txn.delete(store.orphans, key);
    }
    if (inode.type() == ObjectType.FILE && !inode.inline()) {
      // Its data file goes after the next WAL sync (DeferredDeletes), or at start-up.
      dfs.pending.markDeleting(txn, inode.id());
    }
    count(txn, -1);
  }

  @Override
  public String name() {
    return record.name();
  }

  @Override
  public ObjectId root() {
    return record.root();
  }

  @Override
  public Attributes getAttributes(ObjectId id) {
    return call(() -> attributes(inode(id)));
  }

  @Override
  public Attributes setAttributes(ObjectId id, SetAttributes changes) {
    return call(() -> {
      Inode inode = inode(id);
      if (changes.isEmpty()) {
        return attributes(inode);
      }
      OpenObject o = null;
      if (changes.size() != null) {
        if (inode.type() == ObjectType.DIRECTORY) {
          throw new DfsException(ErrorKind.IS_DIRECTORY, "object " + id + " is a directory (expected: a file to resize)");
        }
        if (inode.type() == ObjectType.SYMLINK) {
          throw new DfsException(ErrorKind.INVALID_ARGUMENT, "object " + id + " is a symlink (expected: a file to resize)");
        }
        o = dfs.objects.acquire(this, id);
      }
      try {
        if (o != null) {
          o.checkMutable(dfs.now(), "resize");
          try {
            o.truncate(changes.size(), dfs.now(), dfs.nextChange());
          } catch (IOException e) {
            throw new DfsException(ErrorKind.IO_ERROR, "resize of " + id + " failed: " + e, e);
          }
        }
        dfs.ns.lock();
        try {
          inode = inode(id);
          Instant now = dfs.now();
          long change = dfs.nextChange();
          OpenObject open = o != null ? o : dfs.objects.get(id);
          Instant mtime = changes.modifyTime() != null ? changes.modifyTime() : inode.mtime();
          Instant atime = changes.accessTime() != null ? changes.accessTime() : inode.atime();
          Inode updated = inode.withSet(
              changes.mode() != null ? changes.mode() : inode.mode(),
              changes.uid() != null ? changes.uid() : inode.uid(),
              changes.gid() != null ? changes.gid() : inode.gid(),
              atime, mtime,
              changes.birthTime() != null ? changes.birthTime() : inode.btime(),
              later(now, inode.ctime()), Math.max(change, inode.change()));
          try (Txn txn = txn()) {
            txn.putInode(updated);
            dfs.watch.onSetAttributes(txn, this, changes, updated);
            txn.commit(false);
          }
          if (open != null) {
            open.setTimes(changes.accessTime(), changes.modifyTime(), updated.ctime(), updated.change());
          }
        } finally {
          dfs.ns.unlock();
        }
      } finally {
        if (o != null) {
          dfs.objects.release(o);
        }
      }
      return attributes(inode(id));
    });
  }

  @Override
  public Optional<Location> location(ObjectId id) {
    return call(() -> {
      Inode inode = inode(id);
      if (inode.parent() == null || inode.name() == null) {
        return Optional.empty();
      }
      return Optional.of(new Location(inode.parent(), inode.name()));
    });
  }

  @Override
  public Attributes lookup(ObjectId parent, String name) {
    return call(() -> namespace.lookup(parent, name));
  }

  @Override
  public Attributes create(ObjectId parent, String name, int mode, Ownership owner, boolean exclusive) {
    return call(() -> namespace.create(parent, name, mode, owner, exclusive));
  }

  @Override
  public Attributes mkdir(ObjectId parent, String name, int mode, Ownership owner) {
    return call(() -> namespace.make(parent, name, ObjectType.DIRECTORY, mode, owner, null));
  }

  @Override
  public Attributes symlink(ObjectId parent, String name, String target, Ownership owner) {
    return call(() -> {
      Limits.checkSymlinkTarget(target);
      return namespace.make(parent, name, ObjectType.SYMLINK, 0777, owner, target);
    });
  }

  @Override
  public String readlink(ObjectId id) {
    return call(() -> {
      Inode inode = inode(id);
      if (inode.type() != ObjectType.SYMLINK || inode.target() == null) {
        throw new DfsException(ErrorKind.NOT_SYMLINK, "object " + id + " is a " + inode.type() + " (expected: SYMLINK)");
      }
      return inode.target();
    });
  }

  @Override
  public ObjectId remove(ObjectId parent, String name, RemoveKind kind) {
    return call(() -> namespace.remove(parent, name, kind));
  }

  @Override
  public void rename(ObjectId srcParent, String srcName, ObjectId dstParent, String dstName, RenameMode mode) {
    run(() -> namespace.rename(srcParent, srcName, dstParent, dstName, mode));
  }

  @Override
  public Attributes createUnlinked(int mode, Ownership owner) {
    return call(() -> namespace.createUnlinked(mode, owner));
  }

  @Override
  public Attributes link(ObjectId id, ObjectId parent, String name, RenameMode mode) {
    return call(() -> namespace.link(id, parent, name, mode));
  }

  @Override
  public DirPage readdir(ObjectId dir, DirCursor from, int maxEntries, boolean withAttributes) {
    return call(() -> listing.readdir(dir, from, maxEntries, withAttributes));
  }

  @Override
  public DirPositionPage readdirByPosition(
      ObjectId dir, long afterPosition, int maxEntries, boolean withAttributes) {
    return call(
        () -> listing.readdirByPosition(dir, afterPosition, maxEntries, withAttributes));
  }

  @Override
  public CaseLookup lookupIgnoreCase(ObjectId parent, String name) {
    return call(() -> caseIndex.lookup(parent, name));
  }

  @Override
  public DirCursor cursorAfter(String name) {
    return DirListing.cursorAfter(name);
  }

  @Override
  public FileHandle open(ObjectId id, OpenMode mode) {
    return call(() -> {
      checkId(id);
      return new EngineHandle(this, dfs.objects.acquire(this, id), mode);
    });
  }

  @Override
  public byte[] getXattr(ObjectId id, String name) {
    return call(() -> {
      checkId(id);
      if (dfs.cache.goneInode(id)) {
        inode(id); // STALE: its xattrs are still in RocksDB until a deferred remove is written
      }
      // The empty name is the retention record's key (Codec#encodeRetention), never an xattr.
      byte[] v = name.isEmpty() ? null : store.get(store.xattrs, Codec.nameKey(id, name));
      if (v == null) {
        inode(id);
        throw new DfsException(ErrorKind.NO_SUCH_XATTR, "xattr: '" + name + "' of " + id + " does not exist");
      }
      return v;
    });
  }

  @Override
  public void setXattr(ObjectId id, String name, byte[] value, XattrMode mode) {
    run(() -> {
      Limits.checkXattr(name, value.length);
      byte[] key = Codec.nameKey(id, name);
      byte[] copy = value.clone();
      dfs.ns.lock();
      try {
        Inode inode = inode(id);
        if (Retention.protects(name)) {
          checkNotRetained(inode, "setting xattr '" + name + "'");
        }
        boolean exists = store.get(store.xattrs, key) != null;
        if (exists && mode == XattrMode.CREATE) {
          throw new DfsException(ErrorKind.EXISTS, "xattr: '" + name + "' of " + id + " exists");
        }
        if (!exists && mode == XattrMode.REPLACE) {
          throw new DfsException(ErrorKind.NO_SUCH_XATTR, "xattr: '" + name + "' of " + id + " does not exist");
        }
        Inode touched = touch(inode);
        try (Txn txn = txn()) {
          txn.put(store.xattrs, key, copy);
          txn.putInode(touched.hasXattrs() ? touched : touched.withFlags(touched.flags() | Inode.XATTRS));
          dfs.watch.onCommit(txn, this, ChangeKind.XATTRS, touched);
          txn.commit(false);
        }
      } finally {
        dfs.ns.unlock();
      }
    });
  }

  @Override
  public void removeXattr(ObjectId id, String name) {
    run(() -> {
      byte[] key = Codec.nameKey(id, name);
      dfs.ns.lock();
      try {
        Inode inode = inode(id);
        if (name.isEmpty() || store.get(store.xattrs, key) == null) {
          throw new DfsException(ErrorKind.NO_SUCH_XATTR, "xattr: '" + name + "' of " + id + " does not exist");
        }
        if (Retention.protects(name)) {
          checkNotRetained(inode, "removing xattr '" + name + "'");
        }
        Inode touched = touch(inode);
        try (Txn txn = txn()) {
          txn.delete(store.xattrs, key);
          txn.putInode(touched);
          dfs.watch.onCommit(txn, this, ChangeKind.XATTRS, touched);
          txn.commit(false);
        }
      } finally {
        dfs.ns.unlock();
      }
    });
  }

  @Override
  public List<String> listXattrs(ObjectId id) {
    return call(() -> {
      inode(id);
      dfs.flushPending(); // a scan of RocksDB must see a deferred change (Txn#defer)
      byte[] prefix = Codec.idKey(id);
      java.util.ArrayList<String> names = new java.util.ArrayList<>();
      try (MetaStore.BoundedIterator it = store.iterator(store.xattrs, prefix)) {
        for (it.seekToFirst(); it.valid(); it.next()) {
          byte[] key = it.key();
          if (key.length > prefix.length) { // the bare id is the retention record
            names.add(Codec.keyName(key));
          }
        }
      }
      return List.copyOf(names);
    });
  }

  @Override
  public WatchSubscription watch(ObjectId target, WatchScope scope, int queueCapacity, Executor executor,
      WatchListener listener) {
    return call(() -> {
      Inode inode = inode(target);
      if (scope != WatchScope.OBJECT && inode.type() != ObjectType.DIRECTORY) {
        throw new DfsException(ErrorKind.NOT_DIRECTORY,
            "watch target " + target + " is a " + inode.type() + " (expected: DIRECTORY for scope " + scope + ")");
      }
      return dfs.watch.subscribe(target, scope, queueCapacity, executor, listener);
    });
  }

  @Override
  public LockSession openSession(String description) {
    return call(() -> dfs.sessions.open(this, description));
  }

  // ---- Retention ----

  /** The retention of an inode: read from its record if the inode says it has one. */
  Retention retention(Inode inode) {
    if (!inode.retained()) {
      return Retention.NONE;
    }
    byte[] v = store.get(store.xattrs, Codec.idKey(inode.id()));
    return v == null ? Retention.NONE : Codec.decodeRetention(inode.id(), v);
  }

  /**
   * Refuses an operation that would remove, replace or change a file under retention or legal
   * hold; caller holds the lock. Costs nothing for a file without a retention record. An unlinked
   * object is not protected yet (see {@link dev.estuary.dfs.Volume#setRetention}).
   */
  void checkNotRetained(Inode inode, String action) {
    if (!inode.retained() || inode.orphan()) {
      return;
    }
    Instant now = dfs.now();
    Retention r = retention(inode);
    if (r.inEffect(now)) {
      throw retained(inode.id(), r, now, action);
    }
  }

  /** The error for an operation refused by a retention in effect. */
  static DfsException retained(ObjectId id, Retention r, Instant now, String action) {
    StringBuilder why = new StringBuilder();
    if (r.periodInEffect(now)) {
      why.append(r.mode()).append(" retention until ").append(r.retainUntil());
    }
    if (r.legalHold()) {
      why.append(why.isEmpty() ? "" : " and ").append("a legal hold");
    }
    return new DfsException(ErrorKind.RETAINED, action + " of object " + id + " refused: it is under "
        + why + " (expected: no legal hold and a retention date not after " + now + ")");
  }

  private Inode retainableFile(ObjectId id, String what) {
    Inode inode = inode(id);
    if (inode.type() != ObjectType.FILE) {
      throw new DfsException(ErrorKind.INVALID_ARGUMENT,
          what + " on " + inode.type() + " " + id + " (expected: a regular file)");
    }
    return inode;
  }

  @Override
  public Retention getRetention(ObjectId id) {
    return call(() -> retention(retainableFile(id, "retention")));
  }

  @Override
  public Retention setRetention(ObjectId id, @Nullable RetentionMode mode, @Nullable Instant retainUntil,
      boolean bypassGovernance) {
    return call(() -> {
      Retention.NONE.withPeriod(mode, retainUntil); // mode and date together, or neither
      dfs.ns.lock();
      try {
        Inode inode = retainableFile(id, "retention");
        Retention current = retention(inode);
        Instant now = dfs.now();
        if (current.periodInEffect(now)) {
          // Keeping or extending is always allowed; anything else only to a governance bypass.
          boolean extension = mode == current.mode() && retainUntil != null
              && !retainUntil.isBefore(current.retainUntil());
          if (!extension && (current.mode() == RetentionMode.COMPLIANCE || !bypassGovernance)) {
            throw new DfsException(ErrorKind.RETAINED, "retention of object " + id + ": "
                + current.mode() + " until " + current.retainUntil() + " cannot become "
                + (mode == null ? "none" : mode + " until " + retainUntil)
                + (current.mode() == RetentionMode.COMPLIANCE
                    ? " (expected: COMPLIANCE until " + current.retainUntil() + " or later)"
                    : " without a governance bypass (expected: GOVERNANCE until "
                        + current.retainUntil() + " or later)"));
          }
        }
        return storeRetention(inode, current.withPeriod(mode, retainUntil));
      } finally {
        dfs.ns.unlock();
      }
    });
  }

  @Override
  public Retention setLegalHold(ObjectId id, boolean on) {
    return call(() -> {
      dfs.ns.lock();
      try {
        Inode inode = retainableFile(id, "legal hold");
        return storeRetention(inode, retention(inode).withLegalHold(on));
      } finally {
        dfs.ns.unlock();
      }
    });
  }

  /**
   * Stores a file's retention (or deletes its record for {@link Retention#NONE}) with its inode
   * flags, and hands it to the open file's data paths; caller holds the lock.
   */
  private Retention storeRetention(Inode inode, Retention next) {
    Inode touched = touch(inode);
    byte[] key = Codec.idKey(inode.id());
    try (Txn txn = txn()) {
      if (next.equals(Retention.NONE)) {
        txn.delete(store.xattrs, key);
        txn.putInode(touched.withFlags(touched.flags() & ~Inode.RETAINED));
      } else {
        txn.put(store.xattrs, key, Codec.encodeRetention(next));
        txn.putInode(touched.withFlags(touched.flags() | Inode.RETAINED | Inode.XATTRS));
      }
      dfs.watch.onCommit(txn, this, ChangeKind.ATTRIBUTES, touched);
      txn.commit(false);
    }
    OpenObject o = dfs.objects.get(inode.id());
    if (o != null) {
      o.retention = next.equals(Retention.NONE) || inode.orphan() ? null : next;
    }
    return next;
  }

  /** Moves the change time and counter of an object; caller holds the lock. */
  Inode touch(Inode inode) {
    Instant now = dfs.now();
    long change = dfs.nextChange();
    Inode touched = inode.touched(later(now, inode.ctime()), Math.max(change, inode.change()));
    OpenObject o = inode.type() == ObjectType.FILE ? dfs.objects.get(inode.id()) : null;
    if (o != null) {
      o.touchAttributes(touched.ctime(), touched.change());
    }
    return touched;
  }

  @Override
  public FsStats statfs() {
    return call(() -> {
      try {
        FileStore fs = Files.getFileStore(dfs.objectsDir);
        return new FsStats(fs.getTotalSpace(), fs.getUnallocatedSpace(), fs.getUsableSpace(),
            objectCount, Limits.MAX_NAME_BYTES);
      } catch (IOException e) {
        throw new DfsException(ErrorKind.IO_ERROR, "statfs of " + dfs.objectsDir + " failed: " + e, e);
      }
    });
  }

  @Override
  public void sync() {
    run(() -> dfs.syncAll());
  }

  /**
   * {@inheritDoc}
   *
   * <p>The engine keeps every namespace change, attribute write-back and inline data in one
   * RocksDB WAL, written (not fsynced) as each change completes, so this is one WAL fsync, shared
   * with concurrent callers ({@link GroupCommit}); it covers every volume. Open files' data files
   * and attributes not yet written back are left alone.
   */
  @Override
  public void syncNamespace() {
    run(() -> dfs.syncWal());
  }

  @Override
  public String toString() {
    return "EngineVolume[" + record.name() + ", id " + volumeDirName(record.volId()) + "]";
  }
}
