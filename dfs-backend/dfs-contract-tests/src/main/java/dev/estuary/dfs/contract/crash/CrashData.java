package dev.estuary.dfs.contract.crash;

import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import java.util.zip.CRC32C;

/** The deterministic content of the crash test: bytes are rebuilt from a seed, never stored. */
public final class CrashData {
  private CrashData() {}

  /**
   * Returns {@code length} pseudo-random bytes for {@code seed}.
   *
   * @param length how many bytes
   * @param seed the seed recorded in the ledger
   * @return the bytes
   */
  public static byte[] bytes(int length, long seed) {
    byte[] b = new byte[length];
    new SplittableRandom(seed).nextBytes(b);
    return b;
  }

  /**
   * Returns the CRC-32C of {@code data}, recorded beside each acknowledgement as a check of the
   * ledger itself.
   *
   * @param data the bytes
   * @return the checksum
   */
  public static long crc(byte[] data) {
    CRC32C crc = new CRC32C();
    crc.update(data);
    return crc.getValue();
  }

  /**
   * Returns the value of the crash xattr for an object published with {@code seed}.
   *
   * @param seed the object's content seed
   * @return the seed as 8 big-endian bytes
   */
  public static byte[] xattrValue(long seed) {
    return ByteBuffer.allocate(Long.BYTES).putLong(seed).array();
  }

  /**
   * Returns {@code base} with {@code data} written at {@code offset}, extended with zeros as a
   * sparse write would.
   *
   * @param base the content before
   * @param offset where the write starts
   * @param data the bytes written
   * @return a new array with the content after
   */
  public static byte[] overwrite(byte[] base, int offset, byte[] data) {
    byte[] out = new byte[Math.max(base.length, offset + data.length)];
    System.arraycopy(base, 0, out, 0, base.length);
    System.arraycopy(data, 0, out, offset, data.length);
    return out;
  }
}
