package dev.estuary.containers;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import dev.estuary.testing.podman.PrivatePodman;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A Podman of the test's own ({@link PrivatePodman}): a private store ({@code --root/--runroot/--tmpdir}
 * under a fresh directory in /tmp, short enough for conmon's socket paths), filled by {@code
 * containers/build}, and a {@code podman system service} on a private unix socket that the tests
 * drive through docker-java. Closing it stops the service and deletes the store.
 */
final class PodmanService implements AutoCloseable {
  private final PrivatePodman podman;
  private final DockerClient client;

  private PodmanService(PrivatePodman podman, DockerClient client) {
    this.podman = podman;
    this.client = client;
  }

  /** The {@code podman} global options that select this store. */
  static List<String> storeOptions(Path dir) {
    return PrivatePodman.storeOptions(dir);
  }

  /**
   * Builds the images into a new private store with {@code containers/build}, then starts the
   * service on it.
   */
  static PodmanService buildAndStart(Path repo, Path lib, String tag, Path archives) throws Exception {
    Path dir = Files.createTempDirectory(Path.of("/tmp"), "estuary-img-");
    List<String> build = List.of(repo.resolve("containers/build").toString(), "--tag", tag, "--lib",
        lib.toString(), "--store", dir.toString(), "--out", archives.toString());
    Process p = new ProcessBuilder(build).inheritIO().start();
    boolean finished = p.waitFor(10, TimeUnit.MINUTES);
    if (!finished || p.exitValue() != 0) {
      p.destroyForcibly().waitFor();
      PrivatePodman.removeStore(dir);
      throw new AssertionError(finished ? "containers/build exited with " + p.exitValue() + " (output above)"
          : "containers/build did not finish in 10 minutes");
    }
    PrivatePodman podman = PrivatePodman.start(dir, storeOptions(dir), Map.of(), Duration.ofSeconds(30));
    DefaultDockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder()
        .withDockerHost("unix://" + podman.socket()).build();
    ZerodepDockerHttpClient http = new ZerodepDockerHttpClient.Builder()
        .dockerHost(config.getDockerHost()).responseTimeout(Duration.ofMinutes(2)).build();
    return new PodmanService(podman, DockerClientImpl.getInstance(config, http));
  }

  DockerClient client() {
    return client;
  }

  /** The service's unix socket (for a node description's {@code podmanSocket}). */
  Path socket() {
    return podman.socket();
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

  @Override
  public void close() throws Exception {
    try {
      client.close();
    } finally {
      podman.close();
    }
  }
}
