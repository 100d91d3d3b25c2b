package dev.estuary.s3.internal.checksum;

import dev.estuary.s3.internal.error.S3ErrorCode;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.Optional;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;
import org.jspecify.annotations.Nullable;

/**
 * The object checksums S3 knows (S3 User Guide, "Checking object integrity"), with their wire
 * names: the {@code x-amz-sdk-checksum-algorithm} / {@code x-amz-checksum-algorithm} value, the
 * {@code x-amz-checksum-*} header and the {@code Checksum*} XML element. MD5 is the
 * {@code Content-MD5} header and the ETag, never an x-amz-checksum.
 */
public enum ChecksumAlgorithm {
  CRC32("CRC32", 4, CrcCombiner.crc32()),
  CRC32C("CRC32C", 4, CrcCombiner.crc32c()),
  CRC64NVME("CRC64NVME", 8, CrcCombiner.crc64nvme()),
  SHA1("SHA1", 20, null),
  SHA256("SHA256", 32, null),
  MD5("MD5", 16, null);

  private final String wireName;
  private final int length;
  private final @Nullable CrcCombiner combiner;

  ChecksumAlgorithm(String wireName, int length, @Nullable CrcCombiner combiner) {
    this.wireName = wireName;
    this.length = length;
    this.combiner = combiner;
  }

  /** The name in {@code x-amz-sdk-checksum-algorithm}, e.g. {@code CRC64NVME}. */
  public String wireName() {
    return wireName;
  }

  /** The length of the raw checksum in bytes. */
  public int length() {
    return length;
  }

  /** The request/response header, e.g. {@code x-amz-checksum-crc64nvme}; {@code content-md5} for MD5. */
  public String headerName() {
    return this == MD5 ? "content-md5" : "x-amz-checksum-" + wireName.toLowerCase(Locale.ROOT);
  }

  /** The XML element in CompleteMultipartUpload, ListParts, GetObjectAttributes: e.g. {@code ChecksumCRC32C}. */
  public String xmlElement() {
    return "Checksum" + wireName;
  }

  /** Whether S3 offers it as an x-amz-checksum (all but MD5). */
  public boolean isS3Checksum() {
    return this != MD5;
  }

  /** Whether a FULL_OBJECT checksum of a multipart upload can be combined from its parts (the CRCs). */
  public boolean supportsFullObject() {
    return combiner != null;
  }

  /** The CRC combiner, for the CRCs. */
  public Optional<CrcCombiner> combiner() {
    return Optional.ofNullable(combiner);
  }

  /** A new incremental hasher. */
  public Hasher newHasher() {
    return switch (this) {
      case CRC32 -> new Hasher.Crc(this, new CRC32());
      case CRC32C -> new Hasher.Crc(this, new CRC32C());
      case CRC64NVME -> new Hasher.Crc(this, new Crc64Nvme());
      case SHA1 -> new Hasher.Digest(this, digest("SHA-1"));
      case SHA256 -> new Hasher.Digest(this, digest("SHA-256"));
      case MD5 -> new Hasher.Digest(this, digest("MD5"));
    };
  }

  private static MessageDigest digest(String name) {
    try {
      return MessageDigest.getInstance(name);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(name + " is a required JDK algorithm", e);
    }
  }

  /**
   * Parses an {@code x-amz-sdk-checksum-algorithm} / {@code x-amz-checksum-algorithm} value
   * (case-insensitive; MD5 is not one).
   *
   * @throws dev.estuary.s3.internal.error.S3Exception InvalidRequest for anything else
   */
  public static ChecksumAlgorithm fromWireName(String name) {
    for (ChecksumAlgorithm a : values()) {
      if (a.isS3Checksum() && a.wireName.equalsIgnoreCase(name.strip())) {
        return a;
      }
    }
    throw S3ErrorCode.INVALID_REQUEST.exception("Checksum algorithm provided is unsupported: '" + name
        + "'. Please try again with any of the valid types: [CRC32, CRC32C, CRC64NVME, SHA1, SHA256]");
  }

  /** The algorithm whose {@code x-amz-checksum-*} header is {@code name} (lower case), if any. */
  public static Optional<ChecksumAlgorithm> fromHeaderName(String name) {
    for (ChecksumAlgorithm a : values()) {
      if (a.isS3Checksum() && a.headerName().equals(name)) {
        return Optional.of(a);
      }
    }
    return Optional.empty();
  }
}
