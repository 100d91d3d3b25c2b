package dev.estuary.dfs.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.dfs.Dfs;
import dev.estuary.dfs.DfsProvider;
import dev.estuary.dfs.Ownership;
import dev.estuary.dfs.Volume;
import dev.estuary.dfs.engine.EngineProvider;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gauge {@code estuary.engine.rocksdb.memory{kind}}: what RocksDB holds outside the heap, the
 * figures the scale benchmark reports (issue 10). Memtables are charged to the block cache (the
 * write buffer manager), so the block cache's usage covers them. And the gauges of RocksDB's
 * background work, which the scale benchmark waits on before it times settled reads.
 */
class EngineMemoryMetricsTest {
  @TempDir Path dir;

  private static double gauge(SimpleMeterRegistry registry, String kind) {
    Gauge g = registry.find("estuary.engine.rocksdb.memory").tag("kind", kind).gauge();
    assertThat(g).as("gauge estuary.engine.rocksdb.memory{kind=%s}", kind).isNotNull();
    return g.value();
  }

  @Test
  void rocksdbMemoryIsReportedByKindAndMemtablesAreChargedToTheBlockCache() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    Dfs dfs = new EngineProvider().open(new DfsProvider.Context(dir, Clock.systemUTC(), registry,
        Map.of("block-cache-mb", "64")));
    try {
      Volume v = dfs.volume(dfs.createVolume("vol", 0755, Ownership.ROOT).name());
      for (int i = 0; i < 2000; i++) {
        v.create(v.root(), "f" + i, 0644, Ownership.ROOT, true);
      }
      double memtables = gauge(registry, "memtables");
      assertThat(memtables).isPositive();
      assertThat(gauge(registry, "block-cache")).isGreaterThanOrEqualTo(memtables);
      assertThat(gauge(registry, "table-readers")).isNotNegative();
    } finally {
      dfs.close();
    }
    // A scrape after close gets -1, never a call into a closed RocksDB.
    assertThat(gauge(registry, "memtables")).isEqualTo(-1);
  }

  @Test
  void rocksdbBackgroundWorkIsReportedAndSettlesOnceFlushed() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    Dfs dfs = new EngineProvider().open(new DfsProvider.Context(dir, Clock.systemUTC(), registry, Map.of()));
    try {
      Volume v = dfs.volume(dfs.createVolume("vol", 0755, Ownership.ROOT).name());
      for (int i = 0; i < 2000; i++) {
        v.create(v.root(), "f" + i, 0644, Ownership.ROOT, true);
      }
      v.syncNamespace();
      Gauge pending = registry.find("estuary.engine.rocksdb.compaction.pending").gauge();
      Gauge jobs = registry.find("estuary.engine.rocksdb.background.jobs").gauge();
      assertThat(pending).isNotNull();
      assertThat(jobs).isNotNull();
      // 2,000 small keys sit in the memtables: no table to compact, nothing running.
      assertThat(pending.value()).isZero();
      assertThat(jobs.value()).isZero();
    } finally {
      dfs.close();
    }
    assertThat(registry.find("estuary.engine.rocksdb.background.jobs").gauge().value()).isEqualTo(-1);
  }
}
