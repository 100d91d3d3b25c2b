package dev.estuary.s3.internal.ops;

import dev.estuary.s3.internal.error.S3ErrorCode;
import dev.estuary.s3.internal.error.S3Exception;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import org.jspecify.annotations.Nullable;

/**
 * The conditional headers of GET, HEAD and CopyObject's source (RFC 9110 §13, with S3's
 * precedence): {@code If-Match} true makes {@code If-Unmodified-Since} irrelevant, and {@code
 * If-None-Match} false (a match) decides 304 whatever {@code If-Modified-Since} says. Times compare
 * at one-second resolution, the resolution of {@code Last-Modified}.
 */
public final class Conditionals {
  /** The outcome. */
  public enum Outcome {
    /** Serve the object. */
    PROCEED,
    /** 304 Not Modified (GET/HEAD only). */
    NOT_MODIFIED
  }

  private Conditionals() {}

  /**
   * Evaluates the four conditions.
   *
   * @param ifMatch {@code If-Match}, or null
   * @param ifNoneMatch {@code If-None-Match}, or null
   * @param ifModifiedSince {@code If-Modified-Since}, or null
   * @param ifUnmodifiedSince {@code If-Unmodified-Since}, or null
   * @param etag the object's ETag without quotes
   * @param lastModified the object's modify time
   * @param prefix header name prefix for messages ({@code ""} or {@code x-amz-copy-source-})
   * @return what to do
   * @throws S3Exception {@code PreconditionFailed}
   */
  public static Outcome evaluate(@Nullable String ifMatch, @Nullable String ifNoneMatch,
      @Nullable String ifModifiedSince, @Nullable String ifUnmodifiedSince, String etag,
      Instant lastModified, String prefix) {
    Instant lm = lastModified.truncatedTo(ChronoUnit.SECONDS);
    if (ifMatch != null) {
      if (!matches(ifMatch, etag)) {
        throw failed(prefix + "If-Match", "ETag \"" + etag + "\" does not match " + ifMatch);
      }
    } else if (ifUnmodifiedSince != null) {
      Instant t = parseDate(ifUnmodifiedSince);
      if (t != null && lm.isAfter(t)) {
        throw failed(prefix + "If-Unmodified-Since", "modified at " + lm + ", after " + t);
      }
    }
    if (ifNoneMatch != null) {
      if (matches(ifNoneMatch, etag)) {
        return Outcome.NOT_MODIFIED;
      }
    } else if (ifModifiedSince != null) {
      Instant t = parseDate(ifModifiedSince);
      if (t != null && !lm.isAfter(t)) {
        return Outcome.NOT_MODIFIED;
      }
    }
    return Outcome.PROCEED;
  }

  /**
   * Returns whether an ETag list ({@code "a", "b"}, {@code W/"a"} or {@code *}) matches.
   *
   * @param header the header value
   * @param etag the ETag without quotes
   * @return true on a match
   */
  public static boolean matches(String header, String etag) {
    for (String part : header.split(",")) {
      String p = part.strip();
      if (p.equals("*")) {
        return true;
      }
      if (p.startsWith("W/")) {
        p = p.substring(2);
      }
      if (p.length() >= 2 && p.startsWith("\"") && p.endsWith("\"")) {
        p = p.substring(1, p.length() - 1);
      }
      if (p.equals(etag)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Parses an HTTP date (IMF-fixdate, or the obsolete RFC 850 and asctime forms).
   *
   * @param s the text
   * @return the instant, or null when it is no date (the condition is then ignored, RFC 9110)
   */
  public static @Nullable Instant parseDate(String s) {
    try {
      return ZonedDateTime.parse(s.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
    } catch (DateTimeParseException e) {
      try {
        return Instant.parse(s.strip());
      } catch (DateTimeParseException e2) {
        return null;
      }
    }
  }

  private static S3Exception failed(String condition, String why) {
    return new S3Exception(S3ErrorCode.PRECONDITION_FAILED,
        "At least one of the pre-conditions you specified did not hold: " + condition + " ("
            + why + ")").withDetail("Condition", condition);
  }
}
