package dev.estuary.core.internal;

import org.jspecify.annotations.Nullable;

/**
 * A condition the operator must fix (an unusable data directory, a missing backend, a port in use),
 * reported as one line naming the value and what was expected. The CLI prints the message alone.
 */
public final class GatewayException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message one line naming the value at fault and what was expected
   */
  public GatewayException(String message) {
    super(message);
  }

  /**
   * Creates the exception with a cause.
   *
   * @param message one line naming the value at fault and what was expected
   * @param cause the underlying failure
   */
  public GatewayException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
