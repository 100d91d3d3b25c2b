package dev.estuary.core.internal.config;

/**
 * A configuration value that cannot be used. The message is one line naming the key, the value,
 * where it came from and what was expected, ready to print as is.
 */
public final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message one line naming key, value, source and expectation
   */
  public ConfigException(String message) {
    super(message);
  }
}
