package dev.estuary.dfs.engine.internal;

import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.ErrorKind;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DataBlockIndexType;
import org.rocksdb.DBOptions;
import org.rocksdb.FlushOptions;
import org.rocksdb.IndexType;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;
import org.rocksdb.Status;
import org.rocksdb.TablePropertiesCollectorFactory;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteBufferManager;
import org.rocksdb.WriteOptions;

/**
 * The RocksDB database under {@code engine/meta} and its column families (see {@link Codec} for
 * what each holds). Writes go to the WAL without an fsync each ({@link #write}); durability comes
 * from {@link #write(WriteBatch, boolean)} with {@code sync} or {@link #syncWal()}. RocksDB's
 * {@code LOCK} file keeps a second process out; that failure becomes {@link ErrorKind#BUSY}.
 */
public final class MetaStore implements AutoCloseable {
  static {
    RocksDB.loadLibrary();
  }

  private final RocksDB db;
  private final DBOptions dbOptions;
  private final ColumnFamilyOptions cfOptions;
  /** Options of the families listings scan ({@link #SCANNED}); {@link #cfOptions} plus a collector. */
  private final ColumnFamilyOptions scannedOptions;
  private final LRUCache cache;
  private final WriteBufferManager writeBuffers;
  private final @Nullable BloomFilter bloom;
  private final @Nullable TablePropertiesCollectorFactory deletionCollector;
  private final WriteOptions async;
  private final WriteOptions sync;
  private final List<ColumnFamilyHandle> handles;
  /** Column family {@code volumes}. */
  public final ColumnFamilyHandle volumes;
  /** Column family {@code entries}. */
  public final ColumnFamilyHandle entries;
  /** Column family {@code inodes}. */
  public final ColumnFamilyHandle inodes;
  /** Column family {@code xattrs}. */
  public final ColumnFamilyHandle xattrs;
  /** Column family {@code inline}. */
  public final ColumnFamilyHandle inline;
  /** Column family {@code orphans}. */
  public final ColumnFamilyHandle orphans;
  /** Column family {@code meta}. */
  public final ColumnFamilyHandle meta;
  /** Column family {@code positions}. */
  public final ColumnFamilyHandle positions;
  /** Column family {@code folded}. */
  public final ColumnFamilyHandle folded;
  /** Column family {@code pending}: the start-up work list ({@link PendingObjects}). */
  public final ColumnFamilyHandle pending;

  /** Key in {@code meta} of the layout version, {@link Codec#FORMAT}. */
  static final byte[] FORMAT_KEY = "format".getBytes(StandardCharsets.US_ASCII);
  /** WAL fsyncs so far (synced writes and {@link #syncWal()}), for the engine's fsync counter. */
  public final LongAdder walFsyncs = new LongAdder();
  /**
   * Point reads so far ({@link #get}, and each key of a {@link #multiGet}): what a lookup costs
   * when the metadata cache misses.
   */
  public final LongAdder pointReads = new LongAdder();
  /** Batches written so far ({@link #write}): what a change costs in RocksDB writes. */
  public final LongAdder writes = new LongAdder();

  private static final String[] FAMILIES = {
    "volumes", "entries", "inodes", "xattrs", "inline", "orphans", "meta", "positions", "folded",
    "pending"
  };

  /** The families that listings and the case-insensitive index scan by prefix. */
  private static final List<String> SCANNED = List.of("entries", "positions", "folded");

  private MetaStore(Path dir, Path dataDirectory, long cacheBytes, StoreTuning tuning) {
    // A capacity, not an allocation: blocks take memory only as they are read.
    cache = new LRUCache(cacheBytes);
    bloom = tuning.bloomBitsPerKey() == 0 ? null : new BloomFilter(tuning.bloomBitsPerKey(), false);
    // Point lookups (inodes by id, entries by parent and name) dominate: whole-key bloom filters
    // (full filters, 10 bits a key) let a Get skip tables without the key, and a hash index inside
    // data blocks spares the binary search. Index and filter blocks live in the block cache (so
    // the cache bounds all table memory), those of level 0 pinned there, the top-level ones too.
    // No prefix extractor is set, so every Get is prefix-free and every filter is whole-key.
    BlockBasedTableConfig table = new BlockBasedTableConfig()
        .setBlockCache(cache)
        .setWholeKeyFiltering(true)
        .setCacheIndexAndFilterBlocks(true)
        .setCacheIndexAndFilterBlocksWithHighPriority(true)
        .setPinL0FilterAndIndexBlocksInCache(true)
        .setPinTopLevelIndexAndFilter(true)
        .setDataBlockIndexType(DataBlockIndexType.kDataBlockBinaryAndHash)
        .setDataBlockHashTableUtilRatio(0.75);
    if (bloom != null) {
      table.setFilterPolicy(bloom);
    }
    if (tuning.partitionedIndexFilters()) {
      table.setIndexType(IndexType.kTwoLevelIndexSearch).setPartitionFilters(true)
          .setMetadataBlockSize(4096);
    }
    // The memtable gets a whole-key bloom filter too: a miss (a create's name check) skips it.
    // Tables are LZ4-compressed, not Snappy (RocksDB's default): once the store outgrows the block
    // cache, most point reads decompress a data block, and Snappy's decompression was 35 % of the
    // engine's CPU in random stats at 11M objects (perf). LZ4 decompresses faster for 8 % more
    // bytes on disk: stat 37,373 -> 59,276/s at 11M, create, readdir and unlink 18-53 % faster
    // (bench/README.md, issue 10 round 6). Tables already written keep their compression until
    // a compaction rewrites them; RocksDB reads both.
    cfOptions = family(new ColumnFamilyOptions(), table);
    // Tombstones stay until a compaction brings them down to the keys they delete. A point read
    // never steps over another key's tombstone (measured: none in 10M unlinks), but a listing
    // does: an emptied directory's readdir, and a case-insensitive lookup, scan the tombstones of
    // every removed entry. The families that listings scan mark a table written dense with
    // tombstones (a directory emptied) for compaction at once (bench/README.md, issue 10 round 4).
    // RocksJava sets collectors on Options only; the column family options copy them from there.
    if (tuning.compactOnDeletion()) {
      deletionCollector = TablePropertiesCollectorFactory.NewCompactOnDeletionCollectorFactory(
          StoreTuning.DELETION_WINDOW, StoreTuning.DELETION_TRIGGER, StoreTuning.DELETION_RATIO);
      try (Options collectors = new Options()) {
        collectors.setTablePropertiesCollectorFactory(List.of(deletionCollector));
        scannedOptions = family(new ColumnFamilyOptions(collectors), table);
      }
    } else {
      deletionCollector = null;
      scannedOptions = cfOptions;
    }
    // Memtables of all column families together stay under a quarter of the block cache and are
    // charged to it, so the cache size bounds RocksDB's memory: 64 MiB write buffers (two while one
    // flushes) in each of the five families every create writes could otherwise hold over 600 MiB
    // (issue 10: RSS under 2 GiB with 10M objects and a 1 GiB heap; bench/README.md).
    writeBuffers = new WriteBufferManager(cacheBytes / 4, cache);
    dbOptions = new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true)
        .setWriteBufferManager(writeBuffers)
        .setMaxBackgroundJobs(2).setKeepLogFileNum(5).setInfoLogLevel(org.rocksdb.InfoLogLevel.WARN_LEVEL)
        // Column families written rarely (volumes, meta) pin old WAL files until they flush; a cap
        // makes RocksDB flush them so the WAL stays bounded (2.4 GB piled up in a benchmark).
        .setMaxTotalWalSize(256L << 20)
        .setUseDirectReads(tuning.directReads());
    List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
    descriptors.add(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, cfOptions));
    for (String f : FAMILIES) {
      descriptors.add(new ColumnFamilyDescriptor(f.getBytes(StandardCharsets.UTF_8),
          SCANNED.contains(f) ? scannedOptions : cfOptions));
    }
    handles = new ArrayList<>();
    try {
      db = RocksDB.open(dbOptions, dir.toString(), descriptors, handles);
    } catch (RocksDBException e) {
      closeOptions();
      Status s = e.getStatus();
      String msg = String.valueOf(e.getMessage());
      if (msg.contains("lock") || msg.contains("LOCK")
          || (s != null && s.getCode() == Status.Code.Busy)) {
        throw new DfsException(ErrorKind.BUSY,
            "data directory " + dataDirectory + " is in use by another process", e);
      }
      throw new DfsException(ErrorKind.IO_ERROR,
          "metadata store " + dir + " cannot be opened: " + msg, e);
    }
    volumes = handles.get(1);
    entries = handles.get(2);
    inodes = handles.get(3);
    xattrs = handles.get(4);
    inline = handles.get(5);
    orphans = handles.get(6);
    meta = handles.get(7);
    positions = handles.get(8);
    folded = handles.get(9);
    pending = handles.get(10);
    async = new WriteOptions().setSync(false).setDisableWAL(false);
    sync = new WriteOptions().setSync(true);
  }

  /** The settings every column family shares (see the constructor for why each). */
  private static ColumnFamilyOptions family(ColumnFamilyOptions o, BlockBasedTableConfig table) {
    return o.setTableFormatConfig(table)
        .setLevelCompactionDynamicLevelBytes(true)
        .setMemtableWholeKeyFiltering(true)
        .setMemtablePrefixBloomSizeRatio(0.05)
        .setCompressionType(CompressionType.LZ4_COMPRESSION);
  }

  /**
   * Opens (creating if needed) the store.
   *
   * @param dir the {@code engine/meta} directory
   * @param dataDirectory the data directory, for messages
   * @param cacheBytes block cache size
   * @return the open store
   * @throws DfsException {@link ErrorKind#BUSY} if another process has it open
   */
  public static MetaStore open(Path dir, Path dataDirectory, long cacheBytes) {
    return open(dir, dataDirectory, cacheBytes, StoreTuning.DEFAULTS);
  }

  /**
   * Opens (creating if needed) the store with other RocksDB settings than the engine's, for
   * measurements ({@link StoreTuning}).
   *
   * @param dir the {@code engine/meta} directory
   * @param dataDirectory the data directory, for messages
   * @param cacheBytes block cache size
   * @param tuning the table and compaction settings
   * @return the open store
   * @throws DfsException {@link ErrorKind#BUSY} if another process has it open
   */
  public static MetaStore open(Path dir, Path dataDirectory, long cacheBytes, StoreTuning tuning) {
    return new MetaStore(dir, dataDirectory, cacheBytes, tuning);
  }

  /**
   * Returns the raw database, for iterators and multi-gets.
   *
   * @return the database
   */
  public RocksDB db() {
    return db;
  }

  /**
   * Checks that the store was written in this engine's layout ({@link Codec#FORMAT}), so that an
   * older or newer data directory is refused with a clear error instead of being misread.
   *
   * @param dataDirectory the data directory, for messages
   * @return true for a new store (nothing written yet): the caller records the format
   * @throws DfsException {@link ErrorKind#UNSUPPORTED} for another format
   */
  public boolean checkFormat(Path dataDirectory) {
    byte[] stored = get(meta, FORMAT_KEY);
    long found;
    if (stored != null) {
      found = Codec.decodeLong(stored);
      if (found == Codec.FORMAT) {
        return false;
      }
    } else {
      // Format 1 stored no version but always its epoch in "meta": any key there means format 1.
      try (RocksIterator it = db.newIterator(meta)) {
        it.seekToFirst();
        if (!it.isValid()) {
          return true;
        }
      }
      found = 1;
    }
    throw new DfsException(ErrorKind.UNSUPPORTED, "data directory " + dataDirectory
        + " holds engine metadata format " + found + " (expected: " + Codec.FORMAT
        + "); open it with the version that wrote it, or move it aside to start empty");
  }

  /**
   * Reads one value.
   *
   * @param cf the column family
   * @param key the key
   * @return the value or null
   */
  public byte @Nullable [] get(ColumnFamilyHandle cf, byte[] key) {
    pointReads.increment();
    try {
      return db.get(cf, key);
    } catch (RocksDBException e) {
      throw ioError("read", e);
    }
  }

  /**
   * Reads several values of one column family.
   *
   * @param cf the column family
   * @param keys the keys
   * @return the values, null where absent
   */
  public List<byte[]> multiGet(ColumnFamilyHandle cf, List<byte[]> keys) {
    pointReads.add(keys.size());
    List<ColumnFamilyHandle> cfs = new ArrayList<>(keys.size());
    for (int i = 0; i < keys.size(); i++) {
      cfs.add(cf);
    }
    try {
      return db.multiGetAsList(cfs, keys);
    } catch (RocksDBException e) {
      throw ioError("read", e);
    }
  }

  /**
   * Writes one value through the WAL, without an fsync.
   *
   * @param cf the column family
   * @param key the key
   * @param value the value
   */
  public void put(ColumnFamilyHandle cf, byte[] key, byte[] value) {
    try {
      db.put(cf, async, key, value);
    } catch (RocksDBException e) {
      throw ioError("write", e);
    }
  }

  /**
   * Adds to {@code batch} the write of an inode and, for a named file or symlink, of the copy in
   * its entry ({@link Codec#encodeEntry(Inode)}). Every write of an inode goes through here, so the
   * copy never differs from the record. Directories carry no copy: a directory's inode changes
   * with every entry added to or removed from it, and a copy would add a write of its own entry
   * (in its parent) to every create and unlink in it; their lookups read the inode by id, and the
   * few, hot directories of a path walk are served by the metadata cache.
   *
   * @param batch the batch
   * @param inode the inode
   * @throws RocksDBException if the batch refuses the write
   */
  public void putInode(WriteBatch batch, Inode inode) throws RocksDBException {
    batch.put(inodes, Codec.idKey(inode.id()), Codec.encodeInode(inode));
    if (inode.parent() != null && inode.name() != null && !inode.orphan()
        && inode.type() != dev.estuary.dfs.ObjectType.DIRECTORY) {
      batch.put(entries, Codec.nameKey(inode.parent(), inode.name()), Codec.encodeEntry(inode));
    }
  }

  /**
   * Applies a batch atomically through the WAL, without an fsync.
   *
   * @param batch the batch
   */
  public void write(WriteBatch batch) {
    write(batch, false);
  }

  /**
   * Applies a batch atomically.
   *
   * @param batch the batch
   * @param durable whether to fsync the WAL before returning
   */
  public void write(WriteBatch batch, boolean durable) {
    writes.increment();
    try {
      db.write(durable ? sync : async, batch);
      if (durable) {
        walFsyncs.increment();
      }
    } catch (RocksDBException e) {
      throw ioError("write", e);
    }
  }

  /** Makes every write so far durable (flushes and fsyncs the WAL). */
  public void syncWal() {
    try {
      db.flushWal(true);
      walFsyncs.increment();
    } catch (RocksDBException e) {
      throw ioError("WAL sync", e);
    }
  }

  /**
   * Opens an iterator over one column family bounded to keys starting with {@code prefix}.
   *
   * @param cf the column family
   * @param prefix the prefix
   * @return a bounded iterator, positioned nowhere; close it (it closes its options)
   */
  public BoundedIterator iterator(ColumnFamilyHandle cf, byte[] prefix) {
    return new BoundedIterator(db, cf, prefix);
  }

  /**
   * Returns RocksDB's estimate of the number of keys in all column families.
   *
   * @return the estimate
   */
  public long estimatedKeys() {
    long n = 0;
    try {
      for (ColumnFamilyHandle h : handles) {
        n += db.getLongProperty(h, "rocksdb.estimate-num-keys");
      }
    } catch (RocksDBException e) {
      return -1;
    }
    return n;
  }

  /**
   * Returns RocksDB's memory use of one kind, in bytes.
   *
   * @param kind {@code block-cache} (the shared block cache's usage, which holds data, index and
   *     filter blocks), {@code memtables} (every column family's memtables, active and immutable)
   *     or {@code table-readers} (index and filter memory held outside the block cache)
   * @return the bytes, or -1 if RocksDB cannot say
   */
  public long memory(String kind) {
    try {
      return switch (kind) {
        case "block-cache" -> db.getLongProperty("rocksdb.block-cache-usage");
        case "memtables" -> sum("rocksdb.cur-size-all-mem-tables");
        case "table-readers" -> sum("rocksdb.estimate-table-readers-mem");
        default -> throw new IllegalArgumentException(
            "kind: '" + kind + "' (expected: block-cache, memtables or table-readers)");
      };
    } catch (RocksDBException e) {
      return -1;
    }
  }

  /**
   * Returns how much work RocksDB's background threads have: compaction debt and jobs running. A
   * store just loaded with millions of keys serves point reads from many overlapping tables until
   * compactions catch up, so an administrator (and a benchmark) can tell a busy store from a
   * settled one.
   *
   * @param kind {@code pending-bytes} (RocksDB's estimate of the bytes compactions must rewrite to
   *     bring every level under its target, {@code rocksdb.estimate-pending-compaction-bytes}) or
   *     {@code running} (flushes and compactions running now)
   * @return the figure, or -1 if RocksDB cannot say
   */
  public long background(String kind) {
    try {
      return switch (kind) {
        case "pending-bytes" -> sum("rocksdb.estimate-pending-compaction-bytes");
        case "running" -> db.getLongProperty("rocksdb.num-running-compactions")
            + db.getLongProperty("rocksdb.num-running-flushes");
        default -> throw new IllegalArgumentException(
            "kind: '" + kind + "' (expected: pending-bytes or running)");
      };
    } catch (RocksDBException e) {
      return -1;
    }
  }

  private long sum(String property) throws RocksDBException {
    long n = 0;
    for (ColumnFamilyHandle h : handles) {
      n += db.getLongProperty(h, property);
    }
    return n;
  }

  /**
   * Returns every column family holding per-object keys (those deleted with a volume).
   *
   * @return entries, inodes, xattrs, inline, orphans, positions, folded and pending
   */
  public List<ColumnFamilyHandle> objectFamilies() {
    return List.of(entries, inodes, xattrs, inline, orphans, positions, folded, pending);
  }

  static DfsException ioError(String what, RocksDBException e) {
    Status s = e.getStatus();
    if (s != null && s.getCode() == Status.Code.IOError
        && String.valueOf(e.getMessage()).contains("No space")) {
      return new DfsException(ErrorKind.NO_SPACE, "metadata " + what + " failed: " + e.getMessage(), e);
    }
    return new DfsException(ErrorKind.IO_ERROR, "metadata " + what + " failed: " + e.getMessage(), e);
  }

  private void closeOptions() {
    dbOptions.close();
    cfOptions.close();
    if (scannedOptions != cfOptions) {
      scannedOptions.close();
    }
    if (bloom != null) {
      bloom.close();
    }
    if (deletionCollector != null) {
      deletionCollector.close();
    }
    writeBuffers.close();
    cache.close();
  }

  @Override
  public void close() {
    try {
      db.flushWal(true);
      walFsyncs.increment();
    } catch (RocksDBException e) {
      // Closing anyway: RocksDB replays its WAL at the next open.
    }
    // A clean stop writes the memtables out, so the next start-up has no WAL to replay: replaying
    // up to max_total_wal_size of it took 1.8 s at 1.1M objects (bench/README.md, issue 10).
    try (FlushOptions flush = new FlushOptions().setWaitForFlush(true)) {
      db.flush(flush, handles);
    } catch (RocksDBException e) {
      // Closing anyway: the WAL holds everything and is replayed at the next open.
    }
    for (ColumnFamilyHandle h : handles) {
      h.close();
    }
    db.close();
    async.close();
    sync.close();
    closeOptions();
  }

  /** A RocksDB iterator confined to one key prefix, closing its read options with it. */
  public static final class BoundedIterator implements AutoCloseable {
    private final ReadOptions options;
    private final Slice upper;
    private final RocksIterator it;
    private final byte[] prefix;

    BoundedIterator(RocksDB db, ColumnFamilyHandle cf, byte[] prefix) {
      this.prefix = prefix;
      this.upper = new Slice(Codec.prefixEnd(prefix));
      this.options = new ReadOptions().setIterateUpperBound(upper);
      this.it = db.newIterator(cf, options);
    }

    /**
     * Positions at the first key at or after {@code key}.
     *
     * @param key the key
     */
    public void seek(byte[] key) {
      it.seek(key);
    }

    /** Positions at the first key with the prefix. */
    public void seekToFirst() {
      it.seek(prefix);
    }

    /**
     * Returns whether the iterator is on a key with the prefix.
     *
     * @return true if positioned
     */
    public boolean valid() {
      return it.isValid();
    }

    /** Moves to the next key. */
    public void next() {
      it.next();
    }

    /**
     * Returns the current key.
     *
     * @return the key
     */
    public byte[] key() {
      return it.key();
    }

    /**
     * Returns the current value.
     *
     * @return the value
     */
    public byte[] value() {
      return it.value();
    }

    /**
     * Copies the start of the current value into {@code into}, without allocating.
     *
     * @param into the buffer; as much of the value as fits is copied
     * @return the value's whole length
     */
    public int value(byte[] into) {
      return it.value(into);
    }

    @Override
    public void close() {
      it.close();
      options.close();
      upper.close();
    }
  }
}
