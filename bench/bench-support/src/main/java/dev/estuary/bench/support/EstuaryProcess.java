package dev.estuary.bench.support;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Our server as the product runs it, for the benchmarks: the {@code estuary} command line
 * ({@code dev.estuary.core.cli.Main}, the class {@code ./estuary} runs) in a JVM of its own, with the
 * benchmark's class path (which holds the frontend under test and the engine).
 */
public final class EstuaryProcess {
  /** What {@code ./estuary} gives its JVM besides ESTUARY_JAVA_OPTS. */
  private static final List<String> ESTUARY_JVM = List.of("--enable-native-access=ALL-UNNAMED",
      "--sun-misc-unsafe-memory-access=allow", "-XX:+UseTransparentHugePages");

  private EstuaryProcess() {}

  /**
   * A started {@code estuary serve}.
   *
   * @param process the server process
   * @param port the port of the frontend's endpoint line
   * @param stop stops it (SIGTERM, then SIGKILL after 30 s)
   */
  public record Started(Process process, int port, AutoCloseable stop) {}

  /**
   * Runs an {@code estuary} admin command (on a stopped data directory) and checks its exit status.
   *
   * @param log where its output is appended
   * @param args the command's arguments
   * @param stdin what it reads from standard input, or null for {@code /dev/null}
   * @throws IOException if it fails, with the tail of the log
   * @throws InterruptedException when interrupted
   */
  public static void cli(Path log, List<String> args, @Nullable String stdin) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(java(List.of("-Xmx256m")));
    cmd.addAll(args);
    ProcessBuilder b = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    if (stdin == null) {
      b.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
    }
    Process p = b.start();
    if (stdin != null) {
      try (OutputStream in = p.getOutputStream()) {
        in.write(stdin.getBytes(StandardCharsets.UTF_8));
      }
    }
    if (!p.waitFor(2, TimeUnit.MINUTES)) {
      p.destroyForcibly().waitFor();
      throw new IOException("estuary " + String.join(" ", args) + ": no exit within 2 minutes; log " + log);
    }
    if (p.exitValue() != 0) {
      throw new IOException("estuary " + String.join(" ", args) + ": exit status " + p.exitValue() + "; log " + log
          + ":\n" + Machine.tail(Files.readString(log, StandardCharsets.UTF_8)));
    }
  }

  /**
   * Starts {@code estuary serve} and waits (2 minutes at most) for the endpoint line it prints for a
   * frontend. Standard output goes to {@code dir/estuary.out}, standard error is appended to
   * {@code dir/estuary.log}.
   *
   * @param dir the server's directory
   * @param javaOptions the server JVM's options (on top of what {@code ./estuary} sets)
   * @param serveArgs the arguments after {@code serve}
   * @param endpoint matches the frontend's endpoint line; group 1 is the port
   * @return the running server
   * @throws IOException if it exits or prints no endpoint line in time, with the tails of its output and log
   * @throws InterruptedException when interrupted
   */
  public static Started serve(Path dir, List<String> javaOptions, List<String> serveArgs, Pattern endpoint)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(java(javaOptions));
    cmd.add("serve");
    cmd.addAll(serveArgs);
    Path out = dir.resolve("estuary.out");
    Path log = dir.resolve("estuary.log");
    Files.deleteIfExists(out);
    Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile())
        .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
    AutoCloseable stop = () -> {
      p.destroy();
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor();
      }
    };
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (true) {
      String text = Files.exists(out) ? Files.readString(out, StandardCharsets.UTF_8) : "";
      Matcher m = endpoint.matcher(text);
      if (m.find()) {
        return new Started(p, Integer.parseInt(m.group(1)), stop);
      }
      if (!p.isAlive() || System.nanoTime() > deadline) {
        closeQuietly(stop);
        String err = Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        throw new IOException("estuary serve did not start (" + (p.isAlive()
            ? "no endpoint line matching '" + endpoint + "' in 2 minutes" : "exit status " + p.exitValue())
            + "); output:\n" + Machine.tail(text) + "\nlog " + log + ":\n" + Machine.tail(err));
      }
      // Polls the output: the child process offers no readiness notification.
      Thread.sleep(100);
    }
  }

  /**
   * Closes what a failed start left, keeping the start's own error.
   *
   * @param c what to close
   */
  public static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      // The start failed already; its log is reported.
    }
  }

  private static List<String> java(List<String> javaOptions) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(ESTUARY_JVM);
    cmd.addAll(javaOptions);
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.estuary.core.cli.Main"));
    return cmd;
  }
}
