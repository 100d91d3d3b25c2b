package dev.estuary.dataset.internal.codec;

/**
 * CRC-32C (Castagnoli, RFC 3720 §B.4) arithmetic the JDK's {@link java.util.zip.CRC32C} lacks:
 * combining the checksums of two adjacent pieces into the checksum of both, as zlib's {@code
 * crc32_combine} does for CRC-32, with the reflected Castagnoli polynomial. The service keeps one
 * CRC-32C per block of a checkpoint; the checksum of the whole file (WriteCheckpointResponse), and
 * of blocks merged to fit the stored table, come from these without reading the data again.
 *
 * <p>Appending {@code n} bytes to a message maps its CRC through a linear operator over GF(2)
 * (the CRC register advanced by {@code n} zero bytes); the operator is a 32x32 bit matrix, built
 * by repeated squaring of the one-bit shift in {@code O(log n)} matrix products.
 */
public final class Crc32cMath {
  /** The reflected Castagnoli polynomial. */
  private static final int POLY = 0x82F63B78;

  private Crc32cMath() {}

  /**
   * Returns the operator that advances a CRC-32C over {@code length} appended bytes.
   *
   * @param length a byte count, {@code >= 0}
   * @return the operator, for {@link #combine(int[], int, int)}
   */
  public static int[] shift(long length) {
    if (length < 0) {
      throw new IllegalArgumentException("length: " + length + " (expected: >= 0)");
    }
    // The operator for one zero bit, then squared to 2, 4, 8 bits: one byte is 8 bits.
    int[] op = new int[32];
    op[0] = POLY;
    for (int n = 1; n < 32; n++) {
      op[n] = 1 << (n - 1);
    }
    int[] result = identity();
    long bits = length * 8;
    // Square-and-multiply over the bits of the length in bits (length < 2^60 always here).
    while (bits != 0) {
      if ((bits & 1) != 0) {
        result = product(op, result);
      }
      bits >>>= 1;
      if (bits != 0) {
        op = product(op, op);
      }
    }
    return result;
  }

  /**
   * Returns the CRC-32C of A followed by B.
   *
   * @param shiftB {@link #shift(long)} of B's length
   * @param crcA the CRC-32C of A
   * @param crcB the CRC-32C of B
   * @return the CRC-32C of A then B
   */
  public static int combine(int[] shiftB, int crcA, int crcB) {
    return times(shiftB, crcA) ^ crcB;
  }

  /**
   * Returns the CRC-32C of A followed by B.
   *
   * @param crcA the CRC-32C of A
   * @param crcB the CRC-32C of B
   * @param lengthB B's length in bytes
   * @return the CRC-32C of A then B
   */
  public static int combine(int crcA, int crcB, long lengthB) {
    return lengthB == 0 ? crcA : combine(shift(lengthB), crcA, crcB);
  }

  private static int[] identity() {
    int[] m = new int[32];
    for (int n = 0; n < 32; n++) {
      m[n] = 1 << n;
    }
    return m;
  }

  /** The matrix applied to a vector: column {@code n} is {@code m[n]}. */
  private static int times(int[] m, int v) {
    int sum = 0;
    for (int i = 0; v != 0; i++, v >>>= 1) {
      if ((v & 1) != 0) {
        sum ^= m[i];
      }
    }
    return sum;
  }

  /** {@code a * b}: first {@code b}, then {@code a}. */
  private static int[] product(int[] a, int[] b) {
    int[] r = new int[32];
    for (int n = 0; n < 32; n++) {
      r[n] = times(a, b[n]);
    }
    return r;
  }
}
