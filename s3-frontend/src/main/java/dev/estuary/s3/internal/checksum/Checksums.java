package dev.estuary.s3.internal.checksum;

import dev.estuary.s3.internal.error.S3ErrorCode;
import dev.estuary.s3.internal.error.S3Exception;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * Encoding, verification and multipart composition of S3 checksums.
 */
public final class Checksums {
  private Checksums() {}

  /** A part's checksum value and length, for FULL_OBJECT combination. */
  public record Part(byte[] checksum, long length) {
    /** Copies the checksum. */
    public Part {
      checksum = checksum.clone();
      if (length < 0) {
        throw new IllegalArgumentException("length: " + length + " (expected: >= 0)");
      }
    }

    @Override
    public byte[] checksum() {
      return checksum.clone();
    }
  }

  /** A CRC value as big-endian bytes of {@code length} (4 or 8). */
  public static byte[] crcBytes(long value, int length) {
    byte[] b = new byte[length];
    for (int i = 0; i < length; i++) {
      b[i] = (byte) (value >>> (8 * (length - 1 - i)));
    }
    return b;
  }

  /** Big-endian bytes to an unsigned CRC value. */
  public static long crcValue(byte[] b) {
    long v = 0;
    for (byte x : b) {
      v = v << 8 | (x & 0xFF);
    }
    return v;
  }

  /** Base64, as checksums appear in headers and XML. */
  public static String base64(byte[] raw) {
    return Base64.getEncoder().encodeToString(raw);
  }

  /**
   * Decodes a checksum header value, checking it is base64 of the algorithm's length.
   *
   * @throws S3Exception BadDigest ("Value for x-amz-checksum-crc32 header is invalid: ...") or,
   *     for Content-MD5, InvalidDigest
   */
  public static byte[] decode(ChecksumAlgorithm algorithm, String base64) {
    try {
      byte[] raw = Base64.getDecoder().decode(base64.strip());
      if (raw.length == algorithm.length()) {
        return raw;
      }
    } catch (IllegalArgumentException e) {
      // fall through
    }
    if (algorithm == ChecksumAlgorithm.MD5) {
      throw S3ErrorCode.INVALID_DIGEST.exception("The Content-MD5 you specified is not valid.")
          .withDetail("Content-MD5", base64);
    }
    // A value that is not the base64 of the algorithm's length matches no body: it is a
    // mismatch, BadDigest, as Ceph RGW answers and the ceph/s3-tests checksum tests expect
    // (AWS itself says InvalidRequest); either way nothing is stored.
    throw S3ErrorCode.BAD_DIGEST.exception("Value for " + algorithm.headerName()
        + " header is invalid: '" + base64 + "' is not the base64 of " + algorithm.length()
        + " bytes, so it matches no body.");
  }

  /**
   * Checks a computed checksum against the client's.
   *
   * @throws S3Exception BadDigest when they differ
   */
  public static void verify(ChecksumAlgorithm algorithm, byte[] expected, byte[] actual) {
    if (!MessageDigest.isEqual(expected, actual)) {
      String what = algorithm == ChecksumAlgorithm.MD5 ? "Content-MD5" : algorithm.wireName();
      S3Exception e = algorithm == ChecksumAlgorithm.MD5
          ? S3ErrorCode.BAD_DIGEST.exception("The Content-MD5 you specified did not match what we received.")
          : S3ErrorCode.BAD_DIGEST.exception("The " + what + " you specified did not match the calculated checksum.");
      throw e.withDetail("ExpectedDigest", base64(expected)).withDetail("CalculatedDigest", base64(actual));
    }
  }

  /**
   * The COMPOSITE checksum of a multipart upload: the algorithm applied to the concatenated raw
   * part checksums, base64, then {@code -N} (N = number of parts).
   */
  public static String composite(ChecksumAlgorithm algorithm, List<byte[]> partChecksums) {
    Hasher h = algorithm.newHasher();
    for (byte[] c : partChecksums) {
      h.update(c, 0, c.length);
    }
    return h.digestBase64() + "-" + partChecksums.size();
  }

  /**
   * The FULL_OBJECT checksum of a multipart upload, combined from the part CRCs and lengths
   * without reading the data.
   *
   * @throws IllegalArgumentException if the algorithm is not a CRC
   */
  public static byte[] fullObject(ChecksumAlgorithm algorithm, List<Part> parts) {
    CrcCombiner c = algorithm.combiner().orElseThrow(() ->
        new IllegalArgumentException("algorithm: " + algorithm + " (expected: a CRC for FULL_OBJECT)"));
    long crc = crcValue(algorithm.newHasher().digest());
    for (Part p : parts) {
      crc = c.combine(crc, crcValue(p.checksum()), p.length());
    }
    return crcBytes(crc, algorithm.length());
  }

  /**
   * The ETag of a completed multipart upload, without quotes: hex MD5 of the concatenated raw
   * part MD5s, then {@code -N}.
   */
  public static String multipartEtag(List<byte[]> partMd5s) {
    Hasher h = ChecksumAlgorithm.MD5.newHasher();
    for (byte[] m : partMd5s) {
      if (m.length != 16) {
        throw new IllegalArgumentException("part MD5 of " + m.length + " bytes (expected: 16)");
      }
      h.update(m, 0, m.length);
    }
    return HexFormat.of().formatHex(h.digest()) + "-" + partMd5s.size();
  }
}
