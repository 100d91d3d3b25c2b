package dev.estuary.s3.internal.checksum;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.Checksum;

/**
 * CRC-64/NVME (the NVM Express base specification's CRC, which S3 calls CRC64NVME): width 64,
 * polynomial 0xAD93D23594C93659, reflected in and out, init and xorout all ones, check value
 * ("123456789") 0xAE8B14860A799888. Slice-by-8 tables: about 1.5 GB/s per core here, against
 * 0.45 GB/s for a byte-at-a-time table (see the S3 notes §5).
 */
public final class Crc64Nvme implements Checksum {
  /** The polynomial in normal (MSB-first) form. */
  public static final long POLYNOMIAL = 0xAD93D23594C93659L;
  /** The polynomial bit-reversed, as the reflected algorithm uses it. */
  static final long REFLECTED = Long.reverse(POLYNOMIAL);

  private static final long[][] TABLES = tables();

  private long crc = -1L;

  private static long[][] tables() {
    long[][] t = new long[8][256];
    for (int i = 0; i < 256; i++) {
      long c = i;
      for (int k = 0; k < 8; k++) {
        c = (c & 1) != 0 ? (c >>> 1) ^ REFLECTED : c >>> 1;
      }
      t[0][i] = c;
    }
    for (int i = 0; i < 256; i++) {
      for (int s = 1; s < 8; s++) {
        long prev = t[s - 1][i];
        t[s][i] = (prev >>> 8) ^ t[0][(int) (prev & 0xFF)];
      }
    }
    return t;
  }

  @Override
  public void update(int b) {
    crc = (crc >>> 8) ^ TABLES[0][(int) ((crc ^ b) & 0xFF)];
  }

  @Override
  public void update(byte[] b, int off, int len) {
    update(ByteBuffer.wrap(b, off, len));
  }

  @Override
  public void update(ByteBuffer buffer) {
    long c = crc;
    ByteBuffer b = buffer.slice().order(ByteOrder.LITTLE_ENDIAN);
    int n = b.remaining();
    int i = 0;
    long[] t0 = TABLES[0], t1 = TABLES[1], t2 = TABLES[2], t3 = TABLES[3];
    long[] t4 = TABLES[4], t5 = TABLES[5], t6 = TABLES[6], t7 = TABLES[7];
    for (; i + 8 <= n; i += 8) {
      long v = c ^ b.getLong(i);
      c = t7[(int) (v & 0xFF)] ^ t6[(int) ((v >>> 8) & 0xFF)] ^ t5[(int) ((v >>> 16) & 0xFF)]
          ^ t4[(int) ((v >>> 24) & 0xFF)] ^ t3[(int) ((v >>> 32) & 0xFF)] ^ t2[(int) ((v >>> 40) & 0xFF)]
          ^ t1[(int) ((v >>> 48) & 0xFF)] ^ t0[(int) (v >>> 56)];
    }
    for (; i < n; i++) {
      c = (c >>> 8) ^ t0[(int) ((c ^ b.get(i)) & 0xFF)];
    }
    crc = c;
    buffer.position(buffer.limit());
  }

  /** The CRC of everything so far. */
  @Override
  public long getValue() {
    return ~crc;
  }

  @Override
  public void reset() {
    crc = -1L;
  }
}
