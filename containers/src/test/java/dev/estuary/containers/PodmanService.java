package dev.estuary.containers;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * A Podman of the test's own: a private store ({@code --root/--runroot/--tmpdir} under a fresh
 * directory in /tmp, short enough for conmon's socket paths), filled by {@code containers/build},
 * and a {@code podman system service} on a private unix socket that the tests drive through
 * docker-java. Closing it stops the service and deletes the store.
 */
final class PodmanService implements AutoCloseable {
  private final Path dir;
  private final Process service;
  private final DockerClient client;

  private PodmanService(Path dir, Process service, DockerClient client) {
    this.dir = dir;
    this.service = service;
    this.client = client;
  }

  /** The {@code podman} global options that select this store. */
  static List<String> storeOptions(Path dir) {
    return List.of("--root", dir.resolve("root").toString(), "--runroot", dir.resolve("run").toString(),
        "--tmpdir", dir.resolve("tmp").toString());
  }

  /**
   * Builds the images into a new private store with {@code containers/build}, then starts the
   * service on it.
   */
  static PodmanService buildAndStart(Path repo, Path lib, String tag, Path archives) throws Exception {
    Path dir = Files.createTempDirectory(Path.of("/tmp"), "estuary-img-");
    boolean started = false;
    try {
      List<String> build = List.of(repo.resolve("containers/build").toString(), "--tag", tag, "--lib",
          lib.toString(), "--store", dir.toString(), "--out", archives.toString());
      Process p = new ProcessBuilder(build).inheritIO().start();
      if (!p.waitFor(10, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new AssertionError("containers/build did not finish in 10 minutes");
      }
      if (p.exitValue() != 0) {
        throw new AssertionError("containers/build exited with " + p.exitValue() + " (output above)");
      }
      Path socket = dir.resolve("podman.sock");
      List<String> command = new ArrayList<>(List.of("podman"));
      command.addAll(storeOptions(dir));
      command.addAll(List.of("system", "service", "--time=0", "unix://" + socket));
      Process service = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(dir.resolve("service.log").toFile()).start();
      DefaultDockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder()
          .withDockerHost("unix://" + socket).build();
      ZerodepDockerHttpClient http = new ZerodepDockerHttpClient.Builder()
          .dockerHost(config.getDockerHost()).responseTimeout(Duration.ofMinutes(2)).build();
      DockerClient client = DockerClientImpl.getInstance(config, http);
      await(Duration.ofSeconds(30), () -> {
        if (!service.isAlive()) {
          throw new AssertionError("podman system service exited: " + log(dir));
        }
        if (!Files.exists(socket)) {
          return false;
        }
        try {
          client.pingCmd().exec();
          return true;
        } catch (RuntimeException e) {
          return false;
        }
      }, "podman system service answering on " + socket);
      started = true;
      return new PodmanService(dir, service, client);
    } finally {
      if (!started) {
        unmountUnder(dir);
        deleteTree(dir);
      }
    }
  }

  DockerClient client() {
    return client;
  }

  /** The service's unix socket (for a node description's {@code podmanSocket}). */
  Path socket() {
    return dir.resolve("podman.sock");
  }

  /** Polls a condition every 50 ms until it holds or the time is up. */
  static void await(Duration limit, BooleanSupplier condition, String what) throws InterruptedException {
    long end = System.nanoTime() + limit.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("timed out after " + limit.toSeconds() + " s waiting for " + what);
      }
      Thread.sleep(50);
    }
  }

  private static String log(Path dir) {
    try {
      return Files.readString(dir.resolve("service.log"));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  @Override
  public void close() throws Exception {
    try {
      client.close();
    } finally {
      service.destroy();
      if (!service.waitFor(30, TimeUnit.SECONDS)) {
        service.destroyForcibly().waitFor();
      }
      // Podman 4.3 leaves the conmon of a finished exec session running (re-parented to init) after
      // its container is removed: end every process that still names this store.
      endProcessesOf(dir);
      // The overlay driver leaves its home bind-mounted on itself after Podman exits.
      unmountUnder(dir);
      deleteTree(dir);
    }
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
      } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
        throw new IllegalStateException("process " + h.pid() + " of the Podman store " + store
            + " did not end (expected: gone within 30 s of SIGKILL)", e);
      }
    }
  }

  /** Unmounts every mount point at or below {@code dir}, deepest first. */
  private static void unmountUnder(Path dir) throws IOException, InterruptedException {
    List<String> points = new ArrayList<>();
    for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
      // Field 5 is the mount point (octal escapes for blanks, which a mktemp name has none of).
      String point = line.split(" ")[4];
      if (Path.of(point).startsWith(dir)) {
        points.add(point);
      }
    }
    points.sort(Comparator.comparingInt(String::length).reversed());
    for (String point : points) {
      Process p = new ProcessBuilder("umount", point).inheritIO().start();
      if (p.waitFor() != 0) {
        throw new IOException("umount " + point + " exited with " + p.exitValue());
      }
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
