package dev.estuary.core;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * A bearer token for the gRPC dataset service, as stored: only the SHA-256 of the token is kept;
 * the token itself is shown once when it is created.
 *
 * @param id a short public id used to list and revoke the token
 * @param sha256 the lower-case hex SHA-256 of the whole token string
 * @param created when the token was created
 * @param description what the administrator said the token is for
 */
public record ApiToken(String id, Secret sha256, Instant created, String description) {
  /** Validates the components. */
  public ApiToken {
    requireNonNull(id, "id");
    requireNonNull(sha256, "sha256");
    requireNonNull(created, "created");
    requireNonNull(description, "description");
  }
}
