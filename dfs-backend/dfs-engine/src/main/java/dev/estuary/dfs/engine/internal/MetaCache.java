package dev.estuary.dfs.engine.internal;

import dev.estuary.dfs.ObjectId;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.NavigableMap;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
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
 */
public final class MetaCache {
  /** A cached directory entry: the child, its type and the entry's position in the directory. */
  public record Entry(ObjectId id, dev.estuary.dfs.ObjectType type, long position) {}

  /** Key of a cached entry. */
  record EntryKey(ObjectId parent, String name) {}

  /** One name of a cached directory listing. */
  public record Listed(String name, Entry entry) {}

  /** Largest directory whose listing is cached. */
  static final int MAX_LISTED_DIRECTORY = 65_536;

  private final int max;
  private final AtomicLong generation = new AtomicLong();
  private final ConcurrentMap<ObjectId, Inode> inodes;
  private final ConcurrentMap<EntryKey, Entry> entries;
  /** Whole sorted listings of recently listed directories, keyed by UTF-8 name. */
  private final ConcurrentHashMap<ObjectId, ConcurrentSkipListMap<byte[], Listed>> listings =
      new ConcurrentHashMap<>();
  private final AtomicLong listed = new AtomicLong();

  /**
   * Creates a cache.
   *
   * @param max most inodes and most entries held; 0 disables the cache
   */
  public MetaCache(int max) {
    this.max = max;
    this.inodes = bounded(max);
    this.entries = bounded(max);
  }

  private static <K, V> ConcurrentMap<K, V> bounded(int max) {
    // Maintenance (eviction) runs on the calling thread: no pool threads, and the bound holds
    // without waiting for an asynchronous task.
    Cache<K, V> cache = Caffeine.newBuilder().maximumSize(Math.max(max, 1)).executor(Runnable::run).build();
    return cache.asMap();
  }

  boolean enabled() {
    return max > 0;
  }

  long generation() {
    return generation.get();
  }

  /** Called by a committer after its RocksDB write and before updating the cache. */
  void committed() {
    generation.incrementAndGet();
  }

  @Nullable Inode inode(ObjectId id) {
    return inodes.get(id);
  }

  @Nullable Entry entry(ObjectId parent, String name) {
    return max == 0 ? null : entries.get(new EntryKey(parent, name));
  }

  void fillInode(long gen, Inode inode) {
    if (max == 0) {
      return;
    }
    inodes.compute(inode.id(), (k, cur) -> cur != null ? cur : generation.get() == gen ? inode : null);
  }

  void fillEntry(long gen, ObjectId parent, String name, Entry entry) {
    if (max == 0) {
      return;
    }
    entries.compute(new EntryKey(parent, name),
        (k, cur) -> cur != null ? cur : generation.get() == gen ? entry : null);
  }

  void putInode(Inode inode) {
    if (max == 0) {
      return;
    }
    inodes.put(inode.id(), inode);
  }

  void removeInode(ObjectId id) {
    inodes.remove(id);
    ConcurrentSkipListMap<byte[], Listed> gone = listings.remove(id);
    if (gone != null) {
      listed.addAndGet(-gone.size());
    }
  }

  /** The cached sorted listing of a directory, or null. */
  @Nullable NavigableMap<byte[], Listed> listing(ObjectId dir) {
    return max == 0 ? null : listings.get(dir);
  }

  /** Installs a listing read from RocksDB at generation {@code gen}, unless a commit came since. */
  void fillListing(long gen, ObjectId dir, ConcurrentSkipListMap<byte[], Listed> listing) {
    if (max == 0) {
      return;
    }
    // Drops whole listings, as few as make room (a listing is only useful complete).
    for (var it = listings.entrySet().iterator(); listed.get() + listing.size() > max && it.hasNext(); ) {
      var e = it.next();
      if (listings.remove(e.getKey(), e.getValue())) {
        listed.addAndGet(-e.getValue().size());
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
      listed.addAndGet(listing.size());
    }
  }

  static ConcurrentSkipListMap<byte[], Listed> newListing() {
    return new ConcurrentSkipListMap<>(Arrays::compareUnsigned);
  }

  void putEntry(ObjectId parent, String name, Entry entry) {
    if (max == 0) {
      return;
    }
    entries.put(new EntryKey(parent, name), entry);
    ConcurrentSkipListMap<byte[], Listed> listing = listings.get(parent);
    if (listing != null && listing.put(name.getBytes(StandardCharsets.UTF_8), new Listed(name, entry)) == null) {
      listed.incrementAndGet();
    }
  }

  void removeEntry(ObjectId parent, String name) {
    entries.remove(new EntryKey(parent, name));
    ConcurrentSkipListMap<byte[], Listed> listing = listings.get(parent);
    if (listing != null && listing.remove(name.getBytes(StandardCharsets.UTF_8)) != null) {
      listed.decrementAndGet();
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
