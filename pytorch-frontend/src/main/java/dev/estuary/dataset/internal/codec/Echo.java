package dev.estuary.dataset.internal.codec;

/**
 * Client-supplied values as error messages may show them: quoted and cut to {@value #MAX_CHARS}
 * characters. A status message travels in the {@code grpc-message} trailer, percent-encoded, and
 * clients refuse trailers above their metadata limit (grpc-java: 8 KiB); a message echoing a
 * 10,000-character volume name would make the client fail on the trailer instead of reporting
 * the real error (issue 8).
 */
public final class Echo {
  /** Most characters of one value shown in a message. */
  public static final int MAX_CHARS = 256;

  /** Most characters of a whole status message, whatever it is made of. */
  public static final int MAX_MESSAGE_CHARS = 1024;

  private Echo() {}

  /**
   * Quotes a value for a message.
   *
   * @param value the value as the client sent it
   * @return {@code 'value'}, or its first {@value #MAX_CHARS} characters followed by {@code ...}
   *     and the full length
   */
  public static String quote(String value) {
    if (value.length() <= MAX_CHARS) {
      return "'" + value + "'";
    }
    return "'" + cut(value, MAX_CHARS) + "...' (" + value.length() + " chars)";
  }

  /**
   * Bounds a whole message: a longer one keeps its start and its end (where the expected value is
   * named) around {@code ...}.
   *
   * @param message a status message
   * @return the message, at most {@value #MAX_MESSAGE_CHARS} characters long
   */
  public static String bound(String message) {
    if (message.length() <= MAX_MESSAGE_CHARS) {
      return message;
    }
    int tail = MAX_MESSAGE_CHARS / 4;
    int head = MAX_MESSAGE_CHARS - tail - 5;
    int from = message.length() - tail;
    if (Character.isLowSurrogate(message.charAt(from))) {
      from++;
    }
    return cut(message, head) + " ... " + message.substring(from);
  }

  /** The first {@code n} characters, one fewer if that would split a surrogate pair. */
  private static String cut(String s, int n) {
    int end = Character.isHighSurrogate(s.charAt(n - 1)) ? n - 1 : n;
    return s.substring(0, end);
  }
}
