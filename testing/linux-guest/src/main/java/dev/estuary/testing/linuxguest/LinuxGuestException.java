package dev.estuary.testing.linuxguest;

/** The guest could not be built or started, or ended without the script's exit status. */
public class LinuxGuestException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * An exception with a message that names what failed and what was expected.
   *
   * @param message the message
   */
  public LinuxGuestException(String message) {
    super(message);
  }

  /**
   * An exception with a cause.
   *
   * @param message the message
   * @param cause the cause
   */
  public LinuxGuestException(String message, Throwable cause) {
    super(message, cause);
  }
}
