package dev.estuary.testing.podman;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * A {@code podman system service} of the test's own: a private store selected by the global
 * options the caller gives (under {@code dir}), a private unix socket {@code dir/podman.sock}, and
 * its log in {@code dir/service.log}. {@link #close} stops the service and removes everything it
 * left behind: processes that still name the store (Podman 4.3 leaves the {@code conmon} of a
 * finished exec session running after its container is removed), mounts below {@code dir} (the
 * overlay driver's home, a container's shm) and the directory itself.
 */
public final class PrivatePodman implements AutoCloseable {
  private final Path dir;
  private final Process service;

  private PrivatePodman(Path dir, Process service) {
    this.dir = dir;
    this.service = service;
  }

  /**
   * The global options of a store kept under {@code dir}: {@code --root}, {@code --runroot} and
   * {@code --tmpdir}, each a directory below it.
   *
   * @param dir the store's directory (short: conmon's socket paths must fit in 108 bytes)
   * @return the options
   */
  public static List<String> storeOptions(Path dir) {
    return List.of("--root", dir.resolve("root").toString(), "--runroot", dir.resolve("run").toString(),
        "--tmpdir", dir.resolve("tmp").toString());
  }

  /**
   * Starts the service and waits until it answers {@code GET /_ping}. If it does not, everything
   * under {@code dir} is removed before the error is thrown.
   *
   * @param dir the directory holding the store, the socket and the log
   * @param globalOptions podman's global options (the store)
   * @param env extra environment of the service (e.g. {@code CONTAINERS_CONF})
   * @param limit how long to wait for the first answer
   * @return the running service
   * @throws IOException if it cannot be started or does not answer in time
   * @throws InterruptedException if interrupted while waiting
   */
  public static PrivatePodman start(Path dir, List<String> globalOptions, Map<String, String> env,
      Duration limit) throws IOException, InterruptedException {
    Path socket = dir.resolve("podman.sock");
    List<String> command = new ArrayList<>(List.of("podman"));
    command.addAll(globalOptions);
    command.addAll(List.of("system", "service", "--time=0", "unix://" + socket));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(dir.resolve("service.log").toFile());
    pb.environment().putAll(env);
    PrivatePodman podman = new PrivatePodman(dir, pb.start());
    long end = System.nanoTime() + limit.toNanos();
    while (!ping(socket)) {
      if (!podman.service.isAlive() || System.nanoTime() > end) {
        String why = podman.service.isAlive() ? "no answer within " + limit.toSeconds() + " s"
            : "it exited with " + podman.service.exitValue();
        String log = podman.log();
        podman.close();
        throw new IOException("podman system service on " + socket + ": " + why + " (expected: an"
            + " answer to GET /_ping); its log: " + log);
      }
      // The socket appears when the service is ready; nothing signals it, so it is polled.
      TimeUnit.MILLISECONDS.sleep(50);
    }
    return podman;
  }

  /** Whether the service answers {@code GET /_ping} with 200 on {@code socket}. */
  private static boolean ping(Path socket) {
    if (!Files.exists(socket)) {
      return false;
    }
    try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      ch.connect(UnixDomainSocketAddress.of(socket));
      ch.write(ByteBuffer.wrap("GET /_ping HTTP/1.1\r\nHost: d\r\nConnection: close\r\n\r\n"
          .getBytes(StandardCharsets.US_ASCII)));
      ByteBuffer in = ByteBuffer.allocate(64);
      while (in.hasRemaining() && ch.read(in) >= 0) {
        if (in.position() >= 12) {
          break;
        }
      }
      return new String(in.array(), 0, in.position(), StandardCharsets.US_ASCII).startsWith("HTTP/1.1 200");
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Returns the service's unix socket.
   *
   * @return {@code dir/podman.sock}
   */
  public Path socket() {
    return dir.resolve("podman.sock");
  }

  /**
   * Returns the directory of the store, removed on close.
   *
   * @return the directory
   */
  public Path dir() {
    return dir;
  }

  /**
   * Returns the service's output so far.
   *
   * @return the log, or why it cannot be read
   */
  public String log() {
    try {
      return Files.readString(dir.resolve("service.log"));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  @Override
  public void close() throws IOException, InterruptedException {
    service.destroy();
    if (!service.waitFor(30, TimeUnit.SECONDS)) {
      service.destroyForcibly().waitFor();
    }
    removeStore(dir);
  }

  /**
   * Removes a store no service runs on any more (e.g. after a failed image build): ends the
   * processes that still name it, unmounts what is mounted below it, and deletes it.
   *
   * @param dir the store's directory
   * @throws IOException if something cannot be unmounted or deleted
   * @throws InterruptedException if interrupted while waiting
   */
  public static void removeStore(Path dir) throws IOException, InterruptedException {
    endProcessesOf(dir);
    unmountUnder(dir);
    deleteTree(dir);
  }

  /** Kills every process whose command line names {@code dir}, and waits for each to end. */
  private static void endProcessesOf(Path dir) throws InterruptedException {
    String store = dir.toString();
    List<ProcessHandle> left = ProcessHandle.allProcesses()
        .filter(h -> h.info().commandLine().map(c -> c.contains(store)).orElse(false))
        .filter(h -> h.pid() != ProcessHandle.current().pid())
        .toList();
    for (ProcessHandle h : left) {
      h.destroyForcibly();
    }
    for (ProcessHandle h : left) {
      try {
        h.onExit().get(30, TimeUnit.SECONDS);
      } catch (ExecutionException | TimeoutException e) {
        throw new IllegalStateException("process " + h.pid() + " of the Podman store " + store
            + " did not end (expected: gone within 30 s of SIGKILL)", e);
      }
    }
  }

  /** Unmounts every mount point at or below {@code dir}, deepest first. */
  private static void unmountUnder(Path dir) throws IOException, InterruptedException {
    List<String> points = new ArrayList<>();
    for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
      // Field 5 is the mount point (octal escapes for blanks, which a temp name has none of).
      String point = line.split(" ")[4];
      if (Path.of(point).startsWith(dir)) {
        points.add(point);
      }
    }
    points.sort(Comparator.comparingInt(String::length).reversed());
    for (String point : points) {
      Process p = new ProcessBuilder("umount", point).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (p.waitFor() != 0) {
        throw new IOException("umount " + point + " exited with " + p.exitValue() + ": " + out);
      }
    }
  }

  /**
   * Deletes {@code dir}. conmon runs {@code podman container cleanup} when a container exits,
   * which may still write under the store for a moment after the service ended: walk again until
   * the tree is gone or 15 s have passed.
   */
  private static void deleteTree(Path dir) throws IOException, InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (true) {
      List<IOException> left = new ArrayList<>();
      try (Stream<Path> walk = Files.walk(dir)) {
        for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
          try {
            Files.deleteIfExists(p);
          } catch (IOException e) {
            left.add(e);
          }
        }
      } catch (NoSuchFileException e) {
        // gone meanwhile
      } catch (java.io.UncheckedIOException e) {
        // a file vanished while walking: walk again
      }
      if (!Files.exists(dir)) {
        return;
      }
      if (System.nanoTime() > end) {
        IOException e = new IOException("could not delete the Podman store " + dir
            + " within 15 s (expected: nothing left after the service ended)");
        left.forEach(e::addSuppressed);
        throw e;
      }
      TimeUnit.MILLISECONDS.sleep(100);
    }
  }
}
