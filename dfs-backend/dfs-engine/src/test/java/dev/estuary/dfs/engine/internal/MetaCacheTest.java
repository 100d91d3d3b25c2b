package dev.estuary.dfs.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.estuary.dfs.Attributes;
import dev.estuary.dfs.Dfs;
import dev.estuary.dfs.DirCursor;
import dev.estuary.dfs.DfsProvider;
import dev.estuary.dfs.ObjectId;
import dev.estuary.dfs.ObjectType;
import dev.estuary.dfs.Ownership;
import dev.estuary.dfs.Volume;
import dev.estuary.dfs.engine.EngineProvider;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetaCacheTest {
  @TempDir Path dir;

  private static Inode inode(long lo) {
    Instant t = Instant.EPOCH;
    return new Inode(new ObjectId(1, lo), ObjectType.FILE, 0, 0644, 0, 0, 0, 0, t, t, t, t, lo,
        0, 0, 0, null, null, null);
  }

  /** A cache whose inode third holds exactly {@code n} inodes without names. */
  private static MetaCache forInodes(int n) {
    return new MetaCache(3L * MetaCache.weigh(inode(0)) * n);
  }

  private static int present(MetaCache cache, int n) {
    int hits = 0;
    for (int i = 0; i < n; i++) {
      if (cache.inode(new ObjectId(1, i)) != null) {
        hits++;
      }
    }
    return hits;
  }

  @Test
  void aFullCacheEvictsAFewObjectsNotAll() {
    MetaCache cache = forInodes(1000);
    for (int i = 0; i < 1000; i++) {
      cache.fillInode(cache.generation(), inode(i));
    }
    assertThat(present(cache, 1000)).isEqualTo(1000);
    // 50% more than fits: emptying the map when full would keep only the last 500.
    for (int i = 1000; i < 1500; i++) {
      cache.fillInode(cache.generation(), inode(i));
      cache.inode(new ObjectId(1, i));
    }
    int hits = present(cache, 1500);
    assertThat(hits).isLessThanOrEqualTo(1000).isGreaterThanOrEqualTo(950);
  }

  @Test
  void aFillAfterACommitIsRefusedAndEntriesObeyTheByteBound() {
    ObjectId dir = new ObjectId(1, 1);
    int each = MetaCache.weigh(new MetaCache.EntryKey(dir, "n000"));
    MetaCache cache = new MetaCache(3L * each * 100);
    long gen = cache.generation();
    cache.committed();
    cache.fillInode(gen, inode(7));
    assertThat(cache.inode(new ObjectId(1, 7))).isNull();
    for (int i = 0; i < 300; i++) {
      cache.fillEntry(cache.generation(), dir, String.format("n%03d", i),
          new MetaCache.Entry(new ObjectId(1, i), ObjectType.FILE, 3 + i));
    }
    int hits = 0;
    for (int i = 0; i < 300; i++) {
      if (cache.entry(dir, String.format("n%03d", i)) != null) {
        hits++;
      }
    }
    assertThat(hits).isBetween(90, 100);
  }

  @Test
  void longNamesTakeMoreOfTheBoundThanShortOnes() {
    ObjectId dir = new ObjectId(1, 1);
    MetaCache cache = new MetaCache(3L * MetaCache.weigh(new MetaCache.EntryKey(dir, "n000")) * 100);
    String pad = "x".repeat(200);
    for (int i = 0; i < 100; i++) {
      cache.fillEntry(cache.generation(), dir, pad + i, new MetaCache.Entry(new ObjectId(1, i), ObjectType.FILE, i));
    }
    int hits = 0;
    for (int i = 0; i < 100; i++) {
      if (cache.entry(dir, pad + i) != null) {
        hits++;
      }
    }
    // A 200-character name weighs about four times a 4-character one: a bound by count would keep all 100.
    assertThat(hits).isLessThan(40);
    assertThat(cache.entries().policy().eviction().orElseThrow().weightedSize().orElseThrow())
        .isLessThanOrEqualTo(cache.entries().policy().eviction().orElseThrow().getMaximum());
  }

  @Test
  void entryKeysOfAGridOfDirectoriesAndNumberedNamesHashApart() {
    // 1,000 directories with consecutive ids, 1,000 names each that differ in their last digits
    // (engine-scale's shape): the record's own hash gave them about 13,000 distinct values.
    java.util.Set<Integer> hashes = new java.util.HashSet<>();
    for (int d = 0; d < 1000; d++) {
      ObjectId dir = new ObjectId(1, 1000 + d);
      for (int f = 0; f < 1000; f++) {
        hashes.add(new MetaCache.EntryKey(dir, String.format(java.util.Locale.ROOT, "f%07d", f)).hashCode());
      }
    }
    // Random 32-bit hashes of a million keys collide about 116 times.
    assertThat(hashes.size()).isGreaterThan(999_000);
    assertThat(new MetaCache.EntryKey(new ObjectId(1, 2), "a"))
        .isEqualTo(new MetaCache.EntryKey(new ObjectId(1, 2), "a"))
        .hasSameHashCodeAs(new MetaCache.EntryKey(new ObjectId(1, 2), "a"));
  }

  @Test
  void theDoorkeeperAdmitsAKeyAtItsSecondMiss_andForgetsAfterAWindow() {
    MetaCache cache = new MetaCache(1L << 20);
    ObjectId dir = new ObjectId(1, 1);
    assertThat(cache.seenBefore(dir, "a")).isFalse();
    assertThat(cache.seenBefore(dir, "a")).isTrue();
    assertThat(cache.seenBefore(new ObjectId(1, 2))).isFalse();
    assertThat(cache.seenBefore(new ObjectId(1, 2))).isTrue();
    // Other keys until a window's worth were marked: then every mark is cleared, and "a"
    // counts as unseen again. Few of the new keys share a bit with one marked before them.
    long marks = 2;
    long tried = 0;
    while (marks < cache.doorkeeperWindow()) {
      if (!cache.seenBefore(new ObjectId(2, tried++))) {
        marks++;
      }
    }
    assertThat(tried).isLessThan(cache.doorkeeperWindow() * 11 / 10);
    assertThat(cache.seenBefore(dir, "a")).isFalse();
    assertThat(new MetaCache(0).seenBefore(dir, "a")).as("no cache, no fills").isFalse();
  }

  @Test
  void aNameReadOnceIsNotCached_andReadTwiceIs() throws Exception {
    try (Dfs dfs = new EngineProvider().open(new DfsProvider.Context(dir, Clock.systemUTC(),
        new SimpleMeterRegistry(), Map.of()))) {
      Volume v = dfs.volume(dfs.createVolume("vol", 0755, Ownership.ROOT).name());
      v.create(v.root(), "f", 0644, Ownership.ROOT, true);
    }
    // Reopened: the cache starts empty, and every read of "f" misses until it is filled.
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (Dfs dfs = new EngineProvider().open(new DfsProvider.Context(dir, Clock.systemUTC(), registry, Map.of()))) {
      Volume v = dfs.volume("vol");
      java.util.function.DoubleSupplier hits = () -> registry.get("cache.gets")
          .tag("cache", "estuary.engine.entries").tag("result", "hit").functionCounter().count();
      double before = hits.getAsDouble();
      v.lookup(v.root(), "f");
      v.lookup(v.root(), "f");
      assertThat(hits.getAsDouble()).as("the first two reads miss").isEqualTo(before);
      v.lookup(v.root(), "f");
      assertThat(hits.getAsDouble()).as("filled by the second").isEqualTo(before + 1);
    }
  }

  @Test
  void zeroDisablesTheCacheAndANegativeBoundIsRefused() {
    MetaCache cache = new MetaCache(0);
    cache.fillInode(cache.generation(), inode(1));
    cache.putInode(inode(2));
    assertThat(cache.inode(new ObjectId(1, 1))).isNull();
    assertThat(cache.inode(new ObjectId(1, 2))).isNull();
    assertThatThrownBy(() -> new MetaCache(-1)).hasMessageContaining("maxBytes: -1 (expected: >= 0)");
  }

  @Test
  void theEngineReportsHitsMissesAndBytesAsMeters() throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (Dfs dfs = new EngineProvider().open(new DfsProvider.Context(dir, Clock.systemUTC(), registry, Map.of()))) {
      Volume v = dfs.volume(dfs.createVolume("vol", 0755, Ownership.ROOT).name());
      Attributes f = v.create(v.root(), "f", 0644, Ownership.ROOT, true);
      for (int i = 0; i < 10; i++) {
        v.lookup(v.root(), "f");
        v.getAttributes(f.id());
        v.readdir(v.root(), DirCursor.START, 8, true);
      }
      double hits = registry.get("cache.gets").tag("cache", "estuary.engine.entries").tag("result", "hit")
          .functionCounter().count()
          + registry.get("cache.gets").tag("cache", "estuary.engine.inodes").tag("result", "hit")
          .functionCounter().count();
      assertThat(hits).isGreaterThan(0);
      assertThat(registry.get("estuary.engine.metadata.cache.hit.ratio").gauge().value()).isBetween(0.5, 1.0);
      assertThat(registry.get("estuary.engine.metadata.cache.bytes").gauge().value()).isGreaterThan(0);
      // The first listing of the root reads RocksDB and is cached; the nine after it are served from memory.
      assertThat(registry.get("estuary.engine.listing.cache.gets").tag("result", "hit").functionCounter().count())
          .isGreaterThanOrEqualTo(9);
    }
  }

  @Test
  void theOldCountOptionIsRefusedNamingTheNewOne() {
    assertThatThrownBy(() -> EngineConfig.parse(Map.of("metadata-cache", "1000")))
        .hasMessageContaining("'metadata-cache'").hasMessageContaining("metadata-cache-mb");
    assertThat(EngineConfig.parse(Map.of("metadata-cache-mb", "64")).metadataCacheBytes()).isEqualTo(64L << 20);
    assertThat(EngineConfig.parse(Map.of()).metadataCacheBytes()).isEqualTo(256L << 20);
  }
}
