package dev.estuary.dfs.engine.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * The engine's own meters, what only the engine can know: {@code estuary.engine.fsyncs} (counter,
 * tag {@code kind} = wal/data/directory; Prometheus {@code estuary_engine_fsyncs_total}), {@code
 * estuary.engine.open.objects} (gauge), {@code estuary.engine.rocksdb.keys} (gauge, RocksDB's
 * estimate), {@code estuary.engine.rocksdb.memory} (gauge, bytes, tag {@code kind} =
 * block-cache/memtables/table-readers: the native memory RocksDB holds outside the heap), {@code
 * estuary.engine.rocksdb.compaction.pending} (gauge, bytes: compaction debt) and {@code
 * estuary.engine.rocksdb.background.jobs} (gauge: flushes and compactions running). Calls and
 * bytes are counted for every backend alike by the metrics decorator
 * ({@code dev.estuary.dfs.decorate.MeteredDfs}). Counters are looked up once, so counting costs
 * one add.
 */
public final class EngineMetrics {
  /** What an fsync made durable, other than the WAL (counted by {@link MetaStore}). */
  public enum Fsync {
    /** A data file. */
    DATA,
    /** A directory holding data files (a new file's entry). */
    DIRECTORY
  }

  private final EnumMap<Fsync, Counter> fsyncs = new EnumMap<>(Fsync.class);

  /**
   * Registers the meters.
   *
   * @param registry the registry
   * @param openObjects supplies the number of open objects
   * @param keys supplies the RocksDB key estimate
   * @param walFsyncs the store's count of WAL fsyncs
   * @param cache the metadata cache, whose hits, misses and size are meters
   * @param rocksdbMemory RocksDB's memory of a kind ({@link MetaStore#memory}), or -1
   * @param rocksdbBackground RocksDB's background work of a kind ({@link MetaStore#background}),
   *     or -1
   */
  public EngineMetrics(MeterRegistry registry, Supplier<Number> openObjects, Supplier<Number> keys,
      LongAdder walFsyncs, MetaCache cache, ToLongFunction<String> rocksdbMemory,
      ToLongFunction<String> rocksdbBackground) {
    Gauge.builder("estuary.engine.rocksdb.compaction.pending", () -> rocksdbBackground.applyAsLong("pending-bytes"))
        .baseUnit("bytes").description("bytes RocksDB's compactions must still rewrite").register(registry);
    Gauge.builder("estuary.engine.rocksdb.background.jobs", () -> rocksdbBackground.applyAsLong("running"))
        .description("RocksDB flushes and compactions running").register(registry);
    for (String kind : List.of("block-cache", "memtables", "table-readers")) {
      Gauge.builder("estuary.engine.rocksdb.memory", () -> rocksdbMemory.applyAsLong(kind)).tag("kind", kind)
          .baseUnit("bytes").description("native memory RocksDB holds").register(registry);
    }
    // WAL fsyncs are counted by the store itself (it exists before the meters do).
    FunctionCounter.builder("estuary.engine.fsyncs", walFsyncs, LongAdder::doubleValue)
        .tag("kind", "wal").description("fsync calls the engine made").register(registry);
    for (Fsync kind : Fsync.values()) {
      fsyncs.put(kind, Counter.builder("estuary.engine.fsyncs").tag("kind", kind.name().toLowerCase(Locale.ROOT))
          .description("fsync calls the engine made").register(registry));
    }
    Gauge.builder("estuary.engine.open.objects", openObjects).description("objects with open handles")
        .register(registry);
    Gauge.builder("estuary.engine.rocksdb.keys", keys).description("RocksDB estimated keys")
        .register(registry);
    // Micrometer's binder: cache.gets{result=hit|miss}, cache.size, cache.evictions, ... per cache.
    CaffeineCacheMetrics.monitor(registry, cache.inodes(), "estuary.engine.inodes");
    CaffeineCacheMetrics.monitor(registry, cache.entries(), "estuary.engine.entries");
    FunctionCounter.builder("estuary.engine.listing.cache.gets", cache, MetaCache::listingHits).tag("result", "hit")
        .description("directory listings asked of the metadata cache").register(registry);
    FunctionCounter.builder("estuary.engine.listing.cache.gets", cache, MetaCache::listingMisses)
        .tag("result", "miss").description("directory listings asked of the metadata cache").register(registry);
    Gauge.builder("estuary.engine.metadata.cache.bytes", cache, EngineMetrics::cachedBytes).baseUnit("bytes")
        .description("estimated heap bytes held by the metadata cache").register(registry);
    Gauge.builder("estuary.engine.metadata.cache.hit.ratio", cache, EngineMetrics::hitRatio)
        .description("share of inode, entry and listing lookups the metadata cache answered, since start")
        .register(registry);
  }

  private static double cachedBytes(MetaCache c) {
    return weighted(c.inodes()) + weighted(c.entries()) + c.listingBytes();
  }

  private static long weighted(Cache<?, ?> cache) {
    return cache.policy().eviction().map(e -> e.weightedSize().orElse(0)).orElse(0L);
  }

  private static double hitRatio(MetaCache c) {
    CacheStats i = c.inodes().stats();
    CacheStats e = c.entries().stats();
    double hits = i.hitCount() + e.hitCount() + c.listingHits();
    double all = hits + i.missCount() + e.missCount() + c.listingMisses();
    return all == 0 ? Double.NaN : hits / all;
  }

  /**
   * Counts one fsync.
   *
   * @param kind what it made durable
   */
  public void fsynced(Fsync kind) {
    fsyncs.get(kind).increment();
  }
}
