package dev.estuary.s3.internal.codec;

import java.time.Instant;
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

  private HttpDate() {}

  /**
   * Formats an instant, to the second.
   *
   * @param t the instant
   * @return its IMF-fixdate
   */
  public static String format(Instant t) {
    return FORMAT.format(t);
  }
}
