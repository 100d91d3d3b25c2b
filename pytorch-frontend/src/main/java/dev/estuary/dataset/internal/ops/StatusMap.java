package dev.estuary.dataset.internal.ops;

import dev.estuary.dataset.internal.codec.Echo;
import dev.estuary.dataset.internal.codec.RequestException;
import dev.estuary.dataset.proto.ItemError;
import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.ErrorKind;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CancellationException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * The one table from backend {@link ErrorKind} to gRPC {@link Status.Code} (documented at the top of
 * dataset.proto), and the conversion of any failure into the status a call ends with. Backend
 * errors also carry the trailer {@code estuary-error-kind} so clients can tell kinds apart without
 * parsing messages.
 */
public final class StatusMap {
  /** Trailer naming the backend error kind. */
  public static final Metadata.Key<String> ERROR_KIND =
      Metadata.Key.of("estuary-error-kind", Metadata.ASCII_STRING_MARSHALLER);

  private static final Logger log = LoggerFactory.getLogger(StatusMap.class);
  private static final Map<ErrorKind, Status.Code> TABLE = table();

  private StatusMap() {}

  private static Map<ErrorKind, Status.Code> table() {
    Map<ErrorKind, Status.Code> t = new EnumMap<>(ErrorKind.class);
    t.put(ErrorKind.NOT_FOUND, Status.Code.NOT_FOUND);
    t.put(ErrorKind.STALE, Status.Code.NOT_FOUND);
    t.put(ErrorKind.NO_SUCH_XATTR, Status.Code.NOT_FOUND);
    t.put(ErrorKind.EXISTS, Status.Code.ALREADY_EXISTS);
    t.put(ErrorKind.ACCESS_DENIED, Status.Code.PERMISSION_DENIED);
    t.put(ErrorKind.NOT_PERMITTED, Status.Code.PERMISSION_DENIED);
    t.put(ErrorKind.READ_ONLY, Status.Code.PERMISSION_DENIED);
    // Under retention or legal hold: no caller may change it, whatever its rights.
    t.put(ErrorKind.RETAINED, Status.Code.PERMISSION_DENIED);
    t.put(ErrorKind.INVALID_ARGUMENT, Status.Code.INVALID_ARGUMENT);
    t.put(ErrorKind.NAME_TOO_LONG, Status.Code.INVALID_ARGUMENT);
    t.put(ErrorKind.NOT_DIRECTORY, Status.Code.INVALID_ARGUMENT);
    t.put(ErrorKind.IS_DIRECTORY, Status.Code.INVALID_ARGUMENT);
    t.put(ErrorKind.NOT_SYMLINK, Status.Code.INVALID_ARGUMENT);
    t.put(ErrorKind.TOO_MANY_LINKS, Status.Code.INVALID_ARGUMENT);
    t.put(ErrorKind.CROSS_VOLUME, Status.Code.INVALID_ARGUMENT);
    t.put(ErrorKind.XATTR_TOO_LARGE, Status.Code.INVALID_ARGUMENT);
    t.put(ErrorKind.NOT_EMPTY, Status.Code.FAILED_PRECONDITION);
    t.put(ErrorKind.NO_SPACE, Status.Code.RESOURCE_EXHAUSTED);
    t.put(ErrorKind.QUOTA_EXCEEDED, Status.Code.RESOURCE_EXHAUSTED);
    t.put(ErrorKind.FILE_TOO_LARGE, Status.Code.RESOURCE_EXHAUSTED);
    t.put(ErrorKind.BUSY, Status.Code.UNAVAILABLE);
    t.put(ErrorKind.CLOSED, Status.Code.UNAVAILABLE);
    // The engine daemon is restarting: UNAVAILABLE is the code gRPC clients retry.
    t.put(ErrorKind.UNAVAILABLE, Status.Code.UNAVAILABLE);
    t.put(ErrorKind.NO_DATA, Status.Code.OUT_OF_RANGE);
    t.put(ErrorKind.UNSUPPORTED, Status.Code.UNIMPLEMENTED);
    t.put(ErrorKind.IO_ERROR, Status.Code.INTERNAL);
    // Held by another protocol's client for as long as it keeps the file: transient, retry.
    t.put(ErrorKind.LOCKED, Status.Code.UNAVAILABLE);
    t.put(ErrorKind.SHARING_VIOLATION, Status.Code.UNAVAILABLE);
    t.put(ErrorKind.NOT_LOCKED, Status.Code.FAILED_PRECONDITION);
    for (ErrorKind k : ErrorKind.values()) {
      if (!t.containsKey(k)) {
        throw new IllegalStateException("ErrorKind." + k + " has no gRPC status (expected: one per kind)");
      }
    }
    return t;
  }

  /**
   * Returns the status code for a backend error kind.
   *
   * @param kind the kind
   * @return its code
   */
  public static Status.Code code(ErrorKind kind) {
    return TABLE.get(kind);
  }

  /**
   * Converts any failure into the exception to end a call with. Messages are the service's own
   * ({@link RequestException}, {@link BackendError}), bounded in length ({@link Echo#bound}); a
   * backend exception that no handler reworded answers with its kind only, since the backend's
   * message names internal object ids and files, and an unexpected exception with a fixed text
   * (both are logged here instead).
   *
   * @param t the failure
   * @return a status exception with a message naming what went wrong
   */
  public static StatusRuntimeException toStatus(Throwable t) {
    Throwable e = t;
    while (e instanceof java.util.concurrent.CompletionException
        || e instanceof java.util.concurrent.ExecutionException) {
      if (e.getCause() == null) {
        break;
      }
      e = e.getCause();
    }
    if (e instanceof StatusRuntimeException sre) {
      return sre;
    }
    if (e instanceof StatusException se) {
      return se.getStatus().asRuntimeException(se.getTrailers());
    }
    if (e instanceof BackendError be) {
      if (be.kind() == ErrorKind.IO_ERROR) {
        log.warn("backend I/O error: {}", be.getMessage(), be.getCause());
      }
      return backend(be.kind(), be.getMessage());
    }
    if (e instanceof DfsException de) {
      log.atLevel(de.kind() == ErrorKind.IO_ERROR ? Level.WARN : Level.DEBUG)
          .log("backend error without a path: {}", de.toString(), de);
      return backend(de.kind(), "backend: " + BackendError.reason(de));
    }
    if (e instanceof RequestException re) {
      return Status.fromCode(re.code()).withDescription(Echo.bound(re.getMessage())).asRuntimeException();
    }
    if (e instanceof CancellationException || e instanceof InterruptedException) {
      return Status.CANCELLED.withDescription("call cancelled").asRuntimeException();
    }
    log.warn("internal error", e);
    return Status.INTERNAL.withDescription("internal error (details in the server log)").asRuntimeException();
  }

  /**
   * Converts the failure of one GetBatch item into the per-item error sent in its place (with
   * {@code item_errors}): the same code, message and kind {@link #toStatus} would end a call with.
   *
   * @param t the item's failure
   * @return the item error
   */
  public static ItemError itemError(Throwable t) {
    StatusRuntimeException s = toStatus(t);
    ItemError.Builder b = ItemError.newBuilder().setCode(s.getStatus().getCode().value());
    String message = s.getStatus().getDescription();
    if (message != null) {
      b.setMessage(message);
    }
    Metadata trailers = s.getTrailers();
    String kind = trailers == null ? null : trailers.get(ERROR_KIND);
    if (kind != null) {
      b.setKind(kind);
    }
    return b.build();
  }

  private static StatusRuntimeException backend(ErrorKind kind, @Nullable String message) {
    Metadata trailers = new Metadata();
    trailers.put(ERROR_KIND, kind.name());
    return Status.fromCode(code(kind)).withDescription(Echo.bound(String.valueOf(message))).asRuntimeException(trailers);
  }
}
