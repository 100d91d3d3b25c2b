package dev.estuary.bench.s3.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A server under test running as its own process (our {@code ./estuary serve}, s3proxy's JVM,
 * nginx), with its output in a log file, its CPU time readable (the process and its children,
 * for nginx's workers), and stopped on {@link #close()}.
 */
public final class ServerProcess implements AutoCloseable {
  private final String name;
  private final Process process;
  private final Path log;

  /** A second process this one needs (node mode: the engine daemon behind the frontend). */
  private final @Nullable ServerProcess backend;

  private ServerProcess(String name, Process process, Path log, @Nullable ServerProcess backend) {
    this.name = name;
    this.process = process;
    this.log = log;
    this.backend = backend;
  }

  /**
   * A frontend process and the backend process it needs, as one server: CPU time is both
   * processes', closing stops the frontend first, then the backend.
   */
  public static ServerProcess pair(ServerProcess front, ServerProcess backend) {
    return new ServerProcess(front.name, front.process, front.log, backend);
  }

  /** Waits until {@code file} exists (a unix socket the process binds), failing early if it dies. */
  public void awaitFile(Path file, Duration timeout) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!Files.exists(file)) {
      if (!process.isAlive()) {
        throw new IOException(name + " exited with status " + process.exitValue() + "; log " + log + ":\n" + tail());
      }
      if (System.nanoTime() > deadline) {
        throw new IOException(name + " did not create " + file + " within " + timeout + "; log " + log + ":\n" + tail());
      }
      Thread.sleep(200);
    }
  }

  /** Starts {@code command} with extra environment, output to {@code log}. */
  public static ServerProcess start(String name, List<String> command, Map<String, String> env, Path log)
      throws IOException {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().putAll(env);
    return new ServerProcess(name, pb.start(), log, null);
  }

  /** A free TCP port on 127.0.0.1 (asked of the OS; the server binds it right after). */
  public static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** Waits until {@code port} accepts connections, failing early if the process dies. */
  public void awaitPort(int port, Duration timeout) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      if (!process.isAlive()) {
        throw new IOException(name + " exited with status " + process.exitValue() + "; log " + log + ":\n" + tail());
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 500);
        return;
      } catch (IOException notYet) {
        if (System.nanoTime() > deadline) {
          throw new IOException(name + " did not listen on " + port + " within " + timeout + "; log " + log + ":\n" + tail());
        }
        Thread.sleep(200);
      }
    }
  }

  /** Whether the process (and the backend process it needs) still runs. */
  public boolean isAlive() {
    return process.isAlive() && (backend == null || backend.isAlive());
  }

  /** CPU time used so far by the process and its descendants. */
  public Duration cpu() {
    Duration total = process.toHandle().info().totalCpuDuration().orElse(Duration.ZERO);
    for (ProcessHandle h : process.toHandle().descendants().toList()) {
      total = total.plus(h.info().totalCpuDuration().orElse(Duration.ZERO));
    }
    return backend == null ? total : total.plus(backend.cpu());
  }

  /** The last lines of the log. */
  public String tail() {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(log unreadable: " + e + ")";
    }
  }

  @Override
  public void close() {
    List<ProcessHandle> all = new ArrayList<>(process.toHandle().descendants().toList());
    process.destroy();
    all.forEach(ProcessHandle::destroy);
    try {
      if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly();
        all.forEach(ProcessHandle::destroyForcibly);
        process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    if (backend != null) {
      backend.close();
    }
  }
}
