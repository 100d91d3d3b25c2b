package dev.estuary.s3.testing;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;

/**
 * Independent reference implementations of the digests S3 uses, in the encodings S3 puts on the
 * wire (base64 of the big-endian value for {@code x-amz-checksum-*} and Content-MD5, quoted hex for
 * ETags), so tests never take the server's or the SDK's word for a value.
 */
public final class Checksums {
  /** CRC-64/NVME, reflected polynomial (normal form 0xAD93D23594C93659). */
  private static final long CRC64_NVME_REFLECTED = 0x9A6C9329AC4BC9B5L;
  private static final long[] CRC64_TABLE = new long[256];

  static {
    for (int i = 0; i < 256; i++) {
      long c = i;
      for (int k = 0; k < 8; k++) {
        c = (c & 1) != 0 ? (c >>> 1) ^ CRC64_NVME_REFLECTED : c >>> 1;
      }
      CRC64_TABLE[i] = c;
    }
  }

  private Checksums() {}

  /**
   * Returns CRC-64/NVME (init and xorout all ones, reflected) of the bytes.
   *
   * @param data the bytes
   * @return the CRC
   */
  public static long crc64nvmeValue(byte[] data) {
    long c = -1L;
    for (byte b : data) {
      c = CRC64_TABLE[(int) ((c ^ b) & 0xff)] ^ (c >>> 8);
    }
    return ~c;
  }

  /**
   * Base64 of the big-endian CRC-64/NVME, as in {@code x-amz-checksum-crc64nvme}.
   *
   * @param data the bytes
   * @return the header value
   */
  public static String crc64nvme(byte[] data) {
    return b64(ByteBuffer.allocate(8).putLong(crc64nvmeValue(data)).array());
  }

  /**
   * Base64 of the big-endian CRC32, as in {@code x-amz-checksum-crc32}.
   *
   * @param data the bytes
   * @return the header value
   */
  public static String crc32(byte[] data) {
    return b64(crc32Raw(data));
  }

  /**
   * The big-endian CRC32 bytes.
   *
   * @param data the bytes
   * @return 4 bytes
   */
  public static byte[] crc32Raw(byte[] data) {
    CRC32 c = new CRC32();
    c.update(data);
    return ByteBuffer.allocate(4).putInt((int) c.getValue()).array();
  }

  /**
   * Base64 of the big-endian CRC32C, as in {@code x-amz-checksum-crc32c}.
   *
   * @param data the bytes
   * @return the header value
   */
  public static String crc32c(byte[] data) {
    CRC32C c = new CRC32C();
    c.update(data);
    return b64(ByteBuffer.allocate(4).putInt((int) c.getValue()).array());
  }

  /**
   * Base64 SHA-1.
   *
   * @param data the bytes
   * @return the header value
   */
  public static String sha1(byte[] data) {
    return b64(digest("SHA-1", data));
  }

  /**
   * Base64 SHA-256.
   *
   * @param data the bytes
   * @return the header value
   */
  public static String sha256(byte[] data) {
    return b64(digest("SHA-256", data));
  }

  /**
   * Lower-case hex SHA-256.
   *
   * @param data the bytes
   * @return 64 hex digits
   */
  public static String sha256Hex(byte[] data) {
    return HexFormat.of().formatHex(digest("SHA-256", data));
  }

  /**
   * Base64 MD5, as in Content-MD5.
   *
   * @param data the bytes
   * @return the header value
   */
  public static String contentMd5(byte[] data) {
    return b64(digest("MD5", data));
  }

  /**
   * The quoted ETag of a single-part upload: the hex MD5 of the content.
   *
   * @param data the bytes
   * @return e.g. {@code "9e107d9d372bb6826bd81d3542a419d6"} with the quotes
   */
  public static String etag(byte[] data) {
    return "\"" + HexFormat.of().formatHex(digest("MD5", data)) + "\"";
  }

  /**
   * The quoted ETag of a multipart upload: hex MD5 of the concatenated binary part MD5s, a dash
   * and the part count.
   *
   * @param parts the parts' contents in part-number order
   * @return the ETag with the quotes
   */
  public static String multipartEtag(List<byte[]> parts) {
    MessageDigest md5 = md("MD5");
    for (byte[] p : parts) {
      md5.update(digest("MD5", p));
    }
    return "\"" + HexFormat.of().formatHex(md5.digest()) + "-" + parts.size() + "\"";
  }

  /**
   * The composite (checksum-of-checksums) CRC32 of a multipart upload: base64 CRC32 of the
   * concatenated big-endian part CRC32s, a dash and the part count.
   *
   * @param parts the parts' contents in part-number order
   * @return the value S3 reports
   */
  public static String compositeCrc32(List<byte[]> parts) {
    CRC32 c = new CRC32();
    for (byte[] p : parts) {
      c.update(crc32Raw(p));
    }
    return b64(ByteBuffer.allocate(4).putInt((int) c.getValue()).array()) + "-" + parts.size();
  }

  /**
   * Hex MD5.
   *
   * @param data the bytes
   * @return 32 hex digits
   */
  public static String md5Hex(byte[] data) {
    return HexFormat.of().formatHex(digest("MD5", data));
  }

  private static String b64(byte[] b) {
    return Base64.getEncoder().encodeToString(b);
  }

  private static byte[] digest(String algorithm, byte[] data) {
    return md(algorithm).digest(data);
  }

  private static MessageDigest md(String algorithm) {
    try {
      return MessageDigest.getInstance(algorithm);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(algorithm + " is required of every JDK", e);
    }
  }
}
