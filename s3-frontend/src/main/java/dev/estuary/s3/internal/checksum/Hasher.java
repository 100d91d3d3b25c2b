package dev.estuary.s3.internal.checksum;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.zip.Checksum;

/**
 * An incremental checksum of one stream. Not thread-safe; {@link #digest()} ends it.
 */
public sealed interface Hasher permits Hasher.Crc, Hasher.Digest {
  /** The algorithm. */
  ChecksumAlgorithm algorithm();

  /** Adds the remaining bytes of {@code data}, consuming them. */
  void update(ByteBuffer data);

  /** Adds {@code len} bytes of {@code b} from {@code off}. */
  default void update(byte[] b, int off, int len) {
    update(ByteBuffer.wrap(b, off, len));
  }

  /** The raw checksum (big-endian for the CRCs, as S3 sends them). */
  byte[] digest();

  /** The checksum as S3 writes it in headers and XML: base64 of {@link #digest()}. */
  default String digestBase64() {
    return Base64.getEncoder().encodeToString(digest());
  }

  /** A CRC as a hasher; {@link #value()} gives the CRC as a number for combining. */
  final class Crc implements Hasher {
    private final ChecksumAlgorithm algorithm;
    private final Checksum crc;

    Crc(ChecksumAlgorithm algorithm, Checksum crc) {
      this.algorithm = algorithm;
      this.crc = crc;
    }

    @Override
    public ChecksumAlgorithm algorithm() {
      return algorithm;
    }

    @Override
    public void update(ByteBuffer data) {
      crc.update(data);
    }

    /** The CRC so far, as an unsigned number. */
    public long value() {
      return crc.getValue();
    }

    @Override
    public byte[] digest() {
      return Checksums.crcBytes(crc.getValue(), algorithm.length());
    }
  }

  /** A MessageDigest as a hasher. */
  final class Digest implements Hasher {
    private final ChecksumAlgorithm algorithm;
    private final MessageDigest md;

    Digest(ChecksumAlgorithm algorithm, MessageDigest md) {
      this.algorithm = algorithm;
      this.md = md;
    }

    @Override
    public ChecksumAlgorithm algorithm() {
      return algorithm;
    }

    @Override
    public void update(ByteBuffer data) {
      md.update(data);
    }

    @Override
    public byte[] digest() {
      return md.digest();
    }
  }
}
