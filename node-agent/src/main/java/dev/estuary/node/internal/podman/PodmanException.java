package dev.estuary.node.internal.podman;

import org.jspecify.annotations.Nullable;

/**
 * A libpod call that failed: the message names the call, the object it was about and Podman's own
 * {@code message} (or why Podman could not be reached).
 */
public final class PodmanException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The HTTP status, or 0 when no response came. */
  private final int status;

  /**
   * Creates the exception.
   *
   * @param message the full message
   * @param status the HTTP status, or 0 when Podman gave no response
   * @param cause the cause, or null
   */
  public PodmanException(String message, int status, @Nullable Throwable cause) {
    super(message, cause);
    this.status = status;
  }

  /**
   * Returns the HTTP status.
   *
   * @return the status, or 0 when Podman gave no response
   */
  public int status() {
    return status;
  }

  /**
   * Tells whether Podman answered "no such object".
   *
   * @return true for HTTP 404
   */
  public boolean notFound() {
    return status == 404;
  }
}
