package dev.estuary.s3.internal.auth;

import static java.util.Objects.requireNonNull;

import dev.estuary.core.Principal;
import dev.estuary.core.S3Identity;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A verified SigV4 request: who signed it and how its body is to be read and checked.
 *
 * @param identity the owner and secret of the access key
 * @param accessKeyId the access key id the request was signed with
 * @param presigned true for query-string (presigned URL) authentication
 * @param requestTime the signed request timestamp
 * @param payloadMode the {@code x-amz-content-sha256} form
 * @param payloadSha256 for {@link PayloadMode#SIGNED}, the declared lower-case hex SHA-256 of the
 *     body, which the server must compare (XAmzContentSHA256Mismatch) before committing
 * @param trailerNames the lower-case names declared in {@code x-amz-trailer}
 * @param decodedContentLength {@code x-amz-decoded-content-length}, the payload size of an
 *     aws-chunked body
 * @param chunkSigning for the signed streaming forms, what verifying the chunk signatures needs
 */
public record Authentication(
    S3Identity identity,
    String accessKeyId,
    boolean presigned,
    Instant requestTime,
    PayloadMode payloadMode,
    Optional<String> payloadSha256,
    List<String> trailerNames,
    OptionalLong decodedContentLength,
    Optional<ChunkSigningContext> chunkSigning) {
  /** Checks nullness and copies the list. */
  public Authentication {
    requireNonNull(identity, "identity");
    requireNonNull(accessKeyId, "accessKeyId");
    requireNonNull(requestTime, "requestTime");
    requireNonNull(payloadMode, "payloadMode");
    requireNonNull(payloadSha256, "payloadSha256");
    trailerNames = List.copyOf(trailerNames);
    requireNonNull(decodedContentLength, "decodedContentLength");
    requireNonNull(chunkSigning, "chunkSigning");
  }

  /** The principal that signed the request. */
  public Principal principal() {
    return identity.principal();
  }

  /**
   * For {@link PayloadMode#SIGNED}, checks the SHA-256 the server computed over the body against
   * the declared one; other modes have nothing to check.
   *
   * @throws dev.estuary.s3.internal.error.S3Exception XAmzContentSHA256Mismatch if they differ
   */
  public void verifyPayloadSha256(byte[] computed) {
    if (payloadSha256.isEmpty()) {
      return;
    }
    String actual = SigV4.hex(computed);
    if (!SigV4.signaturesEqual(payloadSha256.get(), actual)) {
      throw dev.estuary.s3.internal.error.S3ErrorCode.X_AMZ_CONTENT_SHA256_MISMATCH.exception()
          .withDetail("ClientComputedContentSHA256", payloadSha256.get())
          .withDetail("S3ComputedContentSHA256", actual);
    }
  }

  /**
   * The decoder configuration for this request's aws-chunked body, if the payload mode is a
   * streaming one, with a fresh chunk-signature verifier for the signed forms.
   */
  public Optional<AwsChunkedDecoder> newChunkedDecoder(long maxChunkSize) {
    if (!payloadMode.isStreaming()) {
      return Optional.empty();
    }
    return Optional.of(new AwsChunkedDecoder(
        payloadMode, chunkSigning.map(ChunkSigningContext::newVerifier).orElse(null), trailerNames,
        decodedContentLength, maxChunkSize));
  }
}
