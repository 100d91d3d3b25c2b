package dev.estuary.s3.internal.ops;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * The S3 frontend's settings and limits.
 *
 * @param region the region this endpoint reports and signs for ({@code frontends.s3.region})
 * @param domain the base domain of virtual-host addressing ({@code frontends.s3.domain}): a
 *     request to {@code bucket.<domain>} names {@code bucket}; null turns it off
 * @param maxPutBytes the largest single PUT or part (S3: 5 GiB, {@code EntityTooLarge})
 * @param minPartBytes the smallest part but the last (S3: 5 MiB, {@code EntityTooSmall})
 * @param maxUserMetadataBytes the most user metadata (S3: 2 KiB, {@code MetadataTooLarge})
 * @param idleTimeout how long a connection may stay silent mid-request before it is dropped
 */
public record S3Settings(
    String region,
    @Nullable String domain,
    long maxPutBytes,
    long minPartBytes,
    int maxUserMetadataBytes,
    Duration idleTimeout) {

  /** S3's largest PUT or part: 5 GiB. */
  public static final long FIVE_GIB = 5L << 30;

  /** Validates the components. */
  public S3Settings {
    requireNonNull(region, "region");
    requireNonNull(idleTimeout, "idleTimeout");
  }

  /**
   * Returns the defaults with the given region and domain.
   *
   * @param region the region
   * @param domain the virtual-host domain or null
   * @return the settings
   */
  public static S3Settings of(String region, @Nullable String domain) {
    return new S3Settings(region, domain, FIVE_GIB, 5L << 20, 2048, Duration.ofSeconds(60));
  }
}
