package dev.estuary.s3.internal.checksum;

/**
 * Combines reflected CRCs: given crc(A), crc(B) and the length of B, computes crc(AB) without
 * the data, as zlib's {@code crc32_combine} does (the multmodp/x2nmodp form of zlib 1.2.12),
 * generalised to any width up to 64 bits. It holds for CRCs whose init and xorout are equal
 * (CRC32, CRC32C and CRC64NVME all use all ones): the conditioning cancels in the XOR.
 * S3 needs it for FULL_OBJECT checksums of multipart uploads. Immutable.
 */
public final class CrcCombiner {
  private final int width;
  private final long reflectedPoly;
  private final long top;
  private final long[] x2n = new long[64];

  /**
   * @param width the CRC width in bits (1..64)
   * @param reflectedPoly the polynomial bit-reversed within {@code width} bits
   */
  public CrcCombiner(int width, long reflectedPoly) {
    if (width < 1 || width > 64) {
      throw new IllegalArgumentException("width: " + width + " (expected: 1..64)");
    }
    this.width = width;
    this.reflectedPoly = reflectedPoly;
    this.top = 1L << (width - 1);
    // x2n[k] = x^(2^k) mod p; x^1 is the second-highest bit in the reflected form.
    long p = top >>> 1;
    x2n[0] = p;
    for (int k = 1; k < 64; k++) {
      p = multModP(p, p);
      x2n[k] = p;
    }
  }

  /** The combiner for CRC32 (polynomial 0x04C11DB7). */
  public static CrcCombiner crc32() {
    return new CrcCombiner(32, 0xEDB88320L);
  }

  /** The combiner for CRC32C (Castagnoli, polynomial 0x1EDC6F41). */
  public static CrcCombiner crc32c() {
    return new CrcCombiner(32, 0x82F63B78L);
  }

  /** The combiner for CRC64NVME. */
  public static CrcCombiner crc64nvme() {
    return new CrcCombiner(64, Crc64Nvme.REFLECTED);
  }

  /** crc(AB) from crc(A), crc(B) and B's length in bytes. */
  public long combine(long crcA, long crcB, long lengthB) {
    if (lengthB < 0) {
      throw new IllegalArgumentException("lengthB: " + lengthB + " (expected: >= 0)");
    }
    return multModP(x2nModP(lengthB, 3), crcA) ^ crcB;
  }

  /** a(x)·b(x) mod p(x), in the reflected representation. */
  private long multModP(long a, long b) {
    long m = top;
    long p = 0;
    while (true) {
      if ((a & m) != 0) {
        p ^= b;
        if ((a & (m - 1)) == 0) {
          break;
        }
      }
      m >>>= 1;
      if (m == 0) {
        break;
      }
      b = (b & 1) != 0 ? (b >>> 1) ^ reflectedPoly : b >>> 1;
    }
    return width == 64 ? p : p & ((1L << width) - 1);
  }

  /** x^(n·2^k) mod p(x). */
  private long x2nModP(long n, int k) {
    long p = top; // x^0
    while (n != 0) {
      if ((n & 1) != 0) {
        p = multModP(x2n[k & 63], p);
      }
      n >>>= 1;
      k++;
    }
    return p;
  }
}
