package dev.estuary.s3.internal.ops;

import dev.estuary.s3.internal.checksum.ChecksumAlgorithm;
import dev.estuary.s3.internal.checksum.Hasher;
import java.util.List;

/**
 * A thin bridge to s3-auth's checksum package: S3 algorithm names as strings (how {@link
 * dev.estuary.s3.internal.codec.ObjectMeta} stores them) to {@link ChecksumAlgorithm}s and
 * their hashers.
 */
final class Checksums {
  /** The algorithms S3 offers, as {@code x-amz-checksum-algorithm} spells them. */
  static final List<String> ALGORITHMS =
      List.of("CRC32", "CRC32C", "CRC64NVME", "SHA1", "SHA256");

  private Checksums() {}

  /**
   * Returns the S3 spelling of an algorithm name given in any case.
   *
   * @param name e.g. {@code crc32c}
   * @return e.g. {@code CRC32C}
   * @throws dev.estuary.s3.internal.error.S3Exception {@code InvalidRequest} for an unknown one
   */
  static String canonical(String name) {
    return ChecksumAlgorithm.fromWireName(name).wireName();
  }

  static ChecksumAlgorithm algorithm(String name) {
    return ChecksumAlgorithm.fromWireName(name);
  }

  static Hasher hasher(String algorithm) {
    return ChecksumAlgorithm.fromWireName(algorithm).newHasher();
  }
}
