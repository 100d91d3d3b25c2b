package dev.estuary.dfs.engine.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.estuary.dfs.ObjectId;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.NavigableMap;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * A coherent in-memory cache of decoded inodes, directory entries and whole sorted listings of
 * recently listed directories, so that lookups, attribute reads and listings of hot objects cost
 * no RocksDB read. Writers (who hold the namespace lock)
 * update it through {@link Txn} after their batch commits; readers fill it on a miss.
 *
 * <p>Coherence: every commit bumps {@link #generation} after its RocksDB write and before it
 * updates the cache. A reader notes the generation before its RocksDB read and inserts what it
 * read only if no commit happened meanwhile, atomically per key ({@code compute}), and never over
 * a value already present. So a reader can never put back a value older than a commit that has
 * already updated the cache. Eviction only ever drops a value, which keeps the invariant: inodes
 * and entries live in bounded Caffeine caches that evict a few of the least valuable keys at a
 * time (W-TinyLFU), so a working set larger than the bound (a directory of a million files) keeps
 * most of its hits instead of losing everything each time the bound is reached; listings are
 * evicted whole directory by directory.
 *
 * <p>The bound is in bytes of heap, not in objects, since what an object costs depends on its name
 * length: a third each for inodes, entries and listings, each entry weighed by an estimate of what it
 * holds on the heap (the records, their strings and ids, and the cache's own node). The caches count
 * their hits and misses ({@link #inodes()}, {@link #entries()}, {@link #listingHits()}) for the
 * engine's metrics.
 */
public final class MetaCache {
  /** A cached directory entry: the child, its type and the entry's position in the directory. */
  public record Entry(ObjectId id, dev.estuary.dfs.ObjectType type, long position) {}

  /** Key of a cached entry. */
  record EntryKey(ObjectId parent, String name) {
    /**
     * A mixed hash, not the record's {@code 31 * parent + name}. That one maps a grid of
     * directories with consecutive ids and names that differ in their last digits onto few values:
     * {@code 31 * (dir + tens digit) + units digit} collide across directories, about a hundred keys
     * a value for a tree of 11M files in 10,000 directories. The colliding keys shared bins of
     * the caches' maps, and {@code EntryKey} is not {@link Comparable}, so a lookup searched
     * those bins one node at a time: 52 % of the CPU of random stats at 1.1M objects
     * (bench/README.md, issue 10 round 6).
     *
     * @return the hash
     */
    @Override
    public int hashCode() {
      return hash(parent, name);
    }

    /** {@link #hashCode()} of the key (parent, name), without making it. */
    static int hash(ObjectId parent, String name) {
      long h = parent.hashCode() * 0x9E3779B97F4A7C15L + name.hashCode();
      h = (h ^ (h >>> 32)) * 0xD6E8FEB86659FD93L;
      return (int) (h ^ (h >>> 32));
    }
  }

  /** An entry a deferred change wrote ({@link #pin}): where, and its value. */
  record PinnedEntry(ObjectId parent, String name, Entry entry) {}

  /** One name of a cached directory listing. */
  public record Listed(String name, Entry entry) {}

  /** Largest directory whose listing is cached. */
  static final int MAX_LISTED_DIRECTORY = 65_536;

  /**
   * Heap estimates (64-bit JVM, compressed oops): a Caffeine node with its key reference (about 64
   * bytes), an {@link ObjectId} (24), a String of n Latin-1 characters (40 + n), a byte[] of n (16 + n),
   * an {@link Inode} with its four Instants (about 200), an {@link Entry} (24 + id), a skip-list node
   * (about 48). Names outside Latin-1 take two bytes a character; the estimate counts every name that
   * way, so it errs on the side of the bound.
   */
  private static final int NODE = 64;
  private static final int ID = 24;
  private static final int STRING = 40;
  private static final int INODE = 200;
  private static final int ENTRY = 24 + ID;

  private final long maxBytes;
  private final long listingBytes;
  private final AtomicLong generation = new AtomicLong();
  private final Cache<ObjectId, Inode> inodeCache;
  private final Cache<EntryKey, Entry> entryCache;
  private final ConcurrentMap<ObjectId, Inode> inodes;
  private final ConcurrentMap<EntryKey, Entry> entries;
  /** Whole sorted listings of recently listed directories, keyed by UTF-8 name. */
  private final ConcurrentHashMap<ObjectId, ConcurrentSkipListMap<byte[], Listed>> listings =
      new ConcurrentHashMap<>();
  /** Estimated bytes of the listings held. */
  private final AtomicLong listed = new AtomicLong();
  private final LongAdder listingHits = new LongAdder();
  private final LongAdder listingMisses = new LongAdder();
  /**
   * The doorkeeper of {@link #seenBefore}: one bit per hashed key, cleared after {@link
   * #doorkeeperWindow} keys were marked.
   */
  private final AtomicLongArray doorkeeper;
  private final int doorkeeperMask;
  private final long doorkeeperWindow;
  private final AtomicLong doorkeeperMarks = new AtomicLong();
  /** Values of the deferred changes not written yet ({@link #pin}); at most a few dozen. */
  private final ConcurrentHashMap<ObjectId, Inode> pinnedInodes = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<EntryKey, Entry> pinnedEntries = new ConcurrentHashMap<>();
  /** Inodes and entries deleted by deferred changes not written yet ({@link #pin}). */
  private final Set<ObjectId> goneInodesPinned = ConcurrentHashMap.newKeySet();
  private final Set<EntryKey> goneEntriesPinned = ConcurrentHashMap.newKeySet();

  /**
   * Creates a cache.
   *
   * @param maxBytes estimated heap bytes held at most (a third each for inodes, entries and
   *     listings); 0 disables the cache
   */
  public MetaCache(long maxBytes) {
    if (maxBytes < 0) {
      throw new IllegalArgumentException("maxBytes: " + maxBytes + " (expected: >= 0)");
    }
    this.maxBytes = maxBytes;
    long third = Math.max(maxBytes / 3, 1);
    this.listingBytes = third;
    // Maintenance (eviction) runs on the calling thread: no pool threads, and the bound holds
    // without waiting for an asynchronous task.
    this.inodeCache = Caffeine.newBuilder().maximumWeight(third)
        .weigher((ObjectId k, Inode v) -> weigh(v)).executor(Runnable::run).recordStats().build();
    this.entryCache = Caffeine.newBuilder().maximumWeight(third)
        .weigher((EntryKey k, Entry v) -> weigh(k)).executor(Runnable::run).recordStats().build();
    this.inodes = inodeCache.asMap();
    this.entries = entryCache.asMap();
    // A window of about as many keys as the inode bound holds, 8 bits a key (at 256 MiB: 310,000
    // keys, 4M bits, 512 KiB), so that keys marked once in a window rarely share a bit.
    long held = Math.max(1024, third / (NODE + ID + INODE));
    int bits = (int) Math.min(1L << 26, Long.highestOneBit(held * 8 - 1) << 1);
    this.doorkeeper = new AtomicLongArray(bits / Long.SIZE);
    this.doorkeeperMask = bits - 1;
    this.doorkeeperWindow = held;
  }

  static int weigh(Inode i) {
    return NODE + ID + INODE + chars(i.name()) + chars(i.target());
  }

  static int weigh(EntryKey k) {
    return NODE + ID + STRING + 2 * k.name().length() + ENTRY;
  }

  /** A listed name: its UTF-8 key, the Listed with its String and Entry, the skip-list node. */
  static int weigh(Listed l) {
    return 16 + 3 * l.name().length() + 16 + STRING + 2 * l.name().length() + ENTRY + 48;
  }

  private static int chars(@Nullable String s) {
    return s == null ? 0 : STRING + 2 * s.length();
  }

  boolean enabled() {
    return maxBytes > 0;
  }

  /** @return the inode cache (its statistics are the engine's metrics) */
  Cache<ObjectId, Inode> inodes() {
    return inodeCache;
  }

  /** @return the directory entry cache (its statistics are the engine's metrics) */
  Cache<EntryKey, Entry> entries() {
    return entryCache;
  }

  /** @return listings served from memory so far */
  long listingHits() {
    return listingHits.sum();
  }

  /** @return listings of directories small enough to cache that were not in memory */
  long listingMisses() {
    return listingMisses.sum();
  }

  /** @return estimated bytes of the cached listings */
  long listingBytes() {
    return listed.get();
  }

  long generation() {
    return generation.get();
  }

  /** Called by a committer after its RocksDB write and before updating the cache. */
  void committed() {
    generation.incrementAndGet();
  }

  @Nullable Inode inode(ObjectId id) {
    if (!pinnedInodes.isEmpty()) {
      Inode pinned = pinnedInodes.get(id);
      if (pinned != null) {
        return pinned;
      }
    }
    // Through the Cache, not its map view: only the Cache's reads count as hits and misses.
    return maxBytes == 0 ? null : inodeCache.getIfPresent(id);
  }

  @Nullable Entry entry(ObjectId parent, String name) {
    if (!pinnedEntries.isEmpty()) {
      Entry pinned = pinnedEntries.get(new EntryKey(parent, name));
      if (pinned != null) {
        return pinned;
      }
    }
    return maxBytes == 0 ? null : entryCache.getIfPresent(new EntryKey(parent, name));
  }

  /**
   * Pins what a deferred change did ({@link Txn#defer()}) until it is in RocksDB: the values it
   * wrote, which eviction cannot drop, and the inodes and entries it deleted, which readers must
   * treat as absent ({@link #goneInode}, {@link #goneEntry}); so no reader falls through to RocksDB
   * and reads what was before. A later deferred change's pins replace an earlier one's for the same
   * key. Caller holds the namespace lock.
   *
   * @param inodes the inodes it wrote
   * @param entries the entries it wrote
   * @param goneInodes the inodes it deleted
   * @param goneEntries the entries it deleted
   */
  void pin(List<Inode> inodes, List<PinnedEntry> entries, List<ObjectId> goneInodes,
      List<EntryKey> goneEntries) {
    // No change deletes and writes the same key, so the order within one change does not matter.
    for (ObjectId id : goneInodes) {
      pinnedInodes.remove(id);
      goneInodesPinned.add(id);
    }
    for (EntryKey k : goneEntries) {
      pinnedEntries.remove(k);
      goneEntriesPinned.add(k);
    }
    for (Inode i : inodes) {
      goneInodesPinned.remove(i.id());
      pinnedInodes.put(i.id(), i);
    }
    for (PinnedEntry e : entries) {
      EntryKey k = new EntryKey(e.parent(), e.name());
      goneEntriesPinned.remove(k);
      pinnedEntries.put(k, e.entry());
    }
  }

  /** Drops the pins once the deferred changes are written. Caller holds the namespace lock. */
  void unpinAll() {
    pinnedInodes.clear();
    pinnedEntries.clear();
    goneInodesPinned.clear();
    goneEntriesPinned.clear();
  }

  /**
   * Whether a deferred change deleted this inode: RocksDB still has it, so a reader must not look
   * there. Readers ask after noting the {@link #generation()} (see the class comment).
   *
   * @param id the object
   * @return true if it is deleted but not written yet
   */
  boolean goneInode(ObjectId id) {
    return !goneInodesPinned.isEmpty() && goneInodesPinned.contains(id);
  }

  /**
   * {@link #goneInode} for a directory entry.
   *
   * @param parent the directory
   * @param name the name
   * @return true if it is deleted but not written yet
   */
  boolean goneEntry(ObjectId parent, String name) {
    return !goneEntriesPinned.isEmpty() && goneEntriesPinned.contains(new EntryKey(parent, name));
  }

  /**
   * Returns the pinned inode of an object, if a deferred change wrote it.
   *
   * @param id the object
   * @return the pinned inode or null
   */
  @Nullable Inode pinned(ObjectId id) {
    return pinnedInodes.isEmpty() ? null : pinnedInodes.get(id);
  }

  /**
   * Whether a read that missed should fill the cache with what it read: only a key that already
   * missed once in the current window. This is TinyLFU's doorkeeper (Einziger, Friedman and Manes,
   * "TinyLFU: A Highly Efficient Cache Admission Policy", ACM TOS 2017, section 3.4.2) in front of
   * the Caffeine caches: a key read once (a scan, or random reads over more objects than the bound
   * holds) costs one bit instead of two Caffeine nodes that evict two others. Random lookups,
   * measured (bench/README.md, issue 10 round 6): 126,000 a second at 1.1M objects and 39,000 at
   * 11M with every miss filled, 189,000 and 49,000 with the doorkeeper. A key read again is cached
   * from its second read on. Not filling never breaks coherence (see the class comment).
   *
   * @param id the object whose inode was read
   * @return true if the key was marked before in this window (then fill); else false, and the key
   *     is marked
   */
  boolean seenBefore(ObjectId id) {
    return seenBefore(id.hashCode());
  }

  /**
   * {@link #seenBefore(ObjectId)} for a directory entry.
   *
   * @param parent the directory
   * @param name the name
   * @return as {@link #seenBefore(ObjectId)}
   */
  boolean seenBefore(ObjectId parent, String name) {
    return seenBefore(EntryKey.hash(parent, name));
  }

  private boolean seenBefore(int hash) {
    if (maxBytes == 0) {
      return false;
    }
    int h = hash * 0x9E3779B9;
    int bit = (h ^ (h >>> 16)) & doorkeeperMask;
    int word = bit >>> 6;
    long mask = 1L << bit;
    if ((doorkeeper.get(word) & mask) != 0) {
      return true;
    }
    if ((doorkeeper.getAndAccumulate(word, mask, (a, b) -> a | b) & mask) != 0) {
      return true; // marked meanwhile by another reader
    }
    if (doorkeeperMarks.incrementAndGet() % doorkeeperWindow == 0) {
      // A new window: keys marked long ago count as unseen again. A mark racing the clearing may
      // be lost; that key then fills at its next miss instead of this one.
      for (int i = 0; i < doorkeeper.length(); i++) {
        doorkeeper.set(i, 0);
      }
    }
    return false;
  }

  /** @return keys the doorkeeper marks before it starts afresh ({@link #seenBefore}) */
  long doorkeeperWindow() {
    return doorkeeperWindow;
  }

  void fillInode(long gen, Inode inode) {
    if (maxBytes == 0) {
      return;
    }
    inodes.compute(inode.id(), (k, cur) -> cur != null ? cur : generation.get() == gen ? inode : null);
  }

  void fillEntry(long gen, ObjectId parent, String name, Entry entry) {
    if (maxBytes == 0) {
      return;
    }
    entries.compute(new EntryKey(parent, name),
        (k, cur) -> cur != null ? cur : generation.get() == gen ? entry : null);
  }

  void putInode(Inode inode) {
    if (maxBytes == 0) {
      return;
    }
    inodes.put(inode.id(), inode);
  }

  void removeInode(ObjectId id) {
    inodes.remove(id);
    ConcurrentSkipListMap<byte[], Listed> gone = listings.remove(id);
    if (gone != null) {
      listed.addAndGet(-weigh(gone));
    }
  }

  private static long weigh(ConcurrentSkipListMap<byte[], Listed> listing) {
    long w = 0;
    for (Listed l : listing.values()) {
      w += weigh(l);
    }
    return w;
  }

  /**
   * The cached sorted listing of a directory, or null (counted as a hit or a miss: callers ask only
   * for directories small enough to be cached).
   */
  @Nullable NavigableMap<byte[], Listed> listing(ObjectId dir) {
    if (maxBytes == 0) {
      return null;
    }
    ConcurrentSkipListMap<byte[], Listed> l = listings.get(dir);
    (l == null ? listingMisses : listingHits).increment();
    return l;
  }

  /** Installs a listing read from RocksDB at generation {@code gen}, unless a commit came since. */
  void fillListing(long gen, ObjectId dir, ConcurrentSkipListMap<byte[], Listed> listing) {
    if (maxBytes == 0) {
      return;
    }
    long weight = weigh(listing);
    if (weight > listingBytes) {
      return;
    }
    // Drops whole listings, as few as make room (a listing is only useful complete).
    for (var it = listings.entrySet().iterator(); listed.get() + weight > listingBytes && it.hasNext(); ) {
      var e = it.next();
      if (listings.remove(e.getKey(), e.getValue())) {
        listed.addAndGet(-weigh(e.getValue()));
      }
    }
    boolean[] installed = new boolean[1];
    listings.compute(dir, (k, cur) -> {
      if (cur != null || generation.get() != gen) {
        return cur;
      }
      installed[0] = true;
      return listing;
    });
    if (installed[0]) {
      listed.addAndGet(weight);
    }
  }

  static ConcurrentSkipListMap<byte[], Listed> newListing() {
    return new ConcurrentSkipListMap<>(Arrays::compareUnsigned);
  }

  void putEntry(ObjectId parent, String name, Entry entry) {
    if (maxBytes == 0) {
      return;
    }
    entries.put(new EntryKey(parent, name), entry);
    ConcurrentSkipListMap<byte[], Listed> listing = listings.get(parent);
    Listed l = new Listed(name, entry);
    if (listing != null && listing.put(name.getBytes(StandardCharsets.UTF_8), l) == null) {
      listed.addAndGet(weigh(l));
    }
  }

  void removeEntry(ObjectId parent, String name) {
    entries.remove(new EntryKey(parent, name));
    ConcurrentSkipListMap<byte[], Listed> listing = listings.get(parent);
    Listed gone = listing == null ? null : listing.remove(name.getBytes(StandardCharsets.UTF_8));
    if (gone != null) {
      listed.addAndGet(-weigh(gone));
    }
  }

  /** Forgets everything (a volume was deleted). Caller has committed first. */
  void clear() {
    inodes.clear();
    entries.clear();
    listings.clear();
    listed.set(0);
  }
}
