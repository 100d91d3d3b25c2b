package dev.estuary.dataset.internal.codec;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The limits of {@code WriteCheckpoint} streams, so that a client can neither fill the disk with
 * a stream that never ends nor hold a call (and an unlinked object) open forever (issue 8 item
 * 7). Set through the frontend options {@code dataset.<key>} (gateway-core CONFIG.md, "Dataset
 * service").
 *
 * @param maxBytes largest checkpoint ({@code max-checkpoint-bytes}, default 64 GiB): a header
 *     declaring more, or data going past it, ends the stream with RESOURCE_EXHAUSTED
 * @param maxBytesPerUser most bytes one user may have in checkpoints being written and not yet
 *     published, all streams together ({@code max-checkpoint-bytes-per-user}, default 128 GiB)
 * @param idleTimeout longest wait for the client's next message ({@code checkpoint-idle-timeout},
 *     default 60 s): a stream quiet for longer ends with DEADLINE_EXCEEDED and its data is dropped
 */
public record CheckpointLimits(long maxBytes, long maxBytesPerUser, Duration idleTimeout) {

  /** The option keys {@link #fromOptions} reads. */
  public static final Set<String> KEYS =
      Set.of("max-checkpoint-bytes", "max-checkpoint-bytes-per-user", "checkpoint-idle-timeout");

  /** Validates the components. */
  public CheckpointLimits {
    if (maxBytes <= 0 || maxBytesPerUser <= 0) {
      throw new IllegalArgumentException("dataset.max-checkpoint-bytes/max-checkpoint-bytes-per-user: " + maxBytes
          + "/" + maxBytesPerUser + " (expected: each > 0)");
    }
    if (idleTimeout.isNegative() || idleTimeout.isZero()) {
      throw new IllegalArgumentException(
          "dataset.checkpoint-idle-timeout: " + idleTimeout + " (expected: > 0)");
    }
  }

  /**
   * Returns the defaults.
   *
   * @return 64 GiB per checkpoint, 128 GiB in flight per user, 60 s idle timeout
   */
  public static CheckpointLimits defaults() {
    return new CheckpointLimits(64L << 30, 128L << 30, Duration.ofSeconds(60));
  }

  /**
   * Reads the limits from frontend options, defaults for those absent.
   *
   * @param options keys of {@link #KEYS} (others are ignored here)
   * @return the limits
   * @throws IllegalArgumentException naming the key and value of an unusable value
   */
  public static CheckpointLimits fromOptions(Map<String, String> options) {
    CheckpointLimits d = defaults();
    return new CheckpointLimits(
        longOption(options, "max-checkpoint-bytes", d.maxBytes),
        longOption(options, "max-checkpoint-bytes-per-user", d.maxBytesPerUser),
        durationOption(options, "checkpoint-idle-timeout", d.idleTimeout));
  }

  private static long longOption(Map<String, String> options, String key, long dflt) {
    String v = options.get(key);
    if (v == null) {
      return dflt;
    }
    try {
      return Long.parseLong(v.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("dataset." + key + ": '" + v + "' (expected: a positive integer)", e);
    }
  }

  /** Accepts seconds ({@code 90}), with a unit ({@code 500ms}, {@code 90s}, {@code 2m}) or ISO-8601. */
  private static Duration durationOption(Map<String, String> options, String key, Duration dflt) {
    String v = options.get(key);
    if (v == null) {
      return dflt;
    }
    String s = v.strip().toLowerCase(Locale.ROOT);
    try {
      if (s.startsWith("p")) {
        return Duration.parse(s.toUpperCase(Locale.ROOT));
      }
      if (s.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
      }
      if (s.endsWith("s")) {
        return Duration.ofSeconds(Long.parseLong(s.substring(0, s.length() - 1)));
      }
      if (s.endsWith("m")) {
        return Duration.ofMinutes(Long.parseLong(s.substring(0, s.length() - 1)));
      }
      return Duration.ofSeconds(Long.parseLong(s));
    } catch (NumberFormatException | DateTimeParseException e) {
      throw new IllegalArgumentException(
          "dataset." + key + ": '" + v + "' (expected: seconds, or a number with ms, s or m, such as 90s)", e);
    }
  }
}
