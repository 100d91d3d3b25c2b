package dev.estuary.s3.internal.access;

import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The condition operators of the IAM policy grammar (IAM User Guide, "IAM JSON policy elements:
 * Condition operators") and the condition keys this server fills in for S3 requests.
 *
 * <p>Semantics: the values of one condition are ORed (any matches), the keys of one operator and
 * the operators of one statement ANDed. A key the request does not carry makes the condition
 * false, except for the negated operators ({@code StringNotEquals}, {@code NotIpAddress}, ...)
 * which are then true, {@code ...IfExists} forms which are then true, and {@code Null} which
 * tests exactly for absence.
 */
final class Conditions {
  /** Every operator, without the {@code IfExists} suffix and set qualifiers. */
  static final Set<String> OPERATORS = Set.of(
      "StringEquals", "StringNotEquals", "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase",
      "StringLike", "StringNotLike", "NumericEquals", "NumericNotEquals", "NumericLessThan",
      "NumericLessThanEquals", "NumericGreaterThan", "NumericGreaterThanEquals", "DateEquals",
      "DateNotEquals", "DateLessThan", "DateLessThanEquals", "DateGreaterThan",
      "DateGreaterThanEquals", "Bool", "BinaryEquals", "IpAddress", "NotIpAddress", "ArnEquals",
      "ArnLike", "ArnNotEquals", "ArnNotLike", "Null");

  private static final Set<String> NEGATED = Set.of("StringNotEquals",
      "StringNotEqualsIgnoreCase", "StringNotLike", "NumericNotEquals", "DateNotEquals",
      "NotIpAddress", "ArnNotEquals", "ArnNotLike");

  /** Keys filled in (lower case); {@code .../} entries take a tag key or header after the slash. */
  private static final Set<String> KEYS = Set.of(
      "aws:sourceip", "aws:securetransport", "aws:currenttime", "aws:epochtime", "aws:username",
      "aws:userid", "aws:principaltype", "aws:referer", "aws:useragent", "aws:principalarn",
      "s3:prefix", "s3:delimiter", "s3:max-keys", "s3:x-amz-acl", "s3:x-amz-grant-read",
      "s3:x-amz-grant-write", "s3:x-amz-grant-read-acp", "s3:x-amz-grant-write-acp",
      "s3:x-amz-grant-full-control", "s3:x-amz-copy-source", "s3:x-amz-metadata-directive",
      "s3:x-amz-server-side-encryption", "s3:x-amz-storage-class", "s3:x-amz-content-sha256",
      "s3:versionid", "s3:requestobjecttagkeys", "s3:authtype", "s3:signatureversion",
      "s3:signatureage", "s3:object-lock-mode", "s3:object-lock-retain-until-date",
      "s3:object-lock-legal-hold", "s3:locationconstraint", "s3:tlsversion");
  private static final Set<String> PREFIX_KEYS = Set.of("s3:existingobjecttag/",
      "s3:requestobjecttag/", "aws:requesttag/", "aws:resourcetag/");

  /** Named in MalformedPolicy messages. */
  static final String KEYS_DESCRIPTION = "aws:SourceIp, aws:SecureTransport, aws:CurrentTime,"
      + " aws:EpochTime, aws:username, aws:userid, aws:PrincipalType, aws:Referer, aws:UserAgent,"
      + " s3:prefix, s3:delimiter, s3:max-keys, s3:x-amz-acl, s3:x-amz-grant-*, s3:VersionId,"
      + " s3:ExistingObjectTag/KEY, s3:RequestObjectTag/KEY, s3:RequestObjectTagKeys, ...";

  private Conditions() {}

  /**
   * Returns the normal form of a key: the part before any {@code /} in lower case (condition key
   * names ignore case), a tag key after it as written.
   *
   * @param key the key as written
   * @return the lookup key
   */
  static String normal(String key) {
    int slash = key.indexOf('/');
    return slash < 0 ? key.toLowerCase(Locale.ROOT)
        : key.substring(0, slash + 1).toLowerCase(Locale.ROOT) + key.substring(slash + 1);
  }

  static boolean isKnownKey(String key) {
    String n = normal(key);
    if (KEYS.contains(n)) {
      return true;
    }
    int slash = n.indexOf('/');
    return slash > 0 && slash < n.length() - 1 && PREFIX_KEYS.contains(n.substring(0, slash + 1));
  }

  /** Refuses, at PutBucketPolicy, a value the operator can never compare. */
  static void checkValue(String operator, String value, String where) {
    boolean ok = switch (operator) {
      case "NumericEquals", "NumericNotEquals", "NumericLessThan", "NumericLessThanEquals",
          "NumericGreaterThan", "NumericGreaterThanEquals" -> number(value) != null;
      case "DateEquals", "DateNotEquals", "DateLessThan", "DateLessThanEquals", "DateGreaterThan",
          "DateGreaterThanEquals" -> date(value) != null;
      case "Bool", "Null" -> value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false");
      case "IpAddress", "NotIpAddress" -> Cidr.parse(value) != null;
      default -> true;
    };
    if (!ok) {
      throw Policy.malformed("Invalid Condition value: " + where + ": '" + value + "' (expected: "
          + switch (operator.substring(0, Math.min(4, operator.length()))) {
            case "Nume" -> "a number";
            case "Date" -> "an ISO 8601 date or epoch seconds";
            case "Bool", "Null" -> "true or false";
            default -> "an IPv4 or IPv6 address or CIDR block";
          } + ")");
    }
  }

  /**
   * Evaluates one condition against the request's keys.
   *
   * @param c the condition
   * @param context the request's keys in {@link #normal} form, each with its values
   * @param vars expands policy variables ({@code ${aws:username}}) in condition values
   * @return whether it holds
   */
  static boolean holds(Policy.Condition c, Map<String, List<String>> context,
      java.util.function.UnaryOperator<String> vars) {
    List<String> present = context.get(normal(c.key()));
    boolean absent = present == null || present.isEmpty();
    if (c.operator().equals("Null")) {
      boolean wantAbsent = c.values().stream().anyMatch(v -> v.equalsIgnoreCase("true"));
      boolean wantPresent = c.values().stream().anyMatch(v -> v.equalsIgnoreCase("false"));
      return absent ? wantAbsent : wantPresent;
    }
    boolean negated = NEGATED.contains(c.operator());
    if (absent) {
      return c.ifExists() || negated || c.forAllValues();
    }
    if (c.forAllValues()) {
      for (String v : present) {
        if (!matchOne(c, v, negated, vars)) {
          return false;
        }
      }
      return true;
    }
    for (String v : present) {
      if (matchOne(c, v, negated, vars)) {
        return true;
      }
    }
    return false;
  }

  /** Whether one request value satisfies the condition (for negated operators: matches none). */
  private static boolean matchOne(Policy.Condition c, String actual, boolean negated,
      java.util.function.UnaryOperator<String> vars) {
    boolean any = false;
    for (String want : c.values()) {
      if (compare(c.operator(), vars.apply(want), actual)) {
        any = true;
        break;
      }
    }
    return negated ? !any : any;
  }

  /** The positive comparison of an operator (the negated ones compare as their positive twin). */
  private static boolean compare(String op, String want, String actual) {
    return switch (op) {
      case "StringEquals", "StringNotEquals", "ArnEquals", "ArnNotEquals" -> want.equals(actual);
      case "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase" ->
          want.equalsIgnoreCase(actual);
      case "StringLike", "StringNotLike", "ArnLike", "ArnNotLike" ->
          Wildcards.matches(want, actual, false);
      case "Bool" -> want.equalsIgnoreCase(actual);
      case "BinaryEquals" -> want.equals(java.util.Base64.getEncoder().encodeToString(
          actual.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
      case "IpAddress", "NotIpAddress" -> {
        Cidr cidr = Cidr.parse(want);
        yield cidr != null && cidr.contains(actual);
      }
      default -> {
        if (op.startsWith("Numeric")) {
          BigDecimal a = number(actual);
          BigDecimal w = number(want);
          yield a != null && w != null && order(op.substring("Numeric".length()),
              a.compareTo(w));
        }
        Instant a = date(actual);
        Instant w = date(want);
        yield a != null && w != null && order(op.substring("Date".length()), a.compareTo(w));
      }
    };
  }

  private static boolean order(String rel, int cmp) {
    return switch (rel) {
      case "Equals", "NotEquals" -> cmp == 0;
      case "LessThan" -> cmp < 0;
      case "LessThanEquals" -> cmp <= 0;
      case "GreaterThan" -> cmp > 0;
      case "GreaterThanEquals" -> cmp >= 0;
      default -> false;
    };
  }

  private static @Nullable BigDecimal number(String s) {
    try {
      return new BigDecimal(s.strip());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** ISO 8601 with an offset, a date-time in UTC, a date, or epoch seconds. */
  static @Nullable Instant date(String s) {
    String t = s.strip();
    try {
      if (t.matches("-?[0-9]{1,12}")) {
        return Instant.ofEpochSecond(Long.parseLong(t));
      }
      if (t.matches("[0-9]{4}-[0-9]{2}-[0-9]{2}")) {
        return java.time.LocalDate.parse(t).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
      }
      return OffsetDateTime.parse(t).toInstant();
    } catch (DateTimeParseException | NumberFormatException e) {
      return null;
    }
  }

  /** An address block: a literal IPv4/IPv6 address with an optional prefix length. */
  record Cidr(byte[] network, int bits) {
    static @Nullable Cidr parse(String text) {
      String t = text.strip();
      int slash = t.indexOf('/');
      String addr = slash < 0 ? t : t.substring(0, slash);
      // Literal addresses only: never a name lookup.
      if (!addr.matches("[0-9.]+|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*")) {
        return null;
      }
      byte[] a;
      try {
        a = InetAddress.getByName(addr).getAddress();
      } catch (UnknownHostException e) {
        return null;
      }
      int bits = a.length * 8;
      if (slash >= 0) {
        try {
          bits = Integer.parseInt(t.substring(slash + 1));
        } catch (NumberFormatException e) {
          return null;
        }
        if (bits < 0 || bits > a.length * 8) {
          return null;
        }
      }
      return new Cidr(a, bits);
    }

    boolean contains(String address) {
      Cidr other = parse(address);
      if (other == null) {
        return false;
      }
      byte[] b = other.network();
      if (b.length != network.length) {
        return false;
      }
      for (int i = 0; i < bits; i++) {
        int mask = 0x80 >>> (i % 8);
        if ((network[i / 8] & mask) != (b[i / 8] & mask)) {
          return false;
        }
      }
      return true;
    }

    boolean isEverything() {
      return bits == 0;
    }
  }
}
