package dev.estuary.s3.internal.auth;

import dev.estuary.s3.internal.error.S3ErrorCode;
import dev.estuary.s3.internal.error.S3Exception;

/**
 * Verifies the chain of chunk signatures of one aws-chunked body. Each chunk's string to sign is
 *
 * <pre>
 * AWS4-HMAC-SHA256-PAYLOAD\n timestamp\n scope\n previous-signature\n hex(sha256(""))\n hex(sha256(chunk-data))
 * </pre>
 *
 * and the trailer's (signed-trailer form) is
 *
 * <pre>
 * AWS4-HMAC-SHA256-TRAILER\n timestamp\n scope\n previous-signature\n hex(sha256(trailer-headers))
 * </pre>
 *
 * where previous-signature starts as the seed signature. Stateful and not thread-safe: one per body.
 */
public final class ChunkSignatureVerifier {
  private final byte[] signingKey;
  private final String prefix;
  private String previous;

  ChunkSignatureVerifier(byte[] signingKey, String amzDate, String scope, String seedSignature) {
    this.signingKey = signingKey;
    this.prefix = amzDate + "\n" + scope + "\n";
    this.previous = seedSignature;
  }

  /** The signature a chunk with this data hash must carry, given the chain so far. */
  public String expectedChunkSignature(byte[] chunkSha256) {
    String sts = "AWS4-HMAC-SHA256-PAYLOAD\n" + prefix + previous + "\n" + SigV4.EMPTY_SHA256 + "\n"
        + SigV4.hex(chunkSha256);
    return SigV4.hex(SigV4.hmac(signingKey, sts));
  }

  /**
   * Checks a chunk's signature and advances the chain.
   *
   * @throws S3Exception SignatureDoesNotMatch if it differs
   */
  public void verifyChunk(String providedSignature, byte[] chunkSha256) {
    String expected = expectedChunkSignature(chunkSha256);
    if (!SigV4.signaturesEqual(expected, providedSignature)) {
      throw S3ErrorCode.SIGNATURE_DOES_NOT_MATCH.exception(
          "The chunk signature we calculated does not match the signature you provided (chunk-signature="
              + providedSignature + ").");
    }
    previous = expected;
  }

  /**
   * Checks the trailer signature over the canonical trailer headers ({@code name:value\n} each).
   *
   * @throws S3Exception SignatureDoesNotMatch if it differs
   */
  public void verifyTrailer(String providedSignature, String canonicalTrailers) {
    String sts = "AWS4-HMAC-SHA256-TRAILER\n" + prefix + previous + "\n" + SigV4.sha256Hex(canonicalTrailers);
    String expected = SigV4.hex(SigV4.hmac(signingKey, sts));
    if (!SigV4.signaturesEqual(expected, providedSignature)) {
      throw S3ErrorCode.SIGNATURE_DOES_NOT_MATCH.exception(
          "The trailer signature we calculated does not match the signature you provided (x-amz-trailer-signature="
              + providedSignature + ").");
    }
    previous = expected;
  }
}
