package dev.estuary.dfs;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

/**
 * The one exception type of the backend contract. Callers switch on {@link #kind()}, never on the
 * message, which is for people: it names the value at fault and what was expected.
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
    super(requireNonNull(message, "message"));
    this.kind = requireNonNull(kind, "kind");
  }

  /**
   * Creates an exception of the given kind with an underlying cause.
   *
   * @param kind what went wrong
   * @param message a message naming the value at fault and what was expected
   * @param cause the underlying failure, if any
   */
  public DfsException(ErrorKind kind, String message, @Nullable Throwable cause) {
    super(requireNonNull(message, "message"), cause);
    this.kind = requireNonNull(kind, "kind");
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
