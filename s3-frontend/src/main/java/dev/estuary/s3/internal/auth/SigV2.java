package dev.estuary.s3.internal.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * AWS Signature Version 2 for S3 ("Signing and Authenticating REST Requests", S3 Developer Guide,
 * the legacy RESTAuthentication page): the string to sign and its HMAC-SHA1.
 *
 * <pre>
 * StringToSign = VERB \n Content-MD5 \n Content-Type \n Date \n CanonicalizedAmzHeaders CanonicalizedResource
 * </pre>
 *
 * <p>Date is the {@code Date} header, empty when {@code x-amz-date} is sent (it is then among the
 * amz headers), and the {@code Expires} parameter of a presigned URL. The canonical resource is
 * {@code /bucket/key} as sent on the wire (the bucket prepended for virtual-host requests) plus
 * the sub-resources below, sorted by name, values decoded.
 */
public final class SigV2 {
  /**
   * The query parameters that are part of the canonical resource: the S3 guide's list plus what
   * later operations added, as botocore's {@code HmacV1Auth.QSAOfInterest} (the signer of boto3
   * and the aws CLI) and s3cmd sign them. A parameter outside the list is not signed.
   */
  public static final Set<String> SUB_RESOURCES = Set.of(
      "accelerate", "acl", "analytics", "cors", "defaultObjectAcl", "delete", "inventory",
      "legal-hold", "lifecycle", "location", "logging", "metrics", "notification",
      "object-lock", "partNumber", "policy", "replication", "requestPayment",
      "response-cache-control", "response-content-disposition", "response-content-encoding",
      "response-content-language", "response-content-type", "response-expires", "restore",
      "retention", "select", "select-type", "storageClass", "tagging", "torrent", "uploadId",
      "uploads", "versionId", "versioning", "versions", "website");

  private SigV2() {}

  /**
   * The string to sign.
   *
   * @param method the HTTP method
   * @param contentMd5 the Content-MD5 value, or empty
   * @param contentType the Content-Type value, or empty
   * @param date the Date header, the presign Expires, or empty when x-amz-date is sent
   * @param amzHeaders the x-amz-* headers by lower-case name, each with all its values
   * @param resource the canonical resource ({@link #canonicalResource})
   * @return the string
   */
  public static String stringToSign(String method, String contentMd5, String contentType,
      String date, Map<String, List<String>> amzHeaders, String resource) {
    StringBuilder sb = new StringBuilder(128);
    sb.append(method).append('\n').append(contentMd5.strip()).append('\n')
        .append(contentType.strip()).append('\n').append(date.strip()).append('\n');
    for (Map.Entry<String, List<String>> e : new TreeMap<>(amzHeaders).entrySet()) {
      List<String> values = new ArrayList<>();
      for (String v : e.getValue()) {
        values.add(unfold(v));
      }
      sb.append(e.getKey()).append(':').append(String.join(",", values)).append('\n');
    }
    return sb.append(resource).toString();
  }

  /** A header value with folding (CRLF and surrounding white space) made one space, trimmed. */
  private static String unfold(String v) {
    return v.replaceAll("\\s*\\r?\\n\\s*", " ").strip();
  }

  /**
   * The canonical resource.
   *
   * @param virtualHostBucket the bucket named by the Host header, or null for path style
   * @param path the path as sent (percent-encoded), or re-encoded
   * @param rawQuery the query as sent
   * @return {@code [/bucket]path[?sub=value&...]}
   */
  public static String canonicalResource(@Nullable String virtualHostBucket, String path,
      String rawQuery) {
    StringBuilder sb = new StringBuilder(path.length() + 32);
    if (virtualHostBucket != null) {
      sb.append('/').append(virtualHostBucket);
    }
    sb.append(path.isEmpty() ? "/" : path);
    TreeMap<String, List<@Nullable String>> subs = new TreeMap<>();
    if (!rawQuery.isEmpty()) {
      for (String part : rawQuery.split("&", -1)) {
        int eq = part.indexOf('=');
        String name = decode(eq < 0 ? part : part.substring(0, eq));
        if (SUB_RESOURCES.contains(name)) {
          subs.computeIfAbsent(name, k -> new ArrayList<>())
              .add(eq < 0 ? null : decode(part.substring(eq + 1)));
        }
      }
    }
    char sep = '?';
    for (Map.Entry<String, List<@Nullable String>> e : subs.entrySet()) {
      for (String v : e.getValue()) {
        sb.append(sep).append(e.getKey());
        if (v != null) {
          sb.append('=').append(v);
        }
        sep = '&';
      }
    }
    return sb.toString();
  }

  private static String decode(String s) {
    return new String(SigV4.percentDecode(s, true), StandardCharsets.UTF_8);
  }

  /**
   * Base64 of HMAC-SHA1 over the UTF-8 string with the secret key.
   *
   * @param secret the secret access key
   * @param stringToSign what is signed
   * @return the signature as sent
   */
  public static String sign(String secret, String stringToSign) {
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
      return Base64.getEncoder().encodeToString(
          mac.doFinal(stringToSign.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA1 is a required JCA algorithm", e);
    }
  }

  /** Constant-time comparison of two base64 signatures (exact bytes: base64 is case-sensitive). */
  public static boolean signaturesEqual(String expected, String provided) {
    return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
        provided.getBytes(StandardCharsets.US_ASCII));
  }

  /** The string's bytes as two-digit hex separated by spaces, as S3's StringToSignBytes. */
  public static String bytesHex(String s) {
    StringBuilder sb = new StringBuilder();
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      if (!sb.isEmpty()) {
        sb.append(' ');
      }
      sb.append(String.format("%02x", b & 0xFF));
    }
    return sb.toString();
  }
}
