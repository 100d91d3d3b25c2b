package dev.estuary.dataset.internal.codec;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.CRC32C;
import org.jspecify.annotations.Nullable;

/**
 * The CRC-32C of every block of a checkpoint, stored with it when it is published (the xattr
 * {@link #XATTR}) and sent with the data when it is read back (DataChunk.crc32c), so that a reader
 * checks the bytes against what the writer sent end to end, disk included. The table names the
 * size and modification time of the data it describes: once the file is modified by any other
 * means (an NFS or SMB write, an S3 overwrite makes a new object anyway), the key no longer matches
 * and the table is ignored, never used to report good data as damaged.
 *
 * <p>Value layout (big-endian): version byte 1, log2 of the block size, size (8 bytes),
 * modification time in nanoseconds since the epoch (8 bytes), block count (4 bytes), then one
 * CRC-32C per block. An xattr holds at most 64 KiB (dfs {@code Limits.MAX_XATTR_VALUE_BYTES}), so
 * a large file's blocks are merged pairwise ({@link Crc32cMath}) until they fit: 1 MiB blocks up
 * to 16 GiB, 2 MiB up to 32 GiB, and so on.
 *
 * @param blockSize bytes per block, a power of two; the last block may be shorter
 * @param size the file size the table describes
 * @param mtimeNanos the file's modification time the table describes
 * @param crcs one CRC-32C per block, {@code ceil(size / blockSize)} of them
 */
public record CrcTable(int blockSize, long size, long mtimeNanos, int[] crcs) {
  /** The gateway's own xattr (hidden from NFS and SMB clients, which see only their namespaces). */
  public static final String XATTR = "estuary.dataset.crc32c";
  /** The largest value stored, the backend's xattr limit. */
  static final int MAX_BYTES = 65536;
  private static final int HEADER = 1 + 1 + 8 + 8 + 4;
  /** Most blocks a table holds. */
  public static final int MAX_BLOCKS = (MAX_BYTES - HEADER) / 4;
  private static final byte VERSION = 1;

  /** Validates the components. */
  public CrcTable {
    if (Integer.bitCount(blockSize) != 1) {
      throw new IllegalArgumentException("blockSize: " + blockSize + " (expected: a power of two)");
    }
    if (size < 0 || crcs.length != blocks(size, blockSize) || crcs.length > MAX_BLOCKS) {
      throw new IllegalArgumentException("crcs: " + crcs.length + " for " + size + " bytes in blocks of "
          + blockSize + " (expected: " + blocks(size, blockSize) + ", at most " + MAX_BLOCKS + ")");
    }
  }

  /**
   * Builds the table of a file from the CRC-32Cs of its blocks, merging blocks until it fits.
   *
   * @param blockSize the blocks' size, a power of two
   * @param crcs the CRC-32C of each block
   * @param size the file size
   * @param mtimeNanos the file's modification time
   * @return the table
   */
  public static CrcTable of(int blockSize, int[] crcs, long size, long mtimeNanos) {
    int bs = blockSize;
    int[] c = crcs;
    while (c.length > MAX_BLOCKS) {
      int[] shiftFull = Crc32cMath.shift(bs);
      int[] merged = new int[(c.length + 1) / 2];
      for (int i = 0; i < merged.length; i++) {
        int second = 2 * i + 1;
        if (second >= c.length) {
          merged[i] = c[2 * i];
        } else {
          long secondLength = Math.min(bs, size - (long) second * bs);
          merged[i] = secondLength == bs
              ? Crc32cMath.combine(shiftFull, c[2 * i], c[second])
              : Crc32cMath.combine(c[2 * i], c[second], secondLength);
        }
      }
      c = merged;
      bs *= 2;
    }
    return new CrcTable(bs, size, mtimeNanos, c);
  }

  /**
   * Returns the number of blocks of a file.
   *
   * @param size the file size
   * @param blockSize the block size
   * @return {@code ceil(size / blockSize)}
   */
  public static int blocks(long size, int blockSize) {
    long n = (size + blockSize - 1) / blockSize;
    return n > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) n;
  }

  /**
   * Returns the CRC-32C of a whole file from its blocks' CRC-32Cs.
   *
   * @param blockSize the block size
   * @param crcs each block's CRC-32C
   * @param size the file size
   * @return the CRC-32C of all the bytes
   */
  public static int whole(int blockSize, int[] crcs, long size) {
    if (crcs.length == 0) {
      return (int) new CRC32C().getValue();
    }
    int[] shiftFull = Crc32cMath.shift(blockSize);
    int crc = crcs[0];
    for (int i = 1; i < crcs.length; i++) {
      long length = Math.min(blockSize, size - (long) i * blockSize);
      crc = length == blockSize ? Crc32cMath.combine(shiftFull, crc, crcs[i]) : Crc32cMath.combine(crc, crcs[i], length);
    }
    return crc;
  }

  /**
   * Returns whether this table describes a file of this size and modification time.
   *
   * @param fileSize the file's size now
   * @param fileMtimeNanos the file's modification time now
   * @return true if the table is still the file's
   */
  public boolean describes(long fileSize, long fileMtimeNanos) {
    return size == fileSize && mtimeNanos == fileMtimeNanos;
  }

  /**
   * Returns the stored CRC-32C of one block.
   *
   * @param block the block index
   * @return its CRC-32C
   */
  public int crc(int block) {
    return crcs[block];
  }

  /**
   * Returns the xattr value.
   *
   * @return the encoded table
   */
  public byte[] encode() {
    ByteBuffer b = ByteBuffer.allocate(HEADER + 4 * crcs.length);
    b.put(VERSION).put((byte) Integer.numberOfTrailingZeros(blockSize)).putLong(size).putLong(mtimeNanos)
        .putInt(crcs.length);
    for (int c : crcs) {
      b.putInt(c);
    }
    return b.array();
  }

  /**
   * Reads an xattr value.
   *
   * @param value the stored bytes
   * @return the table, or null if the value is not a table this version understands (it is then
   *     ignored: reads go unchecked rather than fail)
   */
  public static @Nullable CrcTable decode(byte[] value) {
    if (value.length < HEADER || value[0] != VERSION || value[1] < 0 || value[1] > 30) {
      return null;
    }
    ByteBuffer b = ByteBuffer.wrap(value);
    b.position(2);
    int blockSize = 1 << value[1];
    long size = b.getLong();
    long mtime = b.getLong();
    int count = b.getInt();
    if (size < 0 || count < 0 || count > MAX_BLOCKS || value.length != HEADER + 4L * count
        || count != blocks(size, blockSize)) {
      return null;
    }
    int[] crcs = new int[count];
    for (int i = 0; i < count; i++) {
      crcs[i] = b.getInt();
    }
    return new CrcTable(blockSize, size, mtime, crcs);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CrcTable t && t.blockSize == blockSize && t.size == size && t.mtimeNanos == mtimeNanos
        && Arrays.equals(t.crcs, crcs);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(size) * 31 + Arrays.hashCode(crcs);
  }

  @Override
  public String toString() {
    return "CrcTable[blockSize=" + blockSize + ", size=" + size + ", blocks=" + crcs.length + "]";
  }
}
