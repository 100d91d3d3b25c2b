package dev.estuary.s3.internal.ops;

import java.util.Comparator;

/**
 * S3's key order: UTF-8 byte order, which is code point order (not Java's UTF-16 order, which
 * puts U+E000..U+FFFF after supplementary characters).
 */
public final class Utf8Order {
  /** The comparator. */
  public static final Comparator<String> COMPARATOR = Utf8Order::compare;

  private Utf8Order() {}

  /**
   * Compares two strings in UTF-8 byte order.
   *
   * @param a one
   * @param b the other
   * @return negative, zero or positive
   */
  public static int compare(String a, String b) {
    int n = Math.min(a.length(), b.length());
    for (int i = 0; i < n; i++) {
      char x = a.charAt(i);
      char y = b.charAt(i);
      if (x != y) {
        // Surrogates (D800-DFFF) encode code points above FFFF, so they sort after E000-FFFF.
        boolean sx = Character.isSurrogate(x);
        boolean sy = Character.isSurrogate(y);
        if (sx != sy) {
          return sx ? (y >= 0xE000 ? 1 : (x - y)) : (x >= 0xE000 ? -1 : (x - y));
        }
        return x - y;
      }
    }
    return a.length() - b.length();
  }
}
