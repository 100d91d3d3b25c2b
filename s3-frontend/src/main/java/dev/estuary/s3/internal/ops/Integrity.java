package dev.estuary.s3.internal.ops;

import dev.estuary.s3.internal.error.S3ErrorCode;
import dev.estuary.s3.internal.error.S3Exception;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import dev.estuary.s3.internal.checksum.Hasher;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The integrity checks of one upload body (S3 User Guide, "Checking object integrity"): the MD5
 * that becomes the ETag and is checked against {@code Content-MD5}, and at most one of the
 * {@code x-amz-checksum-*} algorithms, whose expected value comes from a header or, with {@code
 * x-amz-trailer}, from the aws-chunked trailer. Feed every payload byte to {@link #update}, then
 * call {@link #finish}.
 */
public final class Integrity {
  private final MessageDigest md5;
  private final @Nullable String contentMd5;
  private final @Nullable String algorithm;
  private final @Nullable String expected;
  private final @Nullable String trailerName;
  private final @Nullable Hasher hasher;
  private @Nullable String md5Hex;
  private @Nullable String checksum;

  private Integrity(@Nullable String contentMd5, @Nullable String algorithm,
      @Nullable String expected, @Nullable String trailerName) {
    try {
      this.md5 = MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 is required of every JDK", e);
    }
    this.contentMd5 = contentMd5;
    this.algorithm = algorithm;
    this.expected = expected;
    this.trailerName = trailerName;
    this.hasher = algorithm == null ? null : Checksums.hasher(algorithm);
  }

  /**
   * Reads what the request asks to be checked.
   *
   * @param req the request
   * @return the checks
   * @throws S3Exception {@code InvalidDigest} for a malformed {@code Content-MD5}, {@code
   *     InvalidRequest} for two checksums or an unknown algorithm
   */
  public static Integrity of(OpRequest req) {
    String contentMd5 = req.header("content-md5");
    if (contentMd5 != null) {
      byte[] d;
      try {
        d = Base64.getDecoder().decode(contentMd5.strip());
      } catch (IllegalArgumentException e) {
        d = new byte[0];
      }
      if (d.length != 16) {
        throw new S3Exception(S3ErrorCode.INVALID_DIGEST,
            "Content-MD5: '" + contentMd5 + "' (expected: the base64 of a 16-byte MD5)");
      }
      contentMd5 = HexFormat.of().formatHex(d);
    }
    String alg = null;
    String value = null;
    for (String a : Checksums.ALGORITHMS) {
      String v = req.header("x-amz-checksum-" + a.toLowerCase(Locale.ROOT));
      if (v != null) {
        if (alg != null) {
          throw new S3Exception(S3ErrorCode.INVALID_REQUEST,
              "x-amz-checksum-" + a.toLowerCase(Locale.ROOT)
                  + ": only one checksum header may be given (expected: one algorithm)");
        }
        alg = a;
        value = v.strip();
        // A value that is not base64 of the algorithm's length is InvalidRequest, before any body.
        dev.estuary.s3.internal.checksum.Checksums.decode(Checksums.algorithm(a), value);
      }
    }
    String trailer = null;
    String trailerHeader = req.header("x-amz-trailer");
    if (trailerHeader != null && !trailerHeader.isBlank()) {
      String t = trailerHeader.strip().toLowerCase(Locale.ROOT);
      if (!t.startsWith("x-amz-checksum-")) {
        throw new S3Exception(S3ErrorCode.INVALID_REQUEST,
            "x-amz-trailer: '" + trailerHeader + "' (expected: x-amz-checksum-<algorithm>)");
      }
      String a = Checksums.canonical(t.substring("x-amz-checksum-".length()));
      if (alg != null && !alg.equals(a)) {
        throw new S3Exception(S3ErrorCode.INVALID_REQUEST,
            "x-amz-trailer: '" + trailerHeader + "' names another algorithm than the checksum"
                + " header (expected: one algorithm)");
      }
      alg = a;
      trailer = t;
    }
    if (alg == null) {
      String sdk = req.header("x-amz-sdk-checksum-algorithm");
      if (sdk != null && !sdk.isBlank()) {
        // The SDK names the algorithm it will send; compute it so it can be stored and returned.
        alg = Checksums.canonical(sdk.strip());
      }
    }
    return new Integrity(contentMd5, alg, value, trailer);
  }

  /**
   * Returns checks that only compute the MD5 (for copies).
   *
   * @return the checks
   */
  public static Integrity none() {
    return new Integrity(null, null, null, null);
  }

  /**
   * Returns the checksum algorithm in use, if any.
   *
   * @return e.g. {@code CRC32}, or null
   */
  public @Nullable String algorithm() {
    return algorithm;
  }

  /**
   * Feeds payload bytes.
   *
   * @param b the bytes between position and limit; the position is left unchanged
   */
  public void update(ByteBuffer b) {
    md5.update(b.duplicate());
    if (hasher != null) {
      hasher.update(b.duplicate());
    }
  }

  /**
   * Verifies the digests after the last byte.
   *
   * @param trailers the aws-chunked trailers, lower-cased
   * @throws S3Exception {@code BadDigest} when a digest does not match
   */
  public void finish(Map<String, String> trailers) {
    md5Hex = HexFormat.of().formatHex(md5.digest());
    if (contentMd5 != null && !contentMd5.equals(md5Hex)) {
      throw new S3Exception(S3ErrorCode.BAD_DIGEST, "Content-MD5: the body's MD5 is " + md5Hex
          + " (expected: " + contentMd5 + ", as sent)");
    }
    if (hasher != null && algorithm != null) {
      checksum = Base64.getEncoder().encodeToString(hasher.digest());
      String want = expected;
      if (trailerName != null) {
        want = trailers.get(trailerName);
        if (want == null) {
          throw new S3Exception(S3ErrorCode.MALFORMED_TRAILER,
              "x-amz-trailer: '" + trailerName + "' was announced but the body has no such"
                  + " trailer (expected: the trailer announced)");
        }
      }
      if (want != null && trailerName != null) {
        dev.estuary.s3.internal.checksum.Checksums.decode(Checksums.algorithm(algorithm), want);
      }
      if (want != null && !want.strip().equals(checksum)) {
        throw new S3Exception(S3ErrorCode.BAD_DIGEST, "x-amz-checksum-"
            + algorithm.toLowerCase(Locale.ROOT) + ": the body's checksum is " + checksum
            + " (expected: " + want.strip() + ", as sent)");
      }
    }
  }

  /**
   * Returns the body's MD5 in hex, after {@link #finish}.
   *
   * @return the MD5
   */
  public String md5Hex() {
    if (md5Hex == null) {
      throw new IllegalStateException("finish() not called");
    }
    return md5Hex;
  }

  /**
   * Returns the body's raw MD5, after {@link #finish}.
   *
   * @return 16 bytes
   */
  public byte[] md5() {
    return HexFormat.of().parseHex(md5Hex());
  }

  /**
   * Returns the base64 checksum of the body, after {@link #finish}.
   *
   * @return the checksum, or null when no algorithm was in use
   */
  public @Nullable String checksum() {
    return checksum;
  }
}
