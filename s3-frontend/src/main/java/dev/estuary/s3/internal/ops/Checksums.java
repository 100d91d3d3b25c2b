package dev.estuary.s3.internal.ops;

import dev.estuary.s3.internal.error.S3ErrorCode;
import dev.estuary.s3.internal.error.S3Exception;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Locale;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;
import java.util.zip.Checksum;

/**
 * The {@code x-amz-checksum-*} algorithms by their S3 names, as {@link Hasher}s.
 */
public final class Checksums {
  /** The algorithms S3 offers, as {@code x-amz-checksum-algorithm} spells them. */
  public static final List<String> ALGORITHMS =
      List.of("CRC32", "CRC32C", "CRC64NVME", "SHA1", "SHA256");

  private Checksums() {}

  /**
   * Returns the S3 spelling of an algorithm name given in any case.
   *
   * @param name e.g. {@code crc32c}
   * @return e.g. {@code CRC32C}
   * @throws S3Exception {@code InvalidRequest} for an unknown algorithm
   */
  public static String canonical(String name) {
    String n = name.strip().toUpperCase(Locale.ROOT);
    if (!ALGORITHMS.contains(n)) {
      throw new S3Exception(S3ErrorCode.INVALID_REQUEST, "checksum algorithm: '" + name
          + "' (expected: one of CRC32, CRC32C, CRC64NVME, SHA1, SHA256)");
    }
    return n;
  }

  /**
   * Returns a new hasher.
   *
   * @param algorithm an entry of {@link #ALGORITHMS}
   * @return the hasher
   */
  public static Hasher hasher(String algorithm) {
    return switch (algorithm) {
      case "CRC32" -> crc(new CRC32(), 4);
      case "CRC32C" -> crc(new CRC32C(), 4);
      case "SHA1" -> digest("SHA-1");
      case "SHA256" -> digest("SHA-256");
      default -> throw new S3Exception(S3ErrorCode.NOT_IMPLEMENTED,
          "checksum algorithm " + algorithm + " is not available yet");
    };
  }

  private static Hasher crc(Checksum c, int bytes) {
    return new Hasher() {
      @Override
      public void update(ByteBuffer b) {
        c.update(b);
      }

      @Override
      public byte[] digest() {
        long v = c.getValue();
        byte[] out = new byte[bytes];
        for (int i = 0; i < bytes; i++) {
          out[i] = (byte) (v >>> (8 * (bytes - 1 - i)));
        }
        return out;
      }
    };
  }

  private static Hasher digest(String name) {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance(name);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(name + " is required of every JDK", e);
    }
    return new Hasher() {
      @Override
      public void update(ByteBuffer b) {
        md.update(b);
      }

      @Override
      public byte[] digest() {
        return md.digest();
      }
    };
  }
}
