package dev.estuary.dataset.internal.codec;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The limits of the dataset service, all checked before anything is allocated for a request. Set
 * through the frontend options {@code dataset.<key>} (gateway-core CONFIG.md, "Dataset service").
 *
 * @param maxMessageBytes largest inbound message ({@code max-message-bytes}, default 8 MiB);
 *     larger ones are refused by gRPC with RESOURCE_EXHAUSTED
 * @param defaultChunkBytes data bytes per streamed message when the request names none ({@code
 *     chunk-bytes}, default 1 MiB)
 * @param maxChunkBytes largest chunk a request may ask for, and largest checkpoint data message
 *     ({@code max-chunk-bytes}, default 4 MiB)
 * @param maxBatchPaths most paths in one GetBatch ({@code max-batch-paths}, default 4096)
 * @param maxScanBatch most entries a Scan message may be asked to carry ({@code max-scan-batch},
 *     default 65536)
 * @param maxSuffixes most suffix filters in one Scan ({@code max-suffixes}, default 64)
 */
public record ServiceLimits(
    int maxMessageBytes,
    int defaultChunkBytes,
    int maxChunkBytes,
    int maxBatchPaths,
    int maxScanBatch,
    int maxSuffixes) {

  /** Entries per Scan message when the request names none. */
  public static final int DEFAULT_SCAN_BATCH = 1000;

  /** The option keys {@link #fromOptions} reads. */
  public static final Set<String> KEYS =
      Set.of("max-message-bytes", "chunk-bytes", "max-chunk-bytes", "max-batch-paths",
          "max-scan-batch", "max-suffixes");

  /** Validates the components. */
  public ServiceLimits {
    positive("max-message-bytes", maxMessageBytes);
    positive("chunk-bytes", defaultChunkBytes);
    positive("max-chunk-bytes", maxChunkBytes);
    positive("max-batch-paths", maxBatchPaths);
    positive("max-scan-batch", maxScanBatch);
    positive("max-suffixes", maxSuffixes);
    if (defaultChunkBytes > maxChunkBytes) {
      throw new IllegalArgumentException(
          "chunk-bytes: " + defaultChunkBytes + " (expected: <= max-chunk-bytes " + maxChunkBytes + ")");
    }
    // A data message carries the chunk plus a few bytes of framing: it must fit the inbound limit.
    if (maxChunkBytes > maxMessageBytes - 1024) {
      throw new IllegalArgumentException(
          "max-chunk-bytes: " + maxChunkBytes + " (expected: <= max-message-bytes - 1024 = "
              + (maxMessageBytes - 1024) + ")");
    }
  }

  /**
   * Returns the defaults.
   *
   * @return 8 MiB messages, 1 MiB chunks (4 MiB at most), 4096 paths per batch, 65536 entries per
   *     scan message, 64 suffixes
   */
  public static ServiceLimits defaults() {
    return new ServiceLimits(8 << 20, 1 << 20, 4 << 20, 4096, 65536, 64);
  }

  /**
   * Reads the limits from frontend options, defaults for those absent.
   *
   * @param options keys of {@link #KEYS} (and others, which are ignored here)
   * @return the limits
   * @throws IllegalArgumentException naming the key and value for a value that is not a positive
   *     integer
   */
  public static ServiceLimits fromOptions(Map<String, String> options) {
    ServiceLimits d = defaults();
    return new ServiceLimits(
        intOption(options, "max-message-bytes", d.maxMessageBytes),
        intOption(options, "chunk-bytes", d.defaultChunkBytes),
        intOption(options, "max-chunk-bytes", d.maxChunkBytes),
        intOption(options, "max-batch-paths", d.maxBatchPaths),
        intOption(options, "max-scan-batch", d.maxScanBatch),
        intOption(options, "max-suffixes", d.maxSuffixes));
  }

  /**
   * Returns the chunk size for a request.
   *
   * @param requested the request's {@code chunk_size}, 0 for the default
   * @return the chunk size to use
   * @throws RequestException RESOURCE_EXHAUSTED above {@link #maxChunkBytes}
   */
  public int chunkSize(int requested) {
    if (requested == 0) {
      return defaultChunkBytes;
    }
    if (requested < 0 || requested > maxChunkBytes) {
      throw RequestException.tooLarge(
          "chunk_size: " + Integer.toUnsignedString(requested) + " (expected: 0 for the default "
              + defaultChunkBytes + ", or 1.." + maxChunkBytes + ")");
    }
    return requested;
  }

  /**
   * Returns the number of entries per Scan message.
   *
   * @param requested the request's {@code batch_size}, 0 for the default
   * @return the batch size to use
   * @throws RequestException RESOURCE_EXHAUSTED above {@link #maxScanBatch}
   */
  public int scanBatch(int requested) {
    if (requested == 0) {
      return Math.min(DEFAULT_SCAN_BATCH, maxScanBatch);
    }
    if (requested < 0 || requested > maxScanBatch) {
      throw RequestException.tooLarge(
          "batch_size: " + Integer.toUnsignedString(requested) + " (expected: 0 for the default, or 1.."
              + maxScanBatch + ")");
    }
    return requested;
  }

  /**
   * Checks the number of paths of a GetBatch.
   *
   * @param count the number of paths
   * @throws RequestException RESOURCE_EXHAUSTED above {@link #maxBatchPaths}
   */
  public void checkBatchPaths(int count) {
    if (count > maxBatchPaths) {
      throw RequestException.tooLarge(
          "paths: " + count + " entries (expected: at most " + maxBatchPaths + " per GetBatch)");
    }
  }

  /**
   * Checks the number of suffix filters of a Scan.
   *
   * @param count the number of suffixes
   * @throws RequestException RESOURCE_EXHAUSTED above {@link #maxSuffixes}
   */
  public void checkSuffixes(int count) {
    if (count > maxSuffixes) {
      throw RequestException.tooLarge(
          "suffixes: " + count + " entries (expected: at most " + maxSuffixes + ")");
    }
  }

  /**
   * Checks the size of one checkpoint data message.
   *
   * @param bytes its data length
   * @throws RequestException RESOURCE_EXHAUSTED above {@link #maxChunkBytes}
   */
  public void checkDataMessage(int bytes) {
    if (bytes > maxChunkBytes) {
      throw RequestException.tooLarge(
          "data: " + bytes + " bytes in one message (expected: at most " + maxChunkBytes + ")");
    }
  }

  /**
   * Returns the option keys of a map that this service does not know.
   *
   * @param options the options
   * @param others other keys the caller accepts
   * @return the unknown keys, sorted
   */
  public static Set<String> unknownKeys(Map<String, String> options, Set<String> others) {
    Set<String> unknown = new TreeSet<>(options.keySet());
    unknown.removeAll(KEYS);
    unknown.removeAll(others);
    return unknown;
  }

  private static int intOption(Map<String, String> options, String key, int dflt) {
    String v = options.get(key);
    if (v == null) {
      return dflt;
    }
    try {
      int n = Integer.parseInt(v.strip());
      positive(key, n);
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("dataset." + key + ": '" + v + "' (expected: a positive integer)", e);
    }
  }

  private static void positive(String key, int n) {
    if (n <= 0) {
      throw new IllegalArgumentException("dataset." + key + ": " + n + " (expected: > 0)");
    }
  }
}
