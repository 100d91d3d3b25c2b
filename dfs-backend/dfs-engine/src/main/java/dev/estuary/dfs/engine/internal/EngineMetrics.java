package dev.estuary.dfs.engine.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * The engine's meters: {@code estuary.engine.ops} (counter, tag {@code op}), {@code
 * estuary.engine.bytes} (counter, tag {@code direction} = read/written), {@code
 * estuary.engine.fsyncs} (counter, tag {@code kind} = wal/data/directory; Prometheus {@code
 * estuary_engine_fsyncs_total}), {@code
 * estuary.engine.open.objects} (gauge) and {@code estuary.engine.rocksdb.keys} (gauge, RocksDB's
 * estimate). Counters are looked up once, so counting costs one add.
 */
public final class EngineMetrics {
  /** The operations counted. */
  public enum Op {
    LOOKUP, GETATTR, SETATTR, CREATE, MKDIR, SYMLINK, READLINK, REMOVE, RENAME, LINK, READDIR,
    OPEN, READ, WRITE, TRUNCATE, PUNCH, ALLOCATE, SEEK, COPY, TRANSFER, SYNC, SYNC_DATA,
    SYNC_NAMESPACE, XATTR, STATFS
  }

  /** What an fsync made durable, other than the WAL (counted by {@link MetaStore}). */
  public enum Fsync {
    /** A data file. */
    DATA,
    /** A directory holding data files (a new file's entry). */
    DIRECTORY
  }

  private final EnumMap<Op, Counter> ops = new EnumMap<>(Op.class);
  private final EnumMap<Fsync, Counter> fsyncs = new EnumMap<>(Fsync.class);
  private final Counter bytesRead;
  private final Counter bytesWritten;

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
    for (Op op : Op.values()) {
      ops.put(op, Counter.builder("estuary.engine.ops").tag("op", op.name().toLowerCase())
          .description("engine operations").register(registry));
    }
    // WAL fsyncs are counted by the store itself (it exists before the meters do).
    FunctionCounter.builder("estuary.engine.fsyncs", walFsyncs, LongAdder::doubleValue)
        .tag("kind", "wal").description("fsync calls the engine made").register(registry);
    for (Fsync kind : new Fsync[] {Fsync.DATA, Fsync.DIRECTORY}) {
      fsyncs.put(kind, Counter.builder("estuary.engine.fsyncs").tag("kind", kind.name().toLowerCase())
          .description("fsync calls the engine made").register(registry));
    }
    bytesRead = Counter.builder("estuary.engine.bytes").tag("direction", "read")
        .baseUnit("bytes").register(registry);
    bytesWritten = Counter.builder("estuary.engine.bytes").tag("direction", "written")
        .baseUnit("bytes").register(registry);
    Gauge.builder("estuary.engine.open.objects", openObjects).description("objects with open handles")
        .register(registry);
    Gauge.builder("estuary.engine.rocksdb.keys", keys).description("RocksDB estimated keys")
        .register(registry);
  }

  /**
   * Counts one operation.
   *
   * @param op the operation
   */
  public void count(Op op) {
    ops.get(op).increment();
  }

  /**
   * Counts one fsync.
   *
   * @param kind what it made durable
   */
  public void fsynced(Fsync kind) {
    fsyncs.get(kind).increment();
  }

  /**
   * Counts bytes read.
   *
   * @param n bytes
   */
  public void read(long n) {
    bytesRead.increment(n);
  }

  /**
   * Counts bytes written.
   *
   * @param n bytes
   */
  public void written(long n) {
    bytesWritten.increment(n);
  }
}
