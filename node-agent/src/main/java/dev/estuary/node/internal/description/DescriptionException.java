package dev.estuary.node.internal.description;

/** A node description that cannot be run: the message names the field, the value and what was expected. */
public final class DescriptionException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message the message
   */
  public DescriptionException(String message) {
    super(message);
  }
}
