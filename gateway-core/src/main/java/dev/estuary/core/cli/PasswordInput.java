package dev.estuary.core.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/** Reads a password from standard input or the terminal, never from the command line. */
final class PasswordInput {
  private PasswordInput() {}

  /**
   * Reads a password.
   *
   * @param ctx the process context
   * @param fromStdin whether {@code --password-stdin} was given (first line of standard input)
   * @return the password, or null when there is neither {@code --password-stdin} nor a terminal
   */
  static @Nullable String read(CliContext ctx, boolean fromStdin) {
    if (fromStdin) {
      try {
        String line = new BufferedReader(new InputStreamReader(ctx.in(), StandardCharsets.UTF_8))
            .readLine();
        if (line == null || line.isEmpty()) {
          throw new IllegalArgumentException(
              "--password-stdin: standard input is empty (expected: the password on the first line)");
        }
        return line;
      } catch (IOException e) {
        throw new UncheckedIOException("--password-stdin: " + e.getMessage(), e);
      }
    }
    Console console = ctx.in() == System.in ? System.console() : null;
    if (console == null) {
      return null;
    }
    char[] a = console.readPassword("Password: ");
    char[] b = console.readPassword("Repeat password: ");
    if (a == null || b == null || !Arrays.equals(a, b)) {
      throw new IllegalArgumentException("password: the two entries differ (expected: the same twice)");
    }
    return new String(a);
  }
}
