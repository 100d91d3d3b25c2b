package dev.estuary.distribution;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Runs the assembled distribution ({@code distribution/target/lib}) as a separate process, the way
 * {@code ./estuary} does, and collects its output line by line.
 */
final class EstuaryProcess implements AutoCloseable {
  private final Process process;
  private final List<String> stdout = new CopyOnWriteArrayList<>();
  private final List<String> stderr = new CopyOnWriteArrayList<>();

  private EstuaryProcess(Process process) {
    this.process = process;
    pump(process.getInputStream(), stdout);
    pump(process.getErrorStream(), stderr);
  }

  static EstuaryProcess start(Map<String, String> env, String... args) throws IOException {
    String lib = System.getProperty("estuary.lib");
    if (lib == null) {
      throw new IllegalStateException("system property estuary.lib is not set (run through Failsafe)");
    }
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command = new ArrayList<>(List.of(
        java, "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow", "-Xmx512m",
        "-cp", Path.of(lib).toAbsolutePath() + "/*", "dev.estuary.core.cli.Main"));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().keySet().removeIf(k -> k.startsWith("ESTUARY_"));
    // Tests never bind a fixed port: the dataset service, NFS and SMB (in the build) take a free one
    // unless a test sets its own.
    builder.environment().put("ESTUARY_DATASET_PORT", "0");
    builder.environment().put("ESTUARY_NFS_PORT", "0");
    builder.environment().put("ESTUARY_SMB_PORT", "0");
    builder.environment().putAll(env);
    return new EstuaryProcess(builder.start());
  }

  /** Runs a command to completion and returns its exit code. */
  static Result run(Map<String, String> env, String... args) throws Exception {
    try (EstuaryProcess p = start(env, args)) {
      if (!p.process.waitFor(120, TimeUnit.SECONDS)) {
        throw new AssertionError("estuary " + String.join(" ", args) + " did not finish in 120 s");
      }
      p.drain();
      return new Result(p.process.exitValue(), List.copyOf(p.stdout), List.copyOf(p.stderr));
    }
  }

  record Result(int exitCode, List<String> stdout, List<String> stderr) {}

  String awaitStdout(Predicate<String> match, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      for (String line : stdout) {
        if (match.test(line)) {
          return line;
        }
      }
      if (!process.isAlive()) {
        drain();
        throw new AssertionError("estuary exited with " + process.exitValue()
            + "; stdout=" + stdout + " stderr=" + stderr);
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no matching output within " + timeout + "; stdout=" + stdout
        + " stderr=" + stderr);
  }

  /** Sends SIGTERM and waits for the exit code. */
  int terminate(Duration timeout) throws InterruptedException {
    process.destroy();
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("estuary did not exit within " + timeout + " of SIGTERM");
    }
    drain();
    return process.exitValue();
  }

  /** Sends SIGKILL and waits for the process to be gone. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new AssertionError("estuary did not die within 30 s of SIGKILL");
    }
  }

  List<String> stdout() {
    return List.copyOf(stdout);
  }

  List<String> stderr() {
    return List.copyOf(stderr);
  }

  private void drain() throws InterruptedException {
    // Let the pump threads read what the process wrote before it exited.
    Thread.sleep(200);
  }

  private static void pump(java.io.InputStream in, List<String> sink) {
    Thread.ofVirtual().start(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          sink.add(line);
        }
      } catch (IOException e) {
        // The process ended; nothing more to read.
      }
    });
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
    }
  }
}
