package dev.estuary.node.internal.testing;

import dev.estuary.core.cli.CliContext;
import dev.estuary.core.cli.Main;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** Runs {@code estuary ...} in this JVM through the real entry point, capturing its output. */
public final class Cli {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private int status = -1;

  private Cli() {}

  /**
   * Runs a command to its end.
   *
   * @param args the arguments after {@code estuary}
   * @return the finished run
   */
  public static Cli run(String... args) {
    Cli c = new Cli();
    c.status = Main.run(args, c.context());
    return c;
  }

  /**
   * Starts a long-running command ({@code node up}) on a thread of its own.
   *
   * @param args the arguments after {@code estuary}
   * @return the run, and a future of its exit status
   */
  public static Background start(String... args) {
    Cli c = new Cli();
    CompletableFuture<Integer> f = new CompletableFuture<>();
    Thread t = new Thread(() -> {
      try {
        f.complete(Main.run(args, c.context()));
      } catch (Throwable e) {
        f.completeExceptionally(e);
      }
    }, "estuary-" + String.join("-", args));
    t.start();
    return new Background(c, f);
  }

  /**
   * A command running in the background.
   *
   * @param cli its output
   * @param exit its exit status once it ends
   */
  public record Background(Cli cli, CompletableFuture<Integer> exit) {}

  private CliContext context() {
    return new CliContext(Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), new ByteArrayInputStream(new byte[0]),
        Clock.systemUTC(), new SecureRandom(), Thread.currentThread().getContextClassLoader(),
        false);
  }

  /**
   * Returns the exit status.
   *
   * @return the status
   */
  public int status() {
    return status;
  }

  /**
   * Returns standard output so far.
   *
   * @return the text
   */
  public String out() {
    synchronized (out) {
      return out.toString(StandardCharsets.UTF_8);
    }
  }

  /**
   * Returns standard error so far.
   *
   * @return the text
   */
  public String err() {
    synchronized (err) {
      return err.toString(StandardCharsets.UTF_8);
    }
  }
}
