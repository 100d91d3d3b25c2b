package dev.estuary.dfs.engine.internal;

import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.ErrorKind;
import java.util.Map;
import java.util.Set;

/**
 * The engine's options, parsed from {@code DfsProvider.Context.options()} (the table of keys is in
 * {@code EngineProvider}'s Javadoc).
 *
 * @param inlineThreshold largest file kept inline in RocksDB, in bytes
 * @param blockCacheBytes RocksDB block cache size
 * @param flushIntervalMillis how often attributes of open objects are written back
 * @param idBlock object ids reserved per fsynced high-water-mark update
 * @param metadataCacheBytes heap bytes of decoded metadata cached in memory; 0 disables the cache
 */
public record EngineConfig(int inlineThreshold, long blockCacheBytes, long flushIntervalMillis,
    long idBlock, long metadataCacheBytes) {

  /** Option key: inline threshold in bytes. */
  public static final String INLINE_THRESHOLD = "inline-threshold";
  /** Option key: block cache in MiB. */
  public static final String BLOCK_CACHE_MB = "block-cache-mb";
  /** Option key: attribute write-back interval in milliseconds. */
  public static final String FLUSH_INTERVAL_MS = "flush-interval-ms";
  /** Option key: ids per reserved block. */
  public static final String ID_BLOCK = "id-block";

  /** Option key: heap MiB of decoded metadata cached in memory. */
  public static final String METADATA_CACHE_MB = "metadata-cache-mb";

  private static final Set<String> KEYS =
      Set.of(INLINE_THRESHOLD, BLOCK_CACHE_MB, FLUSH_INTERVAL_MS, ID_BLOCK, METADATA_CACHE_MB);

  /**
   * Parses options; unknown keys and bad values are refused.
   *
   * @param options the options
   * @return the configuration
   * @throws DfsException {@link ErrorKind#INVALID_ARGUMENT} naming the option
   */
  public static EngineConfig parse(Map<String, String> options) {
    for (String key : options.keySet()) {
      if (!KEYS.contains(key)) {
        throw new DfsException(ErrorKind.INVALID_ARGUMENT,
            "engine option: '" + key + "' (expected: one of " + KEYS + ")");
      }
    }
    long inline = number(options, INLINE_THRESHOLD, 64 * 1024, 0, 1024 * 1024);
    long cacheMb = number(options, BLOCK_CACHE_MB, 512, 1, 1 << 20);
    long flush = number(options, FLUSH_INTERVAL_MS, 1000, 10, 3_600_000);
    long block = number(options, ID_BLOCK, 1 << 20, 1, 1L << 40);
    long metaCacheMb = number(options, METADATA_CACHE_MB, 256, 0, 1 << 20);
    return new EngineConfig((int) inline, cacheMb * 1024 * 1024, flush, block, metaCacheMb * 1024 * 1024);
  }

  private static long number(Map<String, String> options, String key, long dflt, long min, long max) {
    String v = options.get(key);
    if (v == null) {
      return dflt;
    }
    try {
      long n = Long.parseLong(v.trim());
      if (n < min || n > max) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new DfsException(ErrorKind.INVALID_ARGUMENT,
          "engine option " + key + ": '" + v + "' (expected: an integer from " + min + " to " + max + ")");
    }
  }
}
