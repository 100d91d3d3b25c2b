package dev.estuary.dfs;

import java.nio.ByteBuffer;
import java.util.HexFormat;

/**
 * The 128-bit identity of an object (file, directory or symlink) within a volume. It never changes
 * for the life of the object, survives restarts and renames, and is never reused for another
 * object, so NFS file handles and SMB file ids can be derived from it (daos.md §2.2: the OID, not
 * {@code st_ino}, is the stable identity).
 *
 * @param hi the high 64 bits
 * @param lo the low 64 bits
 */
public record ObjectId(long hi, long lo) implements Comparable<ObjectId> {
  /** The number of bytes of {@link #toBytes()}. */
  public static final int BYTES = 16;

  /**
   * Returns the id as 16 big-endian bytes.
   *
   * @return a new array of {@link #BYTES} bytes
   */
  public byte[] toBytes() {
    return ByteBuffer.allocate(BYTES).putLong(hi).putLong(lo).array();
  }

  /**
   * Reads an id from 16 big-endian bytes.
   *
   * @param bytes exactly {@link #BYTES} bytes
   * @return the id
   * @throws DfsException {@link ErrorKind#INVALID_ARGUMENT} if the length is not 16
   */
  public static ObjectId fromBytes(byte[] bytes) {
    if (bytes.length != BYTES) {
      throw new DfsException(
          ErrorKind.INVALID_ARGUMENT,
          "object id length: " + bytes.length + " (expected: " + BYTES + ")");
    }
    ByteBuffer b = ByteBuffer.wrap(bytes);
    return new ObjectId(b.getLong(), b.getLong());
  }

  /**
   * Parses the 32-hex-digit form produced by {@link #toString()}.
   *
   * @param hex 32 hexadecimal digits
   * @return the id
   * @throws DfsException {@link ErrorKind#INVALID_ARGUMENT} if the text is not 32 hex digits
   */
  public static ObjectId parse(String hex) {
    if (hex.length() != 2 * BYTES) {
      throw new DfsException(
          ErrorKind.INVALID_ARGUMENT, "object id: '" + hex + "' (expected: 32 hex digits)");
    }
    try {
      return fromBytes(HexFormat.of().parseHex(hex));
    } catch (IllegalArgumentException e) {
      throw new DfsException(
          ErrorKind.INVALID_ARGUMENT, "object id: '" + hex + "' (expected: 32 hex digits)", e);
    }
  }

  @Override
  public int compareTo(ObjectId o) {
    int c = Long.compareUnsigned(hi, o.hi);
    return c != 0 ? c : Long.compareUnsigned(lo, o.lo);
  }

  /** Returns the id as 32 lower-case hex digits. */
  @Override
  public String toString() {
    return HexFormat.of().toHexDigits(hi) + HexFormat.of().toHexDigits(lo);
  }
}
