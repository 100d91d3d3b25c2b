package dev.estuary.dfs;

/**
 * A range of bytes of a file for locking: {@code offset} and {@code length} are unsigned 64-bit
 * values, as on the wire of NFS ({@code offset4}, {@code length4}) and SMB ({@code UINT64}).
 * {@link #TO_END} as the length means "to the end of all possible files" (NFS's all-ones length),
 * whatever the offset. Any other range must not run past byte {@code 2^64 - 1}: {@code offset +
 * length} may reach {@code 2^64} but not exceed it (NFS {@code NFS4ERR_INVAL}, SMB {@code
 * STATUS_INVALID_LOCK_RANGE} are the frontends' answers to the {@link ErrorKind#INVALID_ARGUMENT}
 * this gives).
 *
 * @param offset the first byte, unsigned
 * @param length the number of bytes, unsigned; 0 is an empty range, {@link #TO_END} is infinite
 */
public record ByteRange(long offset, long length) {
  /** The length that means "to the end" (unsigned {@code 2^64 - 1}). */
  public static final long TO_END = -1L;

  /**
   * Checks the range.
   *
   * @throws DfsException {@link ErrorKind#INVALID_ARGUMENT} if {@code offset + length} exceeds
   *     {@code 2^64} and the length is not {@link #TO_END}
   */
  public ByteRange {
    if (length != TO_END && length != 0 && Long.compareUnsigned(offset, -length) > 0) {
      throw new DfsException(ErrorKind.INVALID_ARGUMENT,
          "lock range: offset " + Long.toUnsignedString(offset) + " + length " + Long.toUnsignedString(length)
              + " (expected: at most 2^64, or length " + Long.toUnsignedString(TO_END) + " for to-the-end)");
    }
  }

  /**
   * Returns whether the range holds no bytes.
   *
   * @return true for length 0
   */
  public boolean isEmpty() {
    return length == 0;
  }

  /**
   * Returns the last byte in the range, unsigned; meaningless for an empty range.
   *
   * @return {@code offset + length - 1}, or {@code 2^64 - 1} for {@link #TO_END}
   */
  public long last() {
    return length == TO_END ? -1L : offset + length - 1;
  }

  /**
   * Returns whether two ranges share a byte. An empty range overlaps nothing.
   *
   * @param other the other range
   * @return true if they overlap
   */
  public boolean overlaps(ByteRange other) {
    return !isEmpty() && !other.isEmpty()
        && Long.compareUnsigned(offset, other.last()) <= 0
        && Long.compareUnsigned(other.offset, last()) <= 0;
  }

  /**
   * Returns the range from {@code first} to {@code last} inclusive (unsigned, {@code first <=
   * last}).
   *
   * @param first the first byte
   * @param last the last byte
   * @return the range; its length is {@link #TO_END} when it ends at {@code 2^64 - 1}
   */
  public static ByteRange ofBytes(long first, long last) {
    return new ByteRange(first, last == -1L ? TO_END : last - first + 1);
  }

  @Override
  public String toString() {
    return "[" + Long.toUnsignedString(offset) + ", "
        + (length == TO_END ? "end" : "+" + Long.toUnsignedString(length)) + ")";
  }
}
