package dev.estuary.s3.internal.server;

import dev.estuary.s3.internal.error.S3ErrorCode;
import dev.estuary.s3.internal.error.S3Exception;
import java.io.ByteArrayOutputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The bucket and key a request names, from its {@code Host} and its raw (undecoded, unnormalised)
 * path. Path style: {@code /bucket/key}. Virtual-host style: {@code bucket.<domain>} with the whole
 * path as the key. The key keeps every byte of the raw path (S3 keys such as {@code a//b} are
 * legal and SigV4 signs the raw path), percent-decoded as UTF-8.
 *
 * @param bucket the bucket, or null for service-level requests
 * @param key the key, or null for bucket-level requests
 */
public record Target(@Nullable String bucket, @Nullable String key) {

  /**
   * Works out the target.
   *
   * @param host the {@code Host} header (or {@code :authority}), or null
   * @param rawPath the raw request path, starting with {@code /}
   * @param domain the virtual-host base domain, or null when virtual hosts are off
   * @return the target
   * @throws S3Exception {@code InvalidURI} for a path that is not UTF-8 percent-encoding
   */
  public static Target of(@Nullable String host, String rawPath, @Nullable String domain) {
    String path = rawPath;
    int q = path.indexOf('?');
    if (q >= 0) {
      path = path.substring(0, q);
    }
    String vhost = virtualBucket(host, domain);
    if (vhost != null) {
      String key = path.length() > 1 ? decode(path.substring(1)) : null;
      return new Target(vhost, key == null || key.isEmpty() ? null : key);
    }
    if (path.isEmpty() || path.equals("/")) {
      return new Target(null, null);
    }
    String rest = path.substring(1);
    int slash = rest.indexOf('/');
    if (slash < 0) {
      return new Target(decode(rest), null);
    }
    String bucket = decode(rest.substring(0, slash));
    String key = decode(rest.substring(slash + 1));
    return new Target(bucket, key.isEmpty() ? null : key);
  }

  /** The bucket a virtual-host {@code Host} names under {@code domain}, or null (path style). */
  static @Nullable String virtualBucket(@Nullable String host, @Nullable String domain) {
    if (host == null || domain == null || domain.isEmpty()) {
      return null;
    }
    String h = host.toLowerCase(Locale.ROOT);
    if (h.startsWith("[")) {
      return null; // an IPv6 literal is never a virtual host
    }
    int colon = h.lastIndexOf(':');
    if (colon >= 0) {
      h = h.substring(0, colon);
    }
    String suffix = "." + domain.toLowerCase(Locale.ROOT);
    if (h.endsWith(suffix) && h.length() > suffix.length()) {
      return h.substring(0, h.length() - suffix.length());
    }
    return null;
  }

  /**
   * Percent-decodes a path part as UTF-8; {@code +} stays a plus (RFC 3986 paths).
   *
   * @param s the raw text
   * @return the decoded text
   */
  static String decode(String s) {
    if (s.indexOf('%') < 0) {
      return s;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%') {
        if (i + 2 >= s.length()) {
          throw badUri(s);
        }
        int hi = Character.digit(s.charAt(i + 1), 16);
        int lo = Character.digit(s.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) {
          throw badUri(s);
        }
        out.write(hi << 4 | lo);
        i += 2;
      } else if (c < 0x80) {
        out.write(c);
      } else {
        byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        out.write(b, 0, b.length);
      }
    }
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(out.toByteArray())).toString();
    } catch (CharacterCodingException e) {
      throw badUri(s);
    }
  }

  private static S3Exception badUri(String s) {
    return new S3Exception(S3ErrorCode.INVALID_URI,
        "path: '" + s + "' (expected: UTF-8 in RFC 3986 percent-encoding)");
  }
}
