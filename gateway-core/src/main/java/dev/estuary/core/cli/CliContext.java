package dev.estuary.core.cli;

import static java.util.Objects.requireNonNull;

import java.io.InputStream;
import java.io.PrintStream;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Map;

/**
 * What a command takes from its process, injected so commands run in tests without globals.
 *
 * @param env the environment ({@code ESTUARY_*})
 * @param out standard output: results, endpoints, generated credentials
 * @param err standard error: the one-line error messages
 * @param in standard input: passwords with {@code --password-stdin}
 * @param clock the time source
 * @param random the source of credentials
 * @param loader where backends and frontends are discovered
 * @param shutdownHook whether {@code serve} installs a JVM shutdown hook (the real process does;
 *     tests stop the server themselves)
 */
public record CliContext(Map<String, String> env, PrintStream out, PrintStream err, InputStream in,
    Clock clock, SecureRandom random, ClassLoader loader, boolean shutdownHook) {
  /** Validates the components. */
  public CliContext {
    env = Map.copyOf(env);
    requireNonNull(out, "out");
    requireNonNull(err, "err");
    requireNonNull(in, "in");
    requireNonNull(clock, "clock");
    requireNonNull(random, "random");
    requireNonNull(loader, "loader");
  }

  /**
   * Returns the context of the real process.
   *
   * @return environment, standard streams, system clock, a strong random source
   */
  public static CliContext system() {
    return new CliContext(System.getenv(), System.out, System.err, System.in, Clock.systemUTC(),
        new SecureRandom(), Thread.currentThread().getContextClassLoader(), true);
  }
}
