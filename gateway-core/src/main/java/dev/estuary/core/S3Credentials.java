package dev.estuary.core;

import static java.util.Objects.requireNonNull;

/**
 * A user's S3 key pair. The secret is kept retrievable (not hashed) because SigV4 verification
 * recomputes the signature from it.
 *
 * @param accessKeyId the public key id, unique across users
 * @param secretKey the secret access key
 */
public record S3Credentials(String accessKeyId, Secret secretKey) {
  /** Validates the components. */
  public S3Credentials {
    requireNonNull(accessKeyId, "accessKeyId");
    requireNonNull(secretKey, "secretKey");
  }
}
