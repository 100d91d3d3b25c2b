package dev.estuary.dfs;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

/**
 * The one exception type of the backend contract. Callers switch on {@link #kind()}, never on the
 * message, which is for people: it names the value at fault and what was expected.
 *
 * <p>An exception that answers a question rather than reporting a fault ({@link #isAnswer}: a
 * name that does not exist or already exists, an absent extended attribute...) carries no stack
 * trace. WHY: frontends ask such questions on their hot paths (an S3 PUT of a new key looks the
 * key up to learn that there is nothing to replace, {@code mkdir -p} semantics meet existing
 * directories, NFS LOOKUP and SMB CREATE probe names), and filling in a stack trace walks every
 * frame of the request's thread, which profiles showed costs more than the lookup itself. The
 * message still names the value; faults ({@link ErrorKind#IO_ERROR} and the rest) keep their
 * traces, and so does any exception with a cause.
 */
public final class DfsException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ErrorKind kind;

  /**
   * Creates an exception of the given kind.
   *
   * @param kind what went wrong
   * @param message a message naming the value at fault and what was expected
   */
  public DfsException(ErrorKind kind, String message) {
    super(requireNonNull(message, "message"), null, true, !isAnswer(requireNonNull(kind, "kind")));
    this.kind = kind;
  }

  /**
   * Creates an exception of the given kind with an underlying cause.
   *
   * @param kind what went wrong
   * @param message a message naming the value at fault and what was expected
   * @param cause the underlying failure, if any
   */
  public DfsException(ErrorKind kind, String message, @Nullable Throwable cause) {
    super(requireNonNull(message, "message"), cause, true,
        cause != null || !isAnswer(requireNonNull(kind, "kind")));
    this.kind = kind;
  }

  /**
   * Returns whether a kind is an answer to a question the caller asked (does this name, entry or
   * attribute exist; is this a directory; is it empty), which callers expect and handle as a
   * result, rather than a fault. Such exceptions are created without a stack trace.
   *
   * @param kind the kind
   * @return true for {@link ErrorKind#NOT_FOUND}, {@link ErrorKind#EXISTS}, {@link
   *     ErrorKind#NOT_EMPTY}, {@link ErrorKind#NOT_DIRECTORY}, {@link ErrorKind#IS_DIRECTORY} and
   *     {@link ErrorKind#NO_SUCH_XATTR}
   */
  public static boolean isAnswer(ErrorKind kind) {
    return switch (kind) {
      case NOT_FOUND, EXISTS, NOT_EMPTY, NOT_DIRECTORY, IS_DIRECTORY, NO_SUCH_XATTR -> true;
      default -> false;
    };
  }

  /**
   * Returns what went wrong.
   *
   * @return the error kind, never null
   */
  public ErrorKind kind() {
    return kind;
  }

  @Override
  public String toString() {
    return "DfsException[" + kind + "]: " + getMessage();
  }
}
