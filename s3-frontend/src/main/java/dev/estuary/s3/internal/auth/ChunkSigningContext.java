package dev.estuary.s3.internal.auth;

import static java.util.Objects.requireNonNull;

/**
 * What verifying the chunk signatures of a {@code STREAMING-AWS4-HMAC-SHA256-PAYLOAD[-TRAILER]}
 * body needs (S3 API Reference, "Signature Calculations for the Authorization Header: Transferring
 * Payload in Multiple Chunks"): the signing key of the request, its timestamp and scope, and the
 * seed signature (the request's own signature, which the first chunk chains from).
 *
 * @param signingKey the derived SigV4 signing key (not the secret)
 * @param amzDate the request timestamp, {@code yyyyMMdd'T'HHmmss'Z'}
 * @param scope the credential scope {@code date/region/service/aws4_request}
 * @param seedSignature the hex signature of the request headers
 */
public record ChunkSigningContext(byte[] signingKey, String amzDate, String scope, String seedSignature) {
  /** Copies the key. */
  public ChunkSigningContext {
    signingKey = requireNonNull(signingKey, "signingKey").clone();
    requireNonNull(amzDate, "amzDate");
    requireNonNull(scope, "scope");
    requireNonNull(seedSignature, "seedSignature");
  }

  @Override
  public byte[] signingKey() {
    return signingKey.clone();
  }

  /** A new verifier for one body, chained from the seed signature. */
  public ChunkSignatureVerifier newVerifier() {
    return new ChunkSignatureVerifier(signingKey, amzDate, scope, seedSignature);
  }

  @Override
  public String toString() {
    return "ChunkSigningContext[" + amzDate + " " + scope + "]";
  }
}
