package dev.estuary.dataset.internal.server;

import dev.estuary.core.Principal;
import dev.estuary.core.IdentityService;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.util.Optional;

/**
 * Authenticates every call by its bearer token (DESIGN §5: API tokens from the identity service, nothing
 * anonymous): {@code authorization: Bearer <token>} metadata. A missing, malformed or unknown token
 * ends the call with UNAUTHENTICATED before any handler runs; otherwise the caller's {@link
 * Principal} is put in the call's {@link Context} under {@link #PRINCIPAL}.
 */
final class AuthInterceptor implements ServerInterceptor {
  /** The authenticated caller of the current call. */
  static final Context.Key<Principal> PRINCIPAL = Context.key("estuary-principal");

  private static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
  private static final String BEARER = "bearer ";

  private final IdentityService identity;

  AuthInterceptor(IdentityService identity) {
    this.identity = identity;
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    String value = headers.get(AUTHORIZATION);
    String problem;
    if (value == null) {
      problem = "no authorization metadata (expected: 'authorization: Bearer <token>')";
    } else if (value.length() <= BEARER.length()
        || !value.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      problem = "authorization: not a bearer token (expected: 'Bearer <token>')";
    } else {
      Optional<Principal> p = identity.authenticateToken(value.substring(BEARER.length()).strip());
      if (p.isPresent()) {
        Context ctx = Context.current().withValue(PRINCIPAL, p.get());
        return Contexts.interceptCall(ctx, call, headers, next);
      }
      problem = "authorization: unknown or revoked token (expected: a token from 'estuary user keys NAME --new-token')";
    }
    call.close(Status.UNAUTHENTICATED.withDescription(problem), new Metadata());
    return new ServerCall.Listener<>() {};
  }
}
