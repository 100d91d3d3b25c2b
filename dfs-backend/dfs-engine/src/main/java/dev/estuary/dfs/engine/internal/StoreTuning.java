package dev.estuary.dfs.engine.internal;

/**
 * The RocksDB table and compaction settings of the {@link MetaStore} that were chosen by
 * measurement (bench/README.md, "Issue 10 round 4"), gathered in one value so that a benchmark can
 * open the same engine with one of them changed and compare. {@link #DEFAULTS} is what the engine
 * runs with; no engine option exposes the others, since each was measured to lose or not to matter.
 *
 * @param bloomBitsPerKey bits per key of the whole-key bloom filters (0: no filters)
 * @param partitionedIndexFilters two-level (partitioned) index and filter blocks, loaded into the
 *     block cache piece by piece, instead of one index and one filter block per table
 * @param compactOnDeletion whether a table whose keys are dense with tombstones is marked for
 *     compaction when it is written ({@code CompactOnDeletionCollector}): see {@link
 *     #DELETION_WINDOW}
 * @param directReads whether tables are read with {@code O_DIRECT}, bypassing the page cache (the
 *     block cache alone caches them)
 */
public record StoreTuning(int bloomBitsPerKey, boolean partitionedIndexFilters,
    boolean compactOnDeletion, boolean directReads) {

  /**
   * The sliding window, in consecutive keys of a table, in which {@link #DELETION_TRIGGER}
   * tombstones mark the table for compaction. Unlinks in name order leave runs of thousands of
   * adjacent tombstones (a directory's entries are adjacent keys), exactly what the window catches;
   * scattered deletes (a file here and there) stay below it and cost no extra compaction.
   */
  public static final long DELETION_WINDOW = 32_768;
  /** Tombstones within one {@link #DELETION_WINDOW} that mark a table for compaction (half of it). */
  public static final long DELETION_TRIGGER = 16_384;
  /** Fraction of a whole table's keys being tombstones that marks it for compaction as well. */
  public static final double DELETION_RATIO = 0.5;

  /** What the engine runs with. */
  public static final StoreTuning DEFAULTS = new StoreTuning(10, false, true, false);

  /**
   * Checks the values.
   *
   * @throws IllegalArgumentException for bits per key outside 0..64
   */
  public StoreTuning {
    if (bloomBitsPerKey < 0 || bloomBitsPerKey > 64) {
      throw new IllegalArgumentException("bloomBitsPerKey: " + bloomBitsPerKey + " (expected: 0 to 64)");
    }
  }
}
