package dev.estuary.dfs.remote.internal.server;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Refuses every call on a TCP listener that does not carry the node token as {@code authorization:
 * Bearer <token>}, with {@code UNAUTHENTICATED} and before any handler runs. The comparison takes
 * the same time whatever the token sent.
 */
public final class TokenInterceptor implements ServerInterceptor {
  private static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
  private final byte[] expected;

  /**
   * Creates the interceptor.
   *
   * @param token the node token
   */
  public TokenInterceptor(String token) {
    this.expected = ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    String sent = headers.get(AUTHORIZATION);
    if (sent == null || !MessageDigest.isEqual(expected, sent.getBytes(StandardCharsets.UTF_8))) {
      call.close(Status.UNAUTHENTICATED.withDescription(sent == null
          ? "node token missing (expected: authorization: Bearer <node token>)"
          : "node token wrong (expected: the node's token)"), new Metadata());
      return new ServerCall.Listener<>() {};
    }
    return next.startCall(call, headers);
  }
}
