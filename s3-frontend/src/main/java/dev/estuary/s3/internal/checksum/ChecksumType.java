package dev.estuary.s3.internal.checksum;

import dev.estuary.s3.internal.error.S3ErrorCode;
import java.util.Locale;

/**
 * {@code x-amz-checksum-type} of a multipart upload (S3 User Guide, "Checking object integrity"
 * → "Using full object checksums for multipart upload"): COMPOSITE is the checksum of the part
 * checksums with a {@code -N} suffix; FULL_OBJECT is the checksum of the whole object, available
 * for the CRCs only. Single-part objects are FULL_OBJECT.
 */
public enum ChecksumType {
  COMPOSITE,
  FULL_OBJECT;

  /** The header carrying it. */
  public static final String HEADER = "x-amz-checksum-type";

  /**
   * Parses a header value.
   *
   * @throws dev.estuary.s3.internal.error.S3Exception InvalidRequest for another value
   */
  public static ChecksumType parse(String value) {
    try {
      return valueOf(value.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw S3ErrorCode.INVALID_REQUEST.exception(
          "x-amz-checksum-type: '" + value + "' (expected: COMPOSITE or FULL_OBJECT)");
    }
  }

  /**
   * Checks the pair S3 allows: FULL_OBJECT only for the CRCs, COMPOSITE for all but CRC64NVME.
   *
   * @throws dev.estuary.s3.internal.error.S3Exception InvalidRequest otherwise
   */
  public void checkSupports(ChecksumAlgorithm algorithm) {
    boolean ok = this == FULL_OBJECT ? algorithm.supportsFullObject() : algorithm != ChecksumAlgorithm.CRC64NVME;
    if (!ok || !algorithm.isS3Checksum()) {
      throw S3ErrorCode.INVALID_REQUEST.exception("The " + name() + " checksum type cannot be used with the "
          + algorithm.wireName().toLowerCase(Locale.ROOT) + " checksum algorithm.");
    }
  }
}
