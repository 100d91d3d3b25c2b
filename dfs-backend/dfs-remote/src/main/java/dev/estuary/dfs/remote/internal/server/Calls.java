package dev.estuary.dfs.remote.internal.server;

import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.ErrorKind;
import dev.estuary.dfs.remote.internal.WireErrors;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs a handler body and answers the call with its result or its error (through {@link WireErrors}). */
final class Calls {
  private static final Logger LOG = LoggerFactory.getLogger(Calls.class);

  private Calls() {}

  /**
   * Answers a unary call.
   *
   * @param <T> the reply type
   * @param out the call
   * @param body the work
   */
  static <T> void unary(StreamObserver<T> out, Supplier<T> body) {
    T reply;
    try {
      reply = body.get();
    } catch (RuntimeException e) {
      out.onError(status(e));
      return;
    }
    out.onNext(reply);
    out.onCompleted();
  }

  /**
   * Turns a failure into the status the call ends with.
   *
   * @param e the failure
   * @return the status exception
   */
  static StatusRuntimeException status(Throwable e) {
    if (e instanceof DfsException d) {
      return WireErrors.toStatus(d);
    }
    if (e instanceof StatusRuntimeException s) {
      return s;
    }
    if (e instanceof IllegalArgumentException) {
      // Record validation of a value the client sent (dfs-api records check their components).
      return WireErrors.toStatus(new DfsException(ErrorKind.INVALID_ARGUMENT, String.valueOf(e.getMessage()), e));
    }
    LOG.warn("remote backend call failed unexpectedly", e);
    return WireErrors.unexpected(e instanceof RuntimeException r ? r : new IllegalStateException(e));
  }
}
