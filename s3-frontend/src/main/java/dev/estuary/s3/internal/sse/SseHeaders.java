package dev.estuary.s3.internal.sse;

import com.linecorp.armeria.common.HttpHeaders;
import dev.estuary.s3.internal.error.S3ErrorCode;
import dev.estuary.s3.internal.error.S3Exception;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The encryption headers of a request (S3 User Guide, "Using server-side encryption with
 * customer-provided keys (SSE-C)" and "... with Amazon S3 managed keys (SSE-S3)"), checked as S3
 * checks them: SSE-C needs all three of algorithm ({@code AES256}), key (base64 of 32 bytes) and
 * key MD5 (base64 of the key's MD5, which must match), each mistake a 400 naming what was wrong;
 * {@code x-amz-server-side-encryption} takes {@code AES256} only ({@code aws:kms} is refused:
 * there is no KMS here).
 */
public final class SseHeaders {
  /** The prefix of the SSE-C headers naming the key of the object written or read. */
  public static final String CUSTOMER = "x-amz-server-side-encryption-customer-";
  /** The prefix of the SSE-C headers naming the key of a copy's source. */
  public static final String COPY_SOURCE_CUSTOMER =
      "x-amz-copy-source-server-side-encryption-customer-";
  /** The SSE-S3 (and SSE-KMS) header. */
  public static final String SSE = "x-amz-server-side-encryption";

  private SseHeaders() {}

  /**
   * A customer key given with a request.
   *
   * @param key the 32 key bytes
   * @param md5 the key's MD5, base64, as sent
   */
  public record CustomerKey(byte[] key, String md5) {
    /** Copies the key. */
    public CustomerKey {
      key = key.clone();
    }

    @Override
    public byte[] key() {
      return key.clone();
    }

    @Override
    public String toString() {
      return "CustomerKey[md5=" + md5 + "]";
    }
  }

  /**
   * Reads and checks the SSE-C headers with a given prefix.
   *
   * @param h the request headers
   * @param prefix {@link #CUSTOMER} or {@link #COPY_SOURCE_CUSTOMER}
   * @return the key, or null when none of the three headers is present
   * @throws S3Exception {@code InvalidArgument} for a missing companion header, a bad key or a key
   *     MD5 that does not match; {@code InvalidEncryptionAlgorithmError} for an algorithm other than
   *     AES256
   */
  public static @Nullable CustomerKey customerKey(HttpHeaders h, String prefix) {
    String alg = h.get(prefix + "algorithm");
    String key = h.get(prefix + "key");
    String md5 = h.get(prefix + "key-md5");
    if (alg == null && key == null && md5 == null) {
      return null;
    }
    if (alg == null) {
      throw invalid(prefix + "algorithm", "", "Requests specifying Server Side Encryption with"
          + " Customer provided keys must provide a valid encryption algorithm (" + prefix
          + "algorithm: missing, expected: AES256)");
    }
    if (!alg.strip().equals("AES256")) {
      throw new S3Exception(S3ErrorCode.INVALID_ENCRYPTION_ALGORITHM, prefix + "algorithm: '"
          + alg + "' (expected: AES256)").withDetail("ArgumentName", prefix + "algorithm")
          .withDetail("ArgumentValue", alg);
    }
    if (key == null) {
      throw invalid(prefix + "key", "", "Requests specifying Server Side Encryption with Customer"
          + " provided keys must provide an appropriate secret key (" + prefix + "key: missing)");
    }
    if (md5 == null) {
      throw invalid(prefix + "key-MD5", "", "Requests specifying Server Side Encryption with"
          + " Customer provided keys must provide the client calculated MD5 of the secret key ("
          + prefix + "key-MD5: missing)");
    }
    byte[] k;
    try {
      k = Base64.getDecoder().decode(key.strip());
    } catch (IllegalArgumentException e) {
      k = new byte[0];
    }
    if (k.length != 32) {
      throw invalid(prefix + "key", "", "The secret key was invalid for the specified algorithm ("
          + prefix + "key: " + k.length + " bytes decoded, expected: base64 of 32 bytes)");
    }
    byte[] want;
    try {
      want = MessageDigest.getInstance("MD5").digest(k);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 is required of every JDK", e);
    }
    byte[] got;
    try {
      got = Base64.getDecoder().decode(md5.strip());
    } catch (IllegalArgumentException e) {
      got = new byte[0];
    }
    if (!MessageDigest.isEqual(want, got)) {
      throw invalid(prefix + "key-MD5", md5, "The calculated MD5 hash of the key did not match"
          + " the hash that was provided (" + prefix + "key-MD5: '" + md5 + "')");
    }
    return new CustomerKey(k, md5.strip());
  }

  /**
   * Reads {@code x-amz-server-side-encryption}.
   *
   * @param h the request headers
   * @return whether SSE-S3 ({@code AES256}) was asked for
   * @throws S3Exception {@code InvalidArgument} for {@code aws:kms} (no KMS here) or any other
   *     value, and for the SSE-KMS headers
   */
  public static boolean applianceKey(HttpHeaders h) {
    for (String kms : new String[] {"x-amz-server-side-encryption-aws-kms-key-id",
        "x-amz-server-side-encryption-context", "x-amz-server-side-encryption-bucket-key-enabled"}) {
      String v = h.get(kms);
      if (v != null && !(kms.endsWith("bucket-key-enabled") && v.strip().equalsIgnoreCase("false"))) {
        throw invalid(kms, v, kms + ": '" + v + "' (expected: absent; SSE-KMS is not available,"
            + " this gateway has no KMS: use x-amz-server-side-encryption: AES256 or SSE-C)");
      }
    }
    String v = h.get(SSE);
    if (v == null) {
      return false;
    }
    String s = v.strip();
    if (s.equals("AES256")) {
      return true;
    }
    if (s.toLowerCase(Locale.ROOT).startsWith("aws:kms")) {
      throw invalid(SSE, v, SSE + ": '" + v + "' (expected: AES256; SSE-KMS is not available,"
          + " this gateway has no KMS)");
    }
    throw invalid(SSE, v, SSE + ": '" + v + "' (expected: AES256)");
  }

  static S3Exception invalid(String name, String value, String message) {
    return new S3Exception(S3ErrorCode.INVALID_ARGUMENT, message).withDetail("ArgumentName", name)
        .withDetail("ArgumentValue", value);
  }
}
