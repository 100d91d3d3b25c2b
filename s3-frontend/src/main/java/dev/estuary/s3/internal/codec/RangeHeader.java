package dev.estuary.s3.internal.codec;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The {@code Range} request header (RFC 9110 §14.1.2) as S3 reads it: one byte range, {@code
 * bytes=first-last}, {@code bytes=first-} or {@code bytes=-suffix}. A header S3 would ignore (a
 * different unit, several ranges, bad syntax) yields no range, so the whole object is sent.
 *
 * @param first the first byte, or -1 for a suffix range
 * @param last the last byte (inclusive), or -1 for "to the end"; for a suffix range, the suffix length
 */
public record RangeHeader(long first, long last) {

  /**
   * Parses a header value.
   *
   * @param value the header, or null
   * @return the range, or empty when the header is absent or ignored
   */
  public static Optional<RangeHeader> parse(@Nullable String value) {
    if (value == null) {
      return Optional.empty();
    }
    String v = value.strip();
    if (!v.startsWith("bytes=") || v.indexOf(',') >= 0) {
      return Optional.empty();
    }
    String spec = v.substring(6).strip();
    int dash = spec.indexOf('-');
    if (dash < 0) {
      return Optional.empty();
    }
    try {
      String a = spec.substring(0, dash).strip();
      String b = spec.substring(dash + 1).strip();
      if (a.isEmpty()) {
        if (b.isEmpty()) {
          return Optional.empty();
        }
        return Optional.of(new RangeHeader(-1, parseDigits(b)));
      }
      long first = parseDigits(a);
      long last = b.isEmpty() ? -1 : parseDigits(b);
      if (last >= 0 && last < first) {
        return Optional.empty();
      }
      return Optional.of(new RangeHeader(first, last));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static long parseDigits(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        throw new NumberFormatException(s);
      }
    }
    return Long.parseLong(s);
  }

  /**
   * Resolves the range against an object size.
   *
   * @param size the object size
   * @return {@code [offset, length]}, or null when unsatisfiable (416)
   */
  public long @Nullable [] resolve(long size) {
    if (first < 0) {
      if (last == 0 || size == 0) {
        return null;
      }
      long len = Math.min(last, size);
      return new long[] {size - len, len};
    }
    if (first >= size) {
      return null;
    }
    long end = last < 0 || last >= size ? size - 1 : last;
    return new long[] {first, end - first + 1};
  }
}
