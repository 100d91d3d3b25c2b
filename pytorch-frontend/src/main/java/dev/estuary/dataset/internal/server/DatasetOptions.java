package dev.estuary.dataset.internal.server;

import dev.estuary.dataset.internal.codec.CheckpointLimits;
import dev.estuary.dataset.internal.codec.ServiceLimits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The dataset frontend's settings, from the frontend options {@code dataset.<key>} (gateway-core
 * CONFIG.md, "Dataset service"): TLS, thread counts, {@link ServiceLimits} and {@link CheckpointLimits}.
 *
 * @param tlsCert PEM certificate chain ({@code tls-cert}); with {@code tlsKey} the service accepts
 *     TLS connections only
 * @param tlsKey PEM PKCS#8 private key ({@code tls-key})
 * @param ioThreads threads of the bounded executor for handlers and backend I/O ({@code
 *     io-threads}, default 4 per core, at least 8)
 * @param scanThreads threads of the directory-listing pool shared by all Scans ({@code
 *     scan-threads}, default 2 per core, at least 4)
 * @param scanParallelism directories one Scan lists at once ({@code scan-parallelism}, default
 *     {@code scanThreads})
 * @param limits the request limits
 * @param checkpoints the limits of checkpoint streams
 */
public record DatasetOptions(
    @Nullable Path tlsCert,
    @Nullable Path tlsKey,
    int ioThreads,
    int scanThreads,
    int scanParallelism,
    ServiceLimits limits,
    CheckpointLimits checkpoints) {

  private static final Set<String> KEYS = keys();

  private static Set<String> keys() {
    Set<String> k = new java.util.HashSet<>(Set.of("tls-cert", "tls-key", "io-threads", "scan-threads", "scan-parallelism"));
    k.addAll(CheckpointLimits.KEYS);
    return Set.copyOf(k);
  }

  /** Validates the components. */
  public DatasetOptions {
    if ((tlsCert == null) != (tlsKey == null)) {
      throw new IllegalArgumentException(
          "dataset.tls-cert/tls-key: only one is set (expected: both, or neither for plaintext)");
    }
    if (tlsCert != null && !Files.isReadable(tlsCert)) {
      throw new IllegalArgumentException("dataset.tls-cert: '" + tlsCert + "' (expected: a readable PEM file)");
    }
    if (tlsKey != null && !Files.isReadable(tlsKey)) {
      throw new IllegalArgumentException("dataset.tls-key: '" + tlsKey + "' (expected: a readable PEM file)");
    }
    if (ioThreads < 1 || scanThreads < 1 || scanParallelism < 1) {
      throw new IllegalArgumentException(
          "dataset.io-threads/scan-threads/scan-parallelism: " + ioThreads + "/" + scanThreads + "/"
              + scanParallelism + " (expected: each >= 1)");
    }
  }

  /**
   * Reads the options, defaults for those absent.
   *
   * @param options the frontend's options without the {@code dataset.} prefix
   * @param cores the number of processors
   * @return the settings
   * @throws IllegalArgumentException naming an unknown key or an unusable value
   */
  public static DatasetOptions fromOptions(Map<String, String> options, int cores) {
    Set<String> unknown = ServiceLimits.unknownKeys(options, KEYS);
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException(
          "dataset options: unknown " + unknown + " (expected: tls-cert, tls-key, io-threads, scan-threads,"
              + " scan-parallelism, " + String.join(", ", new java.util.TreeSet<>(ServiceLimits.KEYS)) + ", "
              + String.join(", ", new java.util.TreeSet<>(CheckpointLimits.KEYS)) + ")");
    }
    String cert = options.get("tls-cert");
    String key = options.get("tls-key");
    int scan = intOption(options, "scan-threads", Math.max(4, 2 * cores));
    return new DatasetOptions(
        cert == null ? null : Path.of(cert),
        key == null ? null : Path.of(key),
        intOption(options, "io-threads", Math.max(8, 4 * cores)),
        scan,
        intOption(options, "scan-parallelism", scan),
        ServiceLimits.fromOptions(options),
        CheckpointLimits.fromOptions(options));
  }

  private static int intOption(Map<String, String> options, String key, int dflt) {
    String v = options.get(key);
    if (v == null) {
      return dflt;
    }
    try {
      return Integer.parseInt(v.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("dataset." + key + ": '" + v + "' (expected: a positive integer)", e);
    }
  }
}
