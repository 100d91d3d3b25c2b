package dev.estuary.testing.linuxguest;

/** The guest did not finish within the run's timeout; qemu was killed. */
public final class GuestTimeoutException extends LinuxGuestException {
  private static final long serialVersionUID = 1L;

  /**
   * An exception naming the run, the timeout and the console log.
   *
   * @param message the message
   */
  public GuestTimeoutException(String message) {
    super(message);
  }
}
