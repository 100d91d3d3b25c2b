package dev.estuary.s3.internal.auth;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * The pure functions of AWS Signature Version 4 (AWS General Reference / IAM User Guide, "Create a
 * signed AWS API request" and the S3 API Reference "Signature Calculations for the Authorization
 * Header"): canonical URI, query and header values, the canonical request, the string to sign and
 * the derived signing key.
 */
public final class SigV4 {
  /** The only algorithm this server verifies. */
  public static final String ALGORITHM = "AWS4-HMAC-SHA256";
  /** The SHA-256 of the empty string, in hex. */
  public static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

  private static final HexFormat HEX = HexFormat.of();
  private static final byte[] HEX_UPPER = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);

  private SigV4() {}

  /** HMAC-SHA256 of {@code data} (UTF-8) under {@code key}. */
  public static byte[] hmac(byte[] key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is a required JDK algorithm", e);
    }
  }

  /** An HMAC-SHA256 keyed with {@code key}, to be used through {@link #hmac(Mac, String)}. */
  public static Mac hmacPrototype(byte[] key) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is a required JDK algorithm", e);
    }
  }

  /**
   * HMAC-SHA256 of {@code data} (UTF-8) with a clone of the keyed {@code prototype}, which is left
   * untouched (cloning skips the provider lookup and key schedule of a new Mac).
   */
  public static byte[] hmac(Mac prototype, String data) {
    Mac mac;
    try {
      mac = (Mac) prototype.clone();
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException("the JDK's HmacSHA256 is cloneable", e);
    }
    return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
  }

  /** A new SHA-256 digest. */
  public static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is a required JDK algorithm", e);
    }
  }

  /** Lower-case hex SHA-256 of {@code bytes}. */
  public static String sha256Hex(byte[] bytes) {
    return hex(sha256().digest(bytes));
  }

  /** Lower-case hex SHA-256 of {@code s} in UTF-8. */
  public static String sha256Hex(String s) {
    return sha256Hex(s.getBytes(StandardCharsets.UTF_8));
  }

  /** Lower-case hex. */
  public static String hex(byte[] b) {
    return HEX.formatHex(b);
  }

  /**
   * The signing key: HMAC chain over date (yyyyMMdd), region, service and "aws4_request", keyed
   * first with "AWS4" + secret.
   */
  public static byte[] signingKey(String secret, String date, String region, String service) {
    byte[] k = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), date);
    k = hmac(k, region);
    k = hmac(k, service);
    return hmac(k, "aws4_request");
  }

  /** The credential scope {@code date/region/service/aws4_request}. */
  public static String scope(String date, String region, String service) {
    return date + "/" + region + "/" + service + "/aws4_request";
  }

  /** The string to sign for a request: algorithm, timestamp, scope, hex SHA-256 of the canonical request. */
  public static String stringToSign(String amzDate, String scope, String canonicalRequest) {
    return ALGORITHM + "\n" + amzDate + "\n" + scope + "\n" + sha256Hex(canonicalRequest);
  }

  /**
   * The canonical request: method, canonical URI, canonical query, the canonical headers (each
   * {@code name:value\n}), the signed-header list and the payload hash, joined by newlines.
   */
  public static String canonicalRequest(
      String method, String canonicalUri, String canonicalQuery, String canonicalHeaders,
      String signedHeaders, String payloadHash) {
    return method + "\n" + canonicalUri + "\n" + canonicalQuery + "\n" + canonicalHeaders + "\n"
        + signedHeaders + "\n" + payloadHash;
  }

  /**
   * The canonical URI of a raw S3 path: percent-decoded once, then each byte except the unreserved
   * characters and '/' encoded as %XY (S3 encodes the path once, unlike other services, and does
   * not normalise it).
   */
  public static String canonicalUri(String rawPath) {
    if (rawPath.isEmpty()) {
      return "/";
    }
    // The whole path is decoded, %2F included: the key is what is signed, and the Java SDK sends
    // "a//b" as "a/%2Fb" (so that proxies do not merge the slashes) while signing "a//b".
    return uriEncode(percentDecode(rawPath, false), false);
  }

  /**
   * The canonical query string: parameters decoded, re-encoded per SigV4, sorted by name then
   * value, {@code name=value} joined by '&'; a parameter without '=' gets an empty value.
   *
   * @param exclude a parameter name to leave out (X-Amz-Signature for presigned URLs), or null
   */
  public static String canonicalQuery(String rawQuery, @Nullable String exclude) {
    if (rawQuery.isEmpty()) {
      return "";
    }
    List<String[]> params = new ArrayList<>();
    for (String part : rawQuery.split("&", -1)) {
      if (part.isEmpty()) {
        continue;
      }
      int eq = part.indexOf('=');
      String name = eq < 0 ? part : part.substring(0, eq);
      String value = eq < 0 ? "" : part.substring(eq + 1);
      String n = uriEncode(percentDecode(name, true), true);
      if (exclude != null && n.equals(exclude)) {
        continue;
      }
      params.add(new String[] {n, uriEncode(percentDecode(value, true), true)});
    }
    params.sort((a, b) -> {
      int c = a[0].compareTo(b[0]);
      return c != 0 ? c : a[1].compareTo(b[1]);
    });
    StringBuilder sb = new StringBuilder(rawQuery.length() + 16);
    for (String[] p : params) {
      if (!sb.isEmpty()) {
        sb.append('&');
      }
      sb.append(p[0]).append('=').append(p[1]);
    }
    return sb.toString();
  }

  /**
   * Decoded query parameters of a raw query (first value wins), for reading the X-Amz-* presign
   * parameters.
   */
  public static Map<String, String> queryParams(String rawQuery) {
    var out = new java.util.LinkedHashMap<String, String>();
    if (rawQuery.isEmpty()) {
      return out;
    }
    for (String part : rawQuery.split("&", -1)) {
      if (part.isEmpty()) {
        continue;
      }
      int eq = part.indexOf('=');
      String name = new String(percentDecode(eq < 0 ? part : part.substring(0, eq), true), StandardCharsets.UTF_8);
      String value = eq < 0 ? "" : new String(percentDecode(part.substring(eq + 1), true), StandardCharsets.UTF_8);
      out.putIfAbsent(name, value);
    }
    return out;
  }

  /** How many times the (decoded) parameter {@code name} occurs in a raw query. */
  public static long queryParamCount(String rawQuery, String name) {
    if (rawQuery.isEmpty()) {
      return 0;
    }
    long n = 0;
    for (String part : rawQuery.split("&", -1)) {
      int eq = part.indexOf('=');
      String raw = eq < 0 ? part : part.substring(0, eq);
      if (!raw.isEmpty() && name.equals(new String(percentDecode(raw, true), StandardCharsets.UTF_8))) {
        n++;
      }
    }
    return n;
  }

  /**
   * A canonical header value: the values of every occurrence joined by ',', each trimmed with
   * runs of spaces collapsed to one.
   */
  public static String canonicalHeaderValue(List<String> values) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        sb.append(',');
      }
      String v = values.get(i).strip();
      boolean space = false;
      for (int j = 0; j < v.length(); j++) {
        char c = v.charAt(j);
        if (c == ' ' || c == '\t') {
          if (!space) {
            sb.append(' ');
          }
          space = true;
        } else {
          sb.append(c);
          space = false;
        }
      }
    }
    return sb.toString();
  }

  /**
   * SigV4 URI encoding of raw bytes: A-Z a-z 0-9 '-' '.' '_' '~' stay, '/' stays unless
   * {@code encodeSlash}, everything else becomes %XY with upper-case hex.
   */
  public static String uriEncode(byte[] bytes, boolean encodeSlash) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length + 16);
    for (byte b : bytes) {
      int c = b & 0xFF;
      if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9'
          || c == '-' || c == '.' || c == '_' || c == '~' || c == '/' && !encodeSlash) {
        out.write(c);
      } else {
        out.write('%');
        out.write(HEX_UPPER[c >> 4]);
        out.write(HEX_UPPER[c & 0xF]);
      }
    }
    return out.toString(StandardCharsets.US_ASCII);
  }

  /**
   * Percent-decodes to bytes. A '%' not followed by two hex digits is kept literally, as S3 does
   * not reject it before signing. In query components '+' means a space (form encoding).
   */
  public static byte[] percentDecode(String s, boolean plusIsSpace) {
    byte[] in = s.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream(in.length);
    for (int i = 0; i < in.length; i++) {
      byte b = in[i];
      if (b == '%' && i + 2 < in.length && hexVal(in[i + 1]) >= 0 && hexVal(in[i + 2]) >= 0) {
        out.write(hexVal(in[i + 1]) << 4 | hexVal(in[i + 2]));
        i += 2;
      } else if (b == '+' && plusIsSpace) {
        out.write(' ');
      } else {
        out.write(b);
      }
    }
    return out.toByteArray();
  }

  private static int hexVal(byte b) {
    if (b >= '0' && b <= '9') {
      return b - '0';
    }
    if (b >= 'a' && b <= 'f') {
      return b - 'a' + 10;
    }
    if (b >= 'A' && b <= 'F') {
      return b - 'A' + 10;
    }
    return -1;
  }

  /** Constant-time comparison of two hex signatures (case-insensitive). */
  public static boolean signaturesEqual(String expectedHex, String providedHex) {
    byte[] a = expectedHex.toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
    byte[] b = providedHex.toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(a, b);
  }
}
