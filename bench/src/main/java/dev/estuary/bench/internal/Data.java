package dev.estuary.bench.internal;

import java.nio.ByteBuffer;
import java.util.Random;
import java.util.SplittableRandom;

/** Deterministic inputs shared by both sides: names, orders and buffer contents. */
final class Data {
  private Data() {}

  /** Returns {@code n} file names, {@code f0000000} upwards. */
  static String[] names(int n) {
    String[] names = new String[n];
    for (int i = 0; i < n; i++) {
      names[i] = "f" + String.format("%07d", i);
    }
    return names;
  }

  /** Returns a fixed permutation of {@code 0..n-1}, the same on both sides. */
  static int[] shuffled(int n, long seed) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    Random r = new Random(seed);
    for (int i = n - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }

  /** Returns {@code n} block-aligned offsets within a file of {@code fileBytes}, from a fixed seed. */
  static long[] offsets(int n, long fileBytes, int block, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    long blocks = fileBytes / block;
    long[] o = new long[n];
    for (int i = 0; i < n; i++) {
      o[i] = r.nextLong(blocks) * block;
    }
    return o;
  }

  /**
   * Returns a direct buffer of incompressible bytes, so no side can win by detecting zeros or
   * compressing.
   */
  static ByteBuffer randomDirect(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return ByteBuffer.allocateDirect(size).put(bytes).flip();
  }
}
