package dev.estuary.s3.internal.server;

import static java.util.Objects.requireNonNull;

import dev.estuary.core.Principal;
import java.io.InputStream;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * A request whose signature checked out: who sent it and how its body must be decoded.
 *
 * @param principal the user
 * @param payload turns the raw body stream into the payload (removing aws-chunked framing and
 *     verifying chunk signatures, or verifying a signed payload hash at end of stream)
 * @param declaredLength the declared payload length, or -1
 * @param trailers the aws-chunked trailers once the payload stream ended
 */
public record Authenticated(
    Principal principal,
    UnaryOperator<InputStream> payload,
    long declaredLength,
    Supplier<Map<String, String>> trailers) {

  /** Validates the components. */
  public Authenticated {
    requireNonNull(principal, "principal");
    requireNonNull(payload, "payload");
    requireNonNull(trailers, "trailers");
  }
}
