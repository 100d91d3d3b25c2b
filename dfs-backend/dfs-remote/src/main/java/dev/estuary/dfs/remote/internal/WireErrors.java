package dev.estuary.dfs.remote.internal;

import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.ErrorKind;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The one error table of the remote backend, in both directions. A {@link DfsException} leaves the
 * server as a gRPC status whose code is the closest gRPC meaning of its kind (for tools that read
 * only the code), with the exact kind in the trailer {@value #KIND_KEY_NAME} and the message as the
 * description; the client turns it back into the same kind and message. A status without the
 * trailer comes from the transport, not the backend: an unreachable server or a missed deadline,
 * which the client reports as {@link ErrorKind#UNAVAILABLE} (the frontends answer "retry later"),
 * a refused token ({@link ErrorKind#ACCESS_DENIED}), or another transport failure ({@link
 * ErrorKind#IO_ERROR}), each naming the endpoint.
 */
public final class WireErrors {
  /** The trailer carrying the {@link ErrorKind} name. */
  public static final String KIND_KEY_NAME = "estuary-error-kind";

  private static final Metadata.Key<String> KIND_KEY =
      Metadata.Key.of(KIND_KEY_NAME, Metadata.ASCII_STRING_MARSHALLER);

  /** Server to client: the gRPC code each kind travels under. */
  private static final Map<ErrorKind, Status.Code> CODES = new EnumMap<>(ErrorKind.class);

  static {
    for (ErrorKind k : ErrorKind.values()) {
      CODES.put(k, switch (k) {
        case NOT_FOUND, STALE, NO_SUCH_XATTR, NO_DATA -> Status.Code.NOT_FOUND;
        case EXISTS -> Status.Code.ALREADY_EXISTS;
        case ACCESS_DENIED, NOT_PERMITTED, READ_ONLY, RETAINED -> Status.Code.PERMISSION_DENIED;
        case NO_SPACE, QUOTA_EXCEEDED, TOO_MANY_LINKS, XATTR_TOO_LARGE, FILE_TOO_LARGE ->
            Status.Code.RESOURCE_EXHAUSTED;
        case INVALID_ARGUMENT, NAME_TOO_LONG -> Status.Code.INVALID_ARGUMENT;
        case NOT_EMPTY, NOT_DIRECTORY, IS_DIRECTORY, NOT_SYMLINK, CROSS_VOLUME, CLOSED,
            NOT_LOCKED -> Status.Code.FAILED_PRECONDITION;
        case BUSY, LOCKED, SHARING_VIOLATION -> Status.Code.ABORTED;
        case UNSUPPORTED -> Status.Code.UNIMPLEMENTED;
        case IO_ERROR -> Status.Code.INTERNAL;
        case UNAVAILABLE -> Status.Code.UNAVAILABLE;
      });
    }
  }

  private WireErrors() {}

  /**
   * Server side: the status a backend error leaves as.
   *
   * @param e the backend's exception
   * @return the status exception to answer the call with
   */
  public static StatusRuntimeException toStatus(DfsException e) {
    Metadata trailers = new Metadata();
    trailers.put(KIND_KEY, e.kind().name());
    return CODES.get(e.kind()).toStatus()
        .withDescription(e.getMessage()).asRuntimeException(trailers);
  }

  /**
   * Server side: the status an unexpected failure leaves as ({@link ErrorKind#IO_ERROR}, naming the
   * exception), so a client never sees a bare INTERNAL.
   *
   * @param e the failure
   * @return the status exception
   */
  public static StatusRuntimeException unexpected(RuntimeException e) {
    return toStatus(new DfsException(ErrorKind.IO_ERROR, "remote backend failed: " + e, e));
  }

  /**
   * Client side: the exception a failed call throws.
   *
   * @param t what the call failed with
   * @param endpoint the server, for the message
   * @param deadline the call's deadline, for the message
   * @return a {@link DfsException} of the kind the server sent, or of the transport's failure
   */
  public static DfsException fromStatus(Throwable t, String endpoint, @Nullable Duration deadline) {
    if (t instanceof DfsException d) {
      return d;
    }
    Status status = Status.fromThrowable(t);
    Metadata trailers = Status.trailersFromThrowable(t);
    String kindName = trailers == null ? null : trailers.get(KIND_KEY);
    if (kindName != null) {
      ErrorKind kind;
      try {
        kind = ErrorKind.valueOf(kindName);
      } catch (IllegalArgumentException e) {
        kind = ErrorKind.IO_ERROR;
      }
      String message = status.getDescription();
      return new DfsException(kind, message == null || message.isBlank()
          ? "remote backend " + endpoint + ": " + kindName : message);
    }
    String what = switch (status.getCode()) {
      case DEADLINE_EXCEEDED -> "no answer within the deadline"
          + (deadline == null ? "" : " of " + deadline);
      case UNAVAILABLE -> "unreachable";
      case CANCELLED -> "call cancelled";
      case UNAUTHENTICATED -> "refused the node token";
      default -> "transport failure";
    };
    ErrorKind kind = switch (status.getCode()) {
      case UNAUTHENTICATED -> ErrorKind.ACCESS_DENIED;
      // A restarting or overloaded engine: the frontends answer "retry later", not a failure.
      case UNAVAILABLE, DEADLINE_EXCEEDED -> ErrorKind.UNAVAILABLE;
      default -> ErrorKind.IO_ERROR;
    };
    return new DfsException(kind, "remote backend " + endpoint + ": " + what + " (" + status.getCode()
        + (status.getDescription() == null ? "" : ": " + status.getDescription()) + ")", t);
  }
}
