package dev.estuary.dataset.internal.codec;

import io.grpc.Status;

/**
 * A request this service refuses before touching the backend: a malformed value ({@link
 * Status.Code#INVALID_ARGUMENT}), a limit exceeded ({@link Status.Code#RESOURCE_EXHAUSTED}) or a
 * precondition that does not hold. The message names the value and what was expected.
 */
public final class RequestException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final Status.Code code;

  /**
   * Creates the exception.
   *
   * @param code the gRPC status code to answer with
   * @param message names the value at fault and what was expected
   */
  public RequestException(Status.Code code, String message) {
    super(message);
    this.code = code;
  }

  /**
   * Returns the status code to answer with.
   *
   * @return the code
   */
  public Status.Code code() {
    return code;
  }

  /**
   * A malformed value.
   *
   * @param message names the value and what was expected
   * @return the exception
   */
  public static RequestException invalid(String message) {
    return new RequestException(Status.Code.INVALID_ARGUMENT, message);
  }

  /**
   * A limit exceeded.
   *
   * @param message names the value and the limit
   * @return the exception
   */
  public static RequestException tooLarge(String message) {
    return new RequestException(Status.Code.RESOURCE_EXHAUSTED, message);
  }
}
