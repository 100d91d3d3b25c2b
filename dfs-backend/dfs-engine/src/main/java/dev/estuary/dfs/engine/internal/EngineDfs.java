package dev.estuary.dfs.engine.internal;

import dev.estuary.dfs.Capability;
import dev.estuary.dfs.Dfs;
import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.DfsProvider;
import dev.estuary.dfs.ErrorKind;
import dev.estuary.dfs.Limits;
import dev.estuary.dfs.ObjectId;
import dev.estuary.dfs.ObjectType;
import dev.estuary.dfs.Ownership;
import dev.estuary.dfs.Retention;
import dev.estuary.dfs.Volume;
import dev.estuary.dfs.VolumeInfo;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardOpenOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.StampedLock;
import java.util.function.ToLongFunction;
import java.util.stream.Stream;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded engine: the set of volumes under one data directory. Namespace mutations are
 * serialised by one namespace lock ({@link #ns}) and each is one RocksDB write batch; reads take no
 * lock. Change counters are {@code epoch << 40 | sequence}, where the epoch is persisted and bumped
 * at every open, so they increase across restarts and crashes.
 */
public final class EngineDfs implements Dfs {
  private static final Logger LOG = LoggerFactory.getLogger(EngineDfs.class);
  private static final byte[] EPOCH_KEY = "epoch".getBytes(StandardCharsets.US_ASCII);
  static final byte[] CLEAN_KEY = "clean".getBytes(StandardCharsets.US_ASCII);
  private static final Set<Capability> CAPABILITIES = Set.copyOf(EnumSet.allOf(Capability.class));

  final EngineConfig config;
  final Path dataDirectory;
  final Path objectsDir;
  final MetaStore store;
  final IdAllocator ids;
  final Clock clock;
  final EngineMetrics metrics;
  final ObjectTable objects;
  final MetaCache cache;
  /** Serialises every namespace mutation and every inode write. */
  final NamespaceLock ns = new NamespaceLock();
  /** The write batch every {@link Txn} fills, reused to spare a native allocation per change. */
  private final WriteBatch batch = new WriteBatch();
  /** Whether {@link #batch} holds a deferred change ({@link Txn#defer()}). */
  private final Txn.Pending deferred = new Txn.Pending();
  private final AtomicLong changeSeq;
  private final ConcurrentHashMap<String, EngineVolume> volumes = new ConcurrentHashMap<>();
  private final ScheduledExecutorService flusher;
  /** Data files closed with writes not yet durable, and whether each one is new. */
  final ConcurrentHashMap<Path, Boolean> unsynced = new ConcurrentHashMap<>();
  /** The start-up work list: objects whose data file may disagree with the metadata. */
  final PendingObjects pending;
  /** Data files of reclaimed objects, deleted after the next WAL sync. */
  final DeferredDeletes deletes;
  /** Lock sessions with their byte-range locks and share reservations. */
  final Sessions sessions = new Sessions();
  /** Change events for {@link Volume#watch}. */
  final WatchHub watch = new WatchHub();
  /** WAL fsyncs of concurrent callers are shared (see {@link #syncWal}). */
  private final GroupCommit walSync = new GroupCommit(this::syncWalNow);
  private volatile boolean closed;
  /**
   * Keeps {@link #close()} from closing RocksDB (native memory) under a call in flight: every
   * public entry point holds its read side ({@link #enter()}); close sets {@link #closing}, which
   * turns new calls away, and takes the write side, which waits for the calls in flight. Readers
   * hold it for a non-blocking CAS only, so the hot path takes no contended lock.
   */
  private final StampedLock life = new StampedLock();
  private volatile boolean closing;

  /**
   * Opens the engine under a data directory.
   *
   * @param context the provider context
   * @return the open engine
   */
  public static EngineDfs open(DfsProvider.Context context) {
    return open(context, StoreTuning.DEFAULTS);
  }

  /**
   * Opens the engine with other RocksDB settings than its own, for measurements.
   *
   * @param context data directory, clock, meters and options
   * @param tuning the RocksDB table and compaction settings
   * @return the open engine
   */
  public static EngineDfs open(DfsProvider.Context context, StoreTuning tuning) {
    EngineConfig config = EngineConfig.parse(context.options());
    Path root = context.dataDirectory().toAbsolutePath();
    Path meta = root.resolve("engine").resolve("meta");
    Path objects = root.resolve("engine").resolve("objects");
    try {
      Files.createDirectories(meta);
      Files.createDirectories(objects);
    } catch (IOException e) {
      throw new DfsException(ErrorKind.IO_ERROR,
          "data directory " + root + " is not usable: " + e.getMessage(), e);
    }
    MetaStore store = MetaStore.open(meta, root, config.blockCacheBytes(), tuning);
    try {
      return new EngineDfs(context, config, root, objects, store);
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
  }

  private EngineDfs(DfsProvider.Context context, EngineConfig config, Path root, Path objectsDir,
      MetaStore store) {
    this.config = config;
    this.dataDirectory = root;
    this.objectsDir = objectsDir;
    this.store = store;
    this.clock = context.clock();
    this.pending = new PendingObjects(store);
    this.deletes = new DeferredDeletes(pending);
    boolean fresh = store.checkFormat(root);
    byte[] epochBytes = store.get(store.meta, EPOCH_KEY);
    long epoch = (epochBytes == null ? 0 : Codec.decodeLong(epochBytes)) + 1;
    boolean wasClean = store.get(store.meta, CLEAN_KEY) != null;
    // One fsynced batch: the new epoch, the first block of ids, "not cleanly closed", and the
    // format of a new store.
    try (WriteBatch batch = new WriteBatch()) {
      batch.put(store.meta, EPOCH_KEY, Codec.encodeLong(epoch));
      if (fresh) {
        batch.put(store.meta, MetaStore.FORMAT_KEY, Codec.encodeLong(Codec.FORMAT));
      }
      batch.delete(store.meta, CLEAN_KEY);
      this.ids = new IdAllocator(store, config.idBlock(), batch);
      store.write(batch, true);
    } catch (RocksDBException e) {
      throw MetaStore.ioError("epoch", e);
    }
    this.changeSeq = new AtomicLong(epoch << 40);
    this.cache = new MetaCache(config.metadataCacheBytes());
    this.objects = new ObjectTable(this);
    this.metrics = new EngineMetrics(context.meterRegistry(), objects::size,
        () -> gauge(MetaStore::estimatedKeys), store.walFsyncs, cache,
        kind -> gauge(s -> s.memory(kind)), kind -> gauge(s -> s.background(kind)));
    new StartupCleanup(this).run(wasClean || fresh);
    this.flusher = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "estuary-engine-writeback");
      t.setDaemon(true);
      return t;
    });
    flusher.scheduleWithFixedDelay(this::writeBack, config.flushIntervalMillis(),
        config.flushIntervalMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Admits a call: fails with {@link ErrorKind#CLOSED} once close has begun, else returns a stamp
   * to give back to {@link #exit(long)} in a {@code finally}.
   */
  long enter() {
    long stamp = tryEnter();
    if (stamp == 0L) {
      throw new DfsException(ErrorKind.CLOSED, "engine at " + dataDirectory + " is closed");
    }
    return stamp;
  }

  /** Like {@link #enter()}, but returns 0 instead of failing. */
  long tryEnter() {
    long stamp = life.tryReadLock();
    if (stamp != 0L && closing) {
      life.unlockRead(stamp);
      return 0L;
    }
    return stamp;
  }

  /** Ends a call admitted by {@link #enter()} or {@link #tryEnter()}. */
  void exit(long stamp) {
    life.unlockRead(stamp);
  }

  /**
   * A RocksDB figure for a gauge (key estimate, memory, background work), or -1 once closed: a
   * scrape may come at any time, and must never call into a closed RocksDB.
   */
  private long gauge(ToLongFunction<MetaStore> read) {
    long stamp = tryEnter();
    if (stamp == 0L) {
      return -1;
    }
    try {
      return read.applyAsLong(store);
    } finally {
      exit(stamp);
    }
  }

  private void writeBack() {
    long stamp = tryEnter();
    if (stamp == 0L) {
      return;
    }
    try {
      if (!closed) {
        flushPending();
        objects.persistAll();
        if (!deletes.isEmpty()) {
          // Bounds how long reclaimed data files linger: one WAL fsync per interval, only when
          // something was removed.
          syncWal();
        }
      }
    } catch (RuntimeException e) {
      LOG.warn("attribute write-back failed: {}", e.toString());
    } finally {
      exit(stamp);
    }
  }

  /** Starts a metadata change; caller holds {@link #ns}. */
  Txn txn() {
    if (!ns.isHeldByCurrentThread()) {
      throw new IllegalStateException("metadata change without the namespace lock");
    }
    return new Txn(store, cache, batch, deletes, deferred);
  }

  /**
   * Writes the deferred change, if any ({@link Txn#defer()}): before every sync, periodically, and
   * before a read that scans RocksDB (listings, the case-insensitive index, xattr names), which the
   * cache's pins do not cover.
   */
  void flushPending() {
    if (!deferred.held()) {
      return;
    }
    ns.lock();
    try {
      if (deferred.held() && !closed) {
        try (Txn txn = txn()) {
          txn.commit(false);
        }
      }
    } finally {
      ns.unlock();
    }
  }

  /** Returns a change counter value greater than every one returned before, in any run. */
  long nextChange() {
    return changeSeq.incrementAndGet();
  }

  Instant now() {
    return clock.instant();
  }

  void checkOpen() {
    if (closed) {
      throw new DfsException(ErrorKind.CLOSED, "engine at " + dataDirectory + " is closed");
    }
  }

  boolean isClosed() {
    return closed;
  }

  @Override
  public Set<Capability> capabilities() {
    return CAPABILITIES;
  }

  @Override
  public VolumeInfo createVolume(String name, int rootMode, Ownership owner) {
    long guard = enter();
    try {
      checkOpen();
      Limits.checkVolumeName(name);
      EngineVolume.checkMode(rootMode);
      byte[] key = name.getBytes(StandardCharsets.UTF_8);
      ns.lock();
      try {
        checkOpen();
        if (store.get(store.volumes, key) != null) {
          throw new DfsException(ErrorKind.EXISTS, "volume: '" + name + "' exists");
        }
        long volId = ids.next();
        ObjectId rootId = new ObjectId(volId, ids.next());
        Instant now = now();
        Inode root = new Inode(rootId, ObjectType.DIRECTORY, 0, rootMode, owner.uid(), owner.gid(), 0, 0,
            now, now, now, now, nextChange(), 0, Inode.NO_POSITIONS_YET, 0, null, null, null);
        VolumeRecord record = new VolumeRecord(name, volId, rootId, now);
        try (Txn txn = txn()) {
          txn.put(store.volumes, key, Codec.encodeVolume(record));
          txn.putInode(root);
          txn.put(store.meta, EngineVolume.countKey(volId), Codec.encodeLong(1));
          txn.commit(false);
        }
        return new VolumeInfo(name, rootId, now);
      } finally {
        ns.unlock();
      }
    } finally {
      exit(guard);
    }
  }

  @Override
  public List<VolumeInfo> listVolumes() {
    long guard = enter();
    try {
      checkOpen();
      List<VolumeInfo> out = new ArrayList<>();
      try (RocksIterator it = store.db().newIterator(store.volumes)) {
        for (it.seekToFirst(); it.isValid(); it.next()) {
          VolumeRecord r = Codec.decodeVolume(new String(it.key(), StandardCharsets.UTF_8), it.value());
          out.add(new VolumeInfo(r.name(), r.root(), r.created()));
        }
      }
      return List.copyOf(out);
    } finally {
      exit(guard);
    }
  }

  @Override
  public Volume volume(String name) {
    long guard = enter();
    try {
      checkOpen();
      EngineVolume v = volumes.get(name);
      if (v != null && !v.deleted) {
        return v;
      }
      byte[] value = store.get(store.volumes, name.getBytes(StandardCharsets.UTF_8));
      if (value == null) {
        throw new DfsException(ErrorKind.NOT_FOUND, "volume: '" + name + "' does not exist");
      }
      VolumeRecord record = Codec.decodeVolume(name, value);
      ns.lock();
      try {
        v = volumes.get(name);
        if (v != null && !v.deleted && v.record.volId() == record.volId()) {
          return v;
        }
        byte[] count = store.get(store.meta, EngineVolume.countKey(record.volId()));
        v = new EngineVolume(this, record, count == null ? 0 : Codec.decodeLong(count));
        volumes.put(name, v);
        return v;
      } finally {
        ns.unlock();
      }
    } finally {
      exit(guard);
    }
  }

  @Override
  public void deleteVolume(String name, boolean recursive) {
    long guard = enter();
    try {
      checkOpen();
      byte[] key = name.getBytes(StandardCharsets.UTF_8);
      long volId;
      ns.lock();
      try {
        // Reads RocksDB directly (the root's entry count, the retention records): a create still
        // waiting in the batch (Txn#defer) must be there first.
        flushPending();
        byte[] value = store.get(store.volumes, key);
        if (value == null) {
          throw new DfsException(ErrorKind.NOT_FOUND, "volume: '" + name + "' does not exist");
        }
        VolumeRecord record = Codec.decodeVolume(name, value);
        volId = record.volId();
        byte[] rootBytes = store.get(store.inodes, Codec.idKey(record.root()));
        if (!recursive && rootBytes != null && Codec.decodeInode(record.root(), rootBytes).size() > 0) {
          throw new DfsException(ErrorKind.NOT_EMPTY, "volume: '" + name + "' has entries (expected: empty, or recursive)");
        }
        byte[] from = Codec.volumePrefix(volId);
        byte[] to = Codec.prefixEnd(from);
        if (recursive) {
          refuseRetained(name, from);
        }
        try (Txn txn = txn()) {
          txn.delete(store.volumes, key);
          txn.delete(store.meta, EngineVolume.countKey(volId));
          for (var cf : store.objectFamilies()) {
            txn.deleteRange(cf, from, to);
          }
          txn.afterCommit(cache::clear);
          // Durable before the data directory goes: a lost batch would bring back the volume
          // without its data (rare enough for an fsync).
          txn.commit(true);
        }
        EngineVolume v = volumes.remove(name);
        if (v != null) {
          v.deleted = true;
        }
        objects.staleVolume(volId);
      } finally {
        ns.unlock();
      }
      deleteTree(objectsDir.resolve(EngineVolume.volumeDirName(volId)));
    } finally {
      exit(guard);
    }
  }

  /**
   * Refuses to delete a volume that holds a file under retention or legal hold: the volume's
   * deletion would remove it as surely as {@link dev.estuary.dfs.Volume#remove}. Walks the
   * volume's xattr keys (retention records are the bare-id keys there), so its cost grows with the
   * number of xattrs; a recursive volume deletion is an administrator's rare act.
   */
  private void refuseRetained(String name, byte[] volumePrefix) {
    Instant now = now();
    try (MetaStore.BoundedIterator it = store.iterator(store.xattrs, volumePrefix)) {
      for (it.seekToFirst(); it.valid(); it.next()) {
        byte[] key = it.key();
        if (key.length != 16) {
          continue;
        }
        ObjectId id = Codec.readId(key, 0);
        Retention r = Codec.decodeRetention(id, it.value());
        byte[] inode = store.get(store.inodes, key);
        boolean unlinked = inode == null || Codec.decodeInode(id, inode).orphan();
        if (r.inEffect(now) && !unlinked) {
          throw EngineVolume.retained(id, r, now, "deletion of volume '" + name + "' holding it");
        }
      }
    }
  }

  static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      LOG.warn("could not delete {}: {} (the next start-up retries)", dir, e.toString());
    }
  }

  @Override
  public void sync() {
    long guard = enter();
    try {
      checkOpen();
      syncAll();
    } finally {
      exit(guard);
    }
  }

  /** Writes back attributes, flushes data files and fsyncs the WAL. */
  void syncAll() {
    objects.persistAll();
    objects.syncOpenData();
    // The write-backs of these closed files were written before: once a file is fsynced its
    // start-up mark can go (PendingObjects).
    List<Path> settled = new ArrayList<>();
    try {
      for (Path file : new ArrayList<>(unsynced.keySet())) {
        Boolean isNew = unsynced.remove(file);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
          ch.force(true);
          metrics.fsynced(EngineMetrics.Fsync.DATA);
          if (Boolean.TRUE.equals(isNew)) {
            OpenObject.syncDirectories(file, true, metrics);
          }
          settled.add(file);
        } catch (NoSuchFileException e) {
          // Deleted since it was closed: nothing to make durable.
        } catch (IOException e) {
          throw new DfsException(ErrorKind.IO_ERROR, "sync of data file " + file + " failed: " + e, e);
        }
      }
    } finally {
      clearSettled(settled);
    }
    syncWal();
  }

  /**
   * Clears the start-up marks of closed data files just fsynced, except those opened again since
   * (or closed again with new writes): their marks belong to that open. Under the namespace lock,
   * which opens and last closes take too, so no mark set by a later open is cleared here.
   */
  private void clearSettled(List<Path> files) {
    if (files.isEmpty()) {
      return;
    }
    ns.lock();
    try {
      List<ObjectId> ids = new ArrayList<>(files.size());
      for (Path file : files) {
        ObjectId id = ObjectId.parse(file.getFileName().toString());
        if (objects.get(id) == null && !unsynced.containsKey(file)) {
          ids.add(id);
        }
      }
      pending.clear(ids);
    } finally {
      ns.unlock();
    }
  }

  /**
   * Fsyncs the WAL, then deletes the data files whose unlinking it made durable; concurrent callers
   * share one fsync ({@link GroupCommit}).
   */
  void syncWal() {
    flushPending();
    walSync.await();
  }

  private void syncWalNow() {
    List<Path> ready = deletes.take();
    try {
      store.syncWal();
    } catch (RuntimeException e) {
      deletes.restore(ready);
      throw e;
    }
    deletes.delete(ready);
  }

  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closing = true;
      // Not shutdownNow: interrupting a write-back in a FileChannel call would close the channel.
      flusher.shutdown();
      sessions.close();
      watch.close();
      long stamp = life.writeLock();
      try {
        syncAll();
        objects.closeAll();
        syncAll();
        try (WriteBatch batch = new WriteBatch()) {
          batch.put(store.meta, CLEAN_KEY, new byte[] {1});
          store.write(batch, true);
        } catch (RocksDBException e) {
          LOG.warn("could not record a clean shutdown: {}", e.toString());
        }
      } finally {
        closed = true;
        ns.lock();
        try {
          batch.close();
          store.close();
        } finally {
          ns.unlock();
          life.unlockWrite(stamp);
        }
      }
    }
  }
}
