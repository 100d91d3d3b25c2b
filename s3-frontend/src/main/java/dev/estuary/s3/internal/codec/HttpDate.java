package dev.estuary.s3.internal.codec;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The HTTP date S3 writes in {@code Date}, {@code Last-Modified} and {@code x-amz-expiration}: the
 * IMF-fixdate of RFC 9110 5.6.7 ({@code Sun, 06 Nov 1994 08:49:37 GMT}), always GMT, always a
 * two-digit day. {@code DateTimeFormatter.RFC_1123_DATE_TIME} writes a one-digit day, which
 * clients that parse the fixed form (Go's {@code http.ParseTime}, rclone) refuse.
 */
public final class HttpDate {
  private static final DateTimeFormatter FORMAT =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

  private static final String DAYS = "MonTueWedThuFriSatSun";
  private static final String MONTHS = "JanFebMarAprMayJunJulAugSepOctNovDec";
  /** The years written by hand: four digits (the formatter handles the rest, e.g. "+10000"). */
  private static final long FIRST = LocalDate.of(1000, 1, 1).toEpochDay() * 86_400;
  private static final long END = LocalDate.of(10_000, 1, 1).toEpochDay() * 86_400;

  private HttpDate() {}

  /**
   * Formats an instant, to the second.
   *
   * @param t the instant
   * @return its IMF-fixdate
   */
  public static String format(Instant t) {
    long s = t.getEpochSecond();
    if (s < FIRST || s >= END) {
      return FORMAT.format(t);
    }
    // Written by hand, as the formatter would: every response carries a Date header, and the
    // general formatter cost more per request than the rest of the response headers together.
    long day = Math.floorDiv(s, 86_400);
    int secs = (int) Math.floorMod(s, 86_400);
    LocalDate d = LocalDate.ofEpochDay(day);
    int dow = (int) Math.floorMod(day + 3, 7); // 1970-01-01 was a Thursday (index 3 from Monday)
    StringBuilder b = new StringBuilder(29);
    b.append(DAYS, dow * 3, dow * 3 + 3).append(", ");
    two(b, d.getDayOfMonth()).append(' ');
    b.append(MONTHS, (d.getMonthValue() - 1) * 3, d.getMonthValue() * 3).append(' ');
    b.append(d.getYear()).append(' ');
    two(b, secs / 3600).append(':');
    two(b, secs / 60 % 60).append(':');
    two(b, secs % 60).append(" GMT");
    return b.toString();
  }

  private static StringBuilder two(StringBuilder b, int v) {
    return b.append((char) ('0' + v / 10)).append((char) ('0' + v % 10));
  }
}
