package dev.estuary.bench.support;

import java.util.Collection;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** The argument checks the benchmarks' command lines share; each message names the value and what was expected. */
public final class Args {
  private Args() {}

  /**
   * The value after a flag.
   *
   * @param flag the flag
   * @param value the next argument, or null at the end
   * @return the value
   * @throws IllegalArgumentException if there is none
   */
  public static String need(String flag, @Nullable String value) {
    if (value == null) {
      throw new IllegalArgumentException(flag + " needs a value");
    }
    return value;
  }

  /**
   * Checks {@code --scale}: 1 is the full scale the README's figures use.
   *
   * @param scale the value
   * @throws IllegalArgumentException unless 0 &lt; scale &lt;= 10
   */
  public static void checkScale(double scale) {
    if (!(scale > 0 && scale <= 10)) {
      throw new IllegalArgumentException("--scale: " + scale + " (expected: 0 < scale <= 10)");
    }
  }

  /**
   * Checks a count of client connections or sessions.
   *
   * @param flag the flag
   * @param n the value
   * @throws IllegalArgumentException unless 1 &lt;= n &lt;= 64
   */
  public static void checkClients(String flag, int n) {
    if (n < 1 || n > 64) {
      throw new IllegalArgumentException(flag + ": " + n + " (expected: 1..64)");
    }
  }

  /**
   * Checks that every value of a list flag is one of the known ones.
   *
   * @param flag the flag
   * @param values the values given
   * @param known the values it takes, in the order the message lists them
   * @throws IllegalArgumentException naming the first unknown value
   */
  public static void checkKnown(String flag, Collection<String> values, Collection<String> known) {
    Set<String> k = Set.copyOf(known);
    for (String v : values) {
      if (!k.contains(v)) {
        throw new IllegalArgumentException(flag + ": '" + v + "' (expected: " + String.join(", ", known) + ")");
      }
    }
  }
}
