package dev.estuary.s3.internal.codec;

import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * One uploaded part, as stored in the extended attribute {@link #XATTR} of its file: the MD5 (the
 * part's ETag) and the base64 checksum when the client sent one. Text form {@code md5hex} or
 * {@code md5hex algorithm value}.
 *
 * @param md5Hex the part's MD5
 * @param checksumAlgorithm the checksum algorithm, or null
 * @param checksum the base64 checksum, or null
 */
public record PartRecord(String md5Hex, @Nullable String checksumAlgorithm,
    @Nullable String checksum) {

  /** The extended attribute of a part file. */
  public static final String XATTR = "estuary.s3.part";

  /**
   * Encodes the record.
   *
   * @return its bytes
   */
  public byte[] encode() {
    String s = checksumAlgorithm == null || checksum == null ? md5Hex
        : md5Hex + " " + checksumAlgorithm + " " + checksum;
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * Decodes a record.
   *
   * @param b the bytes
   * @return the record
   */
  public static PartRecord decode(byte[] b) {
    String[] f = new String(b, StandardCharsets.US_ASCII).split(" ");
    if (f.length == 3) {
      return new PartRecord(f[0], f[1], f[2]);
    }
    if (f.length != 1) {
      throw new IllegalArgumentException(XATTR + ": '" + new String(b, StandardCharsets.US_ASCII)
          + "' (expected: md5hex [algorithm value])");
    }
    return new PartRecord(f[0], null, null);
  }
}
