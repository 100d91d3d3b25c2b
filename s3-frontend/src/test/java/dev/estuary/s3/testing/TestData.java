package dev.estuary.s3.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Deterministic pseudo-random test content, so a failure reproduces. */
public final class TestData {
  private TestData() {}

  /**
   * Returns {@code size} pseudo-random bytes.
   *
   * @param size how many
   * @param seed the seed
   * @return the bytes
   */
  public static byte[] bytes(int size, long seed) {
    byte[] b = new byte[size];
    SplittableRandom r = new SplittableRandom(seed);
    for (int i = 0; i < size; i += 8) {
      long v = r.nextLong();
      for (int k = 0; k < 8 && i + k < size; k++) {
        b[i + k] = (byte) (v >>> (8 * k));
      }
    }
    return b;
  }

  /**
   * Concatenates byte arrays.
   *
   * @param parts the arrays
   * @return one array
   */
  public static byte[] concat(List<byte[]> parts) {
    int n = parts.stream().mapToInt(p -> p.length).sum();
    byte[] out = new byte[n];
    int pos = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, pos, p.length);
      pos += p.length;
    }
    return out;
  }

  /**
   * Splits content into parts of {@code partSize} bytes (the last may be shorter).
   *
   * @param data the content
   * @param partSize bytes per part
   * @return the parts
   */
  public static List<byte[]> split(byte[] data, int partSize) {
    List<byte[]> out = new ArrayList<>();
    for (int pos = 0; pos < data.length; pos += partSize) {
      out.add(java.util.Arrays.copyOfRange(data, pos, Math.min(data.length, pos + partSize)));
    }
    return out;
  }
}
