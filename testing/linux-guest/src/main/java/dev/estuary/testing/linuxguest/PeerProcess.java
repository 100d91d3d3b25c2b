package dev.estuary.testing.linuxguest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/**
 * A peer server (ganesha, smbd) run as a child process on a free 127.0.0.1 port: started, waited
 * for until its log says it is ready, and stopped with its children, also when the JVM exits first.
 */
final class PeerProcess implements AutoCloseable {

  private static final int BIND_ATTEMPTS = 3;

  /** What one start attempt needs: the command for a port, and how to read the server's log. */
  interface Launch {
    /**
     * Writes the configuration for {@code port} under {@code dir} and returns the command.
     *
     * @param dir this attempt's directory (created)
     * @param port the port to serve on
     * @return the command line
     * @throws IOException when the configuration cannot be written
     */
    List<String> prepare(Path dir, int port) throws IOException;
  }

  private final String name;
  private final Process process;
  private final int port;
  private final Path dir;
  private final Path log;
  private final Thread killOnExit;

  private PeerProcess(String name, Process process, int port, Path dir, Path log) {
    this.name = name;
    this.process = process;
    this.port = port;
    this.dir = dir;
    this.log = log;
    this.killOnExit = new Thread(this::kill, "kill-" + name + "-" + port);
    // A test JVM that is killed before close() must not leave the server behind.
    Runtime.getRuntime().addShutdownHook(killOnExit);
  }

  /**
   * Starts the server on a free port and waits for {@code readyLine} in its log ({@code logName}
   * in the attempt's directory), or with {@code readyLine} null until the port accepts a
   * connection. The free port is found by binding and closing, so another process may take it
   * first: a start whose log shows {@code portTakenMarker} is retried on a new port.
   */
  static PeerProcess start(
      String name,
      Path dir,
      Launch launch,
      String logName,
      @Nullable String readyLine,
      String portTakenMarker,
      Duration startTimeout) {
    IllegalStateException last = null;
    for (int attempt = 1; attempt <= BIND_ATTEMPTS; attempt++) {
      Path attemptDir = dir.resolve("attempt-" + attempt);
      int port = freePort();
      Path resolvedLog = attemptDir.resolve(logName);
      try {
        Files.createDirectories(attemptDir);
        Process p =
            new ProcessBuilder(launch.prepare(attemptDir, port))
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectOutput(attemptDir.resolve(name + ".out").toFile())
                .redirectErrorStream(true)
                .start();
        PeerProcess peer = new PeerProcess(name, p, port, attemptDir, resolvedLog);
        long deadline = System.nanoTime() + startTimeout.toNanos();
        while (true) {
          String text = peer.logText();
          if (readyLine != null ? text.contains(readyLine) : accepts(port)) {
            return peer;
          }
          if (!p.isAlive()) {
            peer.close();
            if (text.contains(portTakenMarker)) {
              last =
                  new IllegalStateException(name + ": port " + port + " was taken:\n" + tail(text));
              break;
            }
            throw new IllegalStateException(
                name + " exited while starting on 127.0.0.1:" + port
                    + "; log " + resolvedLog + ":\n" + tail(text));
          }
          if (System.nanoTime() > deadline) {
            peer.close();
            String awaited =
                readyLine != null
                    ? " did not log \"" + readyLine + "\""
                    : " did not accept connections on 127.0.0.1:" + port;
            throw new IllegalStateException(
                name + awaited + " within " + startTimeout
                    + "; log " + resolvedLog + ":\n" + tail(text));
          }
          // Polls the log or the port: neither server offers a readiness notification.
          LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
      } catch (IOException e) {
        throw new UncheckedIOException("starting " + name + " in " + attemptDir, e);
      }
    }
    throw new IllegalStateException(
        name + " found no free port in " + BIND_ATTEMPTS + " attempts", last);
  }

  int port() {
    return port;
  }

  long pid() {
    return process.pid();
  }

  Path dir() {
    return dir;
  }

  Path log() {
    return log;
  }

  String logText() {
    try {
      return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + log, e);
    }
  }

  /** Stops the server and its children (smbd forks one per connection) and waits for them. */
  @Override
  public void close() {
    try {
      Runtime.getRuntime().removeShutdownHook(killOnExit);
    } catch (IllegalStateException shuttingDown) {
      // The JVM is exiting; the hook stops the server.
    }
    List<ProcessHandle> children = process.descendants().toList();
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      kill();
      Thread.currentThread().interrupt();
    }
    children.forEach(ProcessHandle::destroyForcibly);
  }

  private void kill() {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }

  private static boolean accepts(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
      return true;
    } catch (IOException notYet) {
      return false;
    }
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("finding a free port on 127.0.0.1", e);
    }
  }

  static String tail(String text) {
    List<String> lines = text.lines().toList();
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
  }
}
