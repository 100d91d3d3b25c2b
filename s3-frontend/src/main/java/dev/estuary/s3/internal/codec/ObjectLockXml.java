package dev.estuary.s3.internal.codec;

import dev.estuary.dfs.RetentionMode;
import dev.estuary.s3.internal.error.S3ErrorCode;
import dev.estuary.s3.internal.error.S3Exception;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The three Object Lock documents of the S3 API Reference: {@code ObjectLockConfiguration}
 * (Put/GetObjectLockConfiguration), {@code Retention} (Put/GetObjectRetention) and {@code
 * LegalHold} (Put/GetObjectLegalHold), parsed from request bodies and encoded for responses. What
 * does not follow the schema is {@code MalformedXML}, as S3 answers: a mode other than exactly
 * {@code GOVERNANCE} or {@code COMPLIANCE}, a status other than {@code ON} or {@code OFF}, {@code
 * ObjectLockEnabled} other than {@code Enabled}, both or neither of {@code Days} and {@code
 * Years}; a period that is not a positive number within {@link #MAX_DAYS} days or {@link
 * #MAX_YEARS} years is {@code InvalidRetentionPeriod}.
 */
public final class ObjectLockXml {
  /** Largest request document accepted. */
  public static final int MAX_BYTES = 4096;
  /** Longest default retention in days (100 years, the longest S3 accepts). */
  public static final int MAX_DAYS = 36_500;
  /** Longest default retention in years. */
  public static final int MAX_YEARS = 100;

  private ObjectLockXml() {}

  /**
   * A bucket's default retention ({@code Rule/DefaultRetention}): exactly one of days and years is
   * positive.
   *
   * @param mode the mode given to new object versions
   * @param days the period in days, or 0 when given in years
   * @param years the period in years, or 0 when given in days
   */
  public record DefaultRetention(RetentionMode mode, int days, int years) {
    /** Checks the period. */
    public DefaultRetention {
      if ((days > 0) == (years > 0) || days < 0 || years < 0 || days > MAX_DAYS || years > MAX_YEARS) {
        throw new IllegalArgumentException("default retention: " + days + " days, " + years
            + " years (expected: one of 1.." + MAX_DAYS + " days or 1.." + MAX_YEARS + " years)");
      }
    }

    /**
     * Returns the end of the period for a version created at {@code now}: whole days, or calendar
     * years in UTC.
     *
     * @param now the version's creation time
     * @return the retain-until instant
     */
    public Instant until(Instant now) {
      return days > 0
          ? now.plus(java.time.Duration.ofDays(days))
          : now.atOffset(java.time.ZoneOffset.UTC).plusYears(years).toInstant();
    }
  }

  /**
   * A bucket's Object Lock configuration; a bucket that has one has Object Lock enabled.
   *
   * @param rule the default retention for new versions, if any
   */
  public record Configuration(Optional<DefaultRetention> rule) {
    /**
     * Parses a PutObjectLockConfiguration body.
     *
     * @param body the request body
     * @return the configuration
     * @throws S3Exception MalformedXML or InvalidRetentionPeriod
     */
    public static Configuration parse(byte[] body) {
      XmlTree root = XmlTree.parse(body, "ObjectLockConfiguration", MAX_BYTES, 16);
      String enabled = root.requiredText("ObjectLockEnabled");
      if (!enabled.equals("Enabled")) {
        throw XmlTree.malformed("ObjectLockEnabled: '" + enabled + "' (expected: Enabled)");
      }
      Optional<XmlTree> rule = root.optional("Rule");
      if (rule.isEmpty()) {
        return new Configuration(Optional.empty());
      }
      XmlTree d = rule.get().optional("DefaultRetention")
          .orElseThrow(() -> XmlTree.malformed("<Rule> lacks <DefaultRetention>"));
      RetentionMode mode = mode(d.requiredText("Mode"));
      Optional<String> days = d.optionalText("Days");
      Optional<String> years = d.optionalText("Years");
      if (days.isPresent() == years.isPresent()) {
        throw XmlTree.malformed("<DefaultRetention> has " + (days.isPresent() ? "both" : "neither")
            + " <Days> and <Years> (expected: exactly one)");
      }
      int n = period(days.isPresent() ? days.get() : years.get(),
          days.isPresent() ? MAX_DAYS : MAX_YEARS, days.isPresent() ? "Days" : "Years");
      return new Configuration(Optional.of(
          new DefaultRetention(mode, days.isPresent() ? n : 0, days.isPresent() ? 0 : n)));
    }

    /**
     * Encodes the configuration (the GetObjectLockConfiguration response, and what is stored).
     *
     * @return the XML
     */
    public String encode() {
      XmlDoc doc = new XmlDoc("ObjectLockConfiguration").el("ObjectLockEnabled", "Enabled");
      rule.ifPresent(r -> {
        doc.open("Rule").open("DefaultRetention").el("Mode", r.mode().name());
        if (r.days() > 0) {
          doc.el("Days", r.days());
        } else {
          doc.el("Years", r.years());
        }
        doc.close("DefaultRetention").close("Rule");
      });
      return doc.end("ObjectLockConfiguration");
    }
  }

  private static int period(String text, int max, String name) {
    int n;
    try {
      n = Integer.parseInt(text.strip());
    } catch (NumberFormatException e) {
      throw XmlTree.malformed("<" + name + ">" + text + "</" + name + "> (expected: a whole number)");
    }
    if (n < 1 || n > max) {
      throw new S3Exception(S3ErrorCode.INVALID_RETENTION_PERIOD, "Default retention period must be"
          + " a positive integer value: " + name + " " + n + " (expected: 1.." + max + ")");
    }
    return n;
  }

  /**
   * Parses a retention mode exactly as S3 spells it.
   *
   * @param text {@code GOVERNANCE} or {@code COMPLIANCE}
   * @return the mode
   * @throws S3Exception MalformedXML for anything else (also other case)
   */
  public static RetentionMode mode(String text) {
    return switch (text) {
      case "GOVERNANCE" -> RetentionMode.GOVERNANCE;
      case "COMPLIANCE" -> RetentionMode.COMPLIANCE;
      default -> throw XmlTree.malformed("Mode: '" + text + "' (expected: GOVERNANCE or COMPLIANCE)");
    };
  }

  /**
   * Parses an ISO 8601 date-time with an offset, as S3 takes {@code RetainUntilDate} and the
   * {@code x-amz-object-lock-retain-until-date} header ({@code 2030-01-01T00:00:00Z}, fractions
   * and offsets allowed).
   *
   * @param text the date-time
   * @return the instant, or empty if it does not parse
   */
  public static Optional<Instant> parseDate(String text) {
    try {
      return Optional.of(OffsetDateTime.parse(text.strip(), DateTimeFormatter.ISO_OFFSET_DATE_TIME)
          .toInstant());
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /**
   * Formats a retain-until date as S3 does in documents and headers.
   *
   * @param t the instant
   * @return e.g. {@code 2030-01-01T00:00:00.000Z}
   */
  public static String formatDate(Instant t) {
    return XmlDoc.iso(t);
  }

  /**
   * A PutObjectRetention body: a mode and a date, or neither (which removes the retention).
   *
   * @param mode the mode, or null
   * @param retainUntil the date, or null exactly when {@code mode} is
   */
  public record Retention(@Nullable RetentionMode mode, @Nullable Instant retainUntil) {
    /**
     * Parses a PutObjectRetention body.
     *
     * @param body the request body
     * @return the retention asked for
     * @throws S3Exception MalformedXML
     */
    public static Retention parse(byte[] body) {
      XmlTree root = XmlTree.parse(body, "Retention", MAX_BYTES, 8);
      Optional<String> mode = root.optionalText("Mode");
      Optional<String> date = root.optionalText("RetainUntilDate");
      if (mode.isPresent() != date.isPresent()) {
        throw XmlTree.malformed("<Retention> has " + (mode.isPresent() ? "<Mode> without <RetainUntilDate>"
            : "<RetainUntilDate> without <Mode>") + " (expected: both, or neither to remove it)");
      }
      if (mode.isEmpty()) {
        return new Retention(null, null);
      }
      Instant until = parseDate(date.get()).orElseThrow(() -> XmlTree.malformed(
          "RetainUntilDate: '" + date.get() + "' (expected: an ISO 8601 date-time such as 2030-01-01T00:00:00Z)"));
      return new Retention(ObjectLockXml.mode(mode.get()), until);
    }

    /**
     * Encodes the GetObjectRetention response.
     *
     * @return the XML
     */
    public String encode() {
      XmlDoc doc = new XmlDoc("Retention");
      if (mode != null && retainUntil != null) {
        doc.el("Mode", mode.name()).el("RetainUntilDate", formatDate(retainUntil));
      }
      return doc.end("Retention");
    }
  }

  /**
   * Parses a PutObjectLegalHold body.
   *
   * @param body the request body
   * @return whether the hold is to be on
   * @throws S3Exception MalformedXML for a status other than {@code ON} or {@code OFF}
   */
  public static boolean parseLegalHold(byte[] body) {
    XmlTree root = XmlTree.parse(body, "LegalHold", MAX_BYTES, 4);
    String status = root.requiredText("Status");
    return switch (status) {
      case "ON" -> true;
      case "OFF" -> false;
      default -> throw XmlTree.malformed("Status: '" + status + "' (expected: ON or OFF)");
    };
  }

  /**
   * Encodes the GetObjectLegalHold response.
   *
   * @param on whether the hold is on
   * @return the XML
   */
  public static String encodeLegalHold(boolean on) {
    return new XmlDoc("LegalHold").el("Status", on ? "ON" : "OFF").end("LegalHold");
  }

  /**
   * Returns a stored configuration's bytes as text, for {@link Configuration#parse}.
   *
   * @param c the configuration
   * @return its UTF-8 encoding
   */
  public static byte[] bytes(Configuration c) {
    return c.encode().getBytes(StandardCharsets.UTF_8);
  }
}
