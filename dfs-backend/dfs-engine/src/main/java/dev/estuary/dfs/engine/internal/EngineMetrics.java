package dev.estuary.dfs.engine.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * The engine's own meters, what only the engine can know: {@code estuary.engine.fsyncs} (counter,
 * tag {@code kind} = wal/data/directory; Prometheus {@code estuary_engine_fsyncs_total}), {@code
 * estuary.engine.open.objects} (gauge) and {@code estuary.engine.rocksdb.keys} (gauge, RocksDB's
 * estimate). Calls and bytes are counted for every backend alike by the metrics decorator
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
   */
  public EngineMetrics(MeterRegistry registry, Supplier<Number> openObjects, Supplier<Number> keys,
      LongAdder walFsyncs) {
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
