package dev.estuary.core;

import static java.util.Objects.requireNonNull;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * One setting a {@link Frontend} declares in {@link Frontend#options()}: its name, the kind of
 * value, the default as documented, what it means, and the check of a configured value. The
 * launcher refuses an option no frontend declares and checks every configured value before any
 * frontend starts. Administrators set options as {@code frontends.<frontend>.<name>} in YAML (or
 * under {@code frontends.options}), as {@code ESTUARY_<FRONTEND>_<NAME>} ({@code -} written {@code
 * _}) in the environment, or as {@code --<frontend>-<name>} or {@code --frontend-option
 * <frontend>.<name>=V} on {@code serve}.
 *
 * @param name the option name, lower case with {@code -}, e.g. {@code tls-cert}
 * @param type the kind of value for documentation, e.g. {@code integer}, {@code path}, {@code text}
 * @param defaultValue the default as documented, e.g. {@code 4096} or {@code (none)}
 * @param description what the option does
 * @param validator checks a configured value
 */
public record FrontendOption(String name, String type, String defaultValue, String description,
    Validator validator) {
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,63}");

  /** Checks one configured value of an option. */
  @FunctionalInterface
  public interface Validator {
    /**
     * Checks a value.
     *
     * @param value the configured text
     * @throws IllegalArgumentException whose message says what was expected, e.g. {@code
     *     expected: an integer 1-1024}
     */
    void check(String value);
  }

  /** Validates the components. */
  public FrontendOption {
    requireNonNull(name, "name");
    requireNonNull(type, "type");
    requireNonNull(defaultValue, "defaultValue");
    requireNonNull(description, "description");
    requireNonNull(validator, "validator");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "option name: '" + name + "' (expected: lower-case letters, digits and -)");
    }
  }

  /**
   * Declares a text option whose value must match a pattern.
   *
   * @param name the option name
   * @param defaultValue the documented default
   * @param pattern what a value must match in full
   * @param expected the expectation for messages, e.g. {@code a region such as us-east-1}
   * @param description what the option does
   * @return the option
   */
  public static FrontendOption text(String name, String defaultValue, Pattern pattern,
      String expected, String description) {
    return new FrontendOption(name, "text", defaultValue, description, v -> {
      if (!pattern.matcher(v).matches()) {
        throw new IllegalArgumentException("expected: " + expected);
      }
    });
  }

  /**
   * Declares an integer option.
   *
   * @param name the option name
   * @param defaultValue the documented default
   * @param min the smallest value allowed
   * @param max the largest value allowed
   * @param description what the option does
   * @return the option
   */
  public static FrontendOption integer(String name, String defaultValue, long min, long max,
      String description) {
    return new FrontendOption(name, "integer", defaultValue, description, v -> {
      try {
        long n = Long.parseLong(v.strip());
        if (n >= min && n <= max) {
          return;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw new IllegalArgumentException("expected: an integer " + min + "-" + max);
    });
  }

  /**
   * Declares an option naming a file that must be readable.
   *
   * @param name the option name
   * @param description what the option does
   * @return the option, default {@code (none)}
   */
  public static FrontendOption readableFile(String name, String description) {
    return new FrontendOption(name, "path", "(none)", description, v -> {
      try {
        if (Files.isReadable(Path.of(v)) && !Files.isDirectory(Path.of(v))) {
          return;
        }
      } catch (InvalidPathException e) {
        // reported below
      }
      throw new IllegalArgumentException("expected: a readable file");
    });
  }

  /**
   * Checks a configured value, naming the option in the message.
   *
   * @param frontend the frontend name, for the message
   * @param value the configured text
   * @throws IllegalArgumentException e.g. {@code frontends.options: dataset.io-threads: 'x'
   *     (expected: an integer 1-1024)}
   */
  public void check(String frontend, String value) {
    try {
      validator.check(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("frontends.options: " + frontend + "." + name + ": '"
          + value + "' (" + e.getMessage() + ")", e);
    }
  }
}
