package dev.estuary.node.internal.testing;

import dev.estuary.node.internal.podman.ContainerView;
import dev.estuary.node.internal.podman.PodmanClient;
import dev.estuary.node.internal.podman.UnixHttp;
import dev.estuary.testing.podman.PrivatePodman;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A real Podman API service of the test's own ({@link PrivatePodman}): {@code podman system
 * service} on a private socket, with its own storage ({@code --root}, {@code --runroot}, the vfs
 * driver so no overlay mount outlives it) under a temporary directory. {@link #close} removes the
 * containers it knows by label, stops the service and deletes the directory.
 */
public final class PodmanService implements AutoCloseable {
  private final PrivatePodman podman;
  private final Path dir;
  private final Path socket;
  private final PodmanClient client;

  private PodmanService(PrivatePodman podman) {
    this.podman = podman;
    this.dir = podman.dir();
    this.socket = podman.socket();
    this.client = new PodmanClient(socket, Duration.ofSeconds(60));
  }

  /**
   * Starts a service and waits until it answers.
   *
   * @return the service
   * @throws Exception if podman is missing or does not come up within 30 s
   */
  public static PodmanService start() throws Exception {
    Path dir = Files.createTempDirectory("estuary-podman-");
    // Its own containers.conf, so the test does not depend on the machine's: runc (crun fails on
    // some kernels, shared/notes/appliance.md) and no default ulimits (a container cannot raise
    // its hard limits above the host's when the host's are low).
    Path conf = dir.resolve("containers.conf");
    Files.writeString(conf, "[containers]\ndefault_ulimits = []\n[engine]\nruntime = \"runc\"\n");
    List<String> store = List.of("--root", dir.resolve("root").toString(),
        "--runroot", dir.resolve("runroot").toString(), "--storage-driver", "vfs");
    return new PodmanService(PrivatePodman.start(dir, store, Map.of("CONTAINERS_CONF", conf.toString()),
        Duration.ofSeconds(30)));
  }

  /**
   * Returns the socket.
   *
   * @return the socket path
   */
  public Path socket() {
    return socket;
  }

  /**
   * Returns a client.
   *
   * @return the client
   */
  public PodmanClient client() {
    return client;
  }

  /**
   * Returns a directory for the test's files, removed on close.
   *
   * @return the directory
   */
  public Path dir() {
    return dir;
  }

  /**
   * Builds a tiny image from a rootfs of busybox-static through {@code POST /libpod/images/import}.
   * Its entrypoint is {@code /bin/busybox}; {@code /www/health} exists unless {@code healthy} is
   * false.
   *
   * @param reference the image reference
   * @param healthy whether {@code /www/health} is in the image
   * @throws Exception on failure
   */
  public void importBusybox(String reference, boolean healthy) throws Exception {
    importBusybox(reference, healthy, null);
  }

  /**
   * Builds a busybox image whose processes run as a user.
   *
   * @param reference the image reference
   * @param healthy whether {@code /www/health} is in the image
   * @param user the image's {@code USER}, or null for root
   * @throws Exception on failure
   */
  public void importBusybox(String reference, boolean healthy, @Nullable String user)
      throws Exception {
    Path busybox = Path.of("/bin/busybox");
    if (!Files.isExecutable(busybox)) {
      throw new IllegalStateException("/bin/busybox missing (expected: Debian's busybox-static,"
          + " which ./run-tests installs)");
    }
    Path root = Files.createTempDirectory(dir, "rootfs-");
    // The tar's "." becomes the container's "/": it must be traversable by a non-root USER.
    Files.setPosixFilePermissions(root,
        java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.createDirectories(root.resolve("bin"));
    Files.copy(busybox, root.resolve("bin/busybox"));
    Files.createSymbolicLink(root.resolve("bin/sh"), Path.of("busybox"));
    Files.createDirectories(root.resolve("www"));
    Files.createDirectories(root.resolve("tmp"));
    // Like the role images: /run exists (mode 0755), so Podman's /run/podman-init mount point
    // and /run/estuary are reachable by a non-root USER.
    Files.createDirectories(root.resolve("run"));
    Files.setPosixFilePermissions(root.resolve("run"),
        java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    if (healthy) {
      Files.writeString(root.resolve("www/health"), "{\"status\":\"UP\"}\n");
    }
    Path tar = dir.resolve(root.getFileName() + ".tar");
    Process t = new ProcessBuilder("tar", "-C", root.toString(), "-cf", tar.toString(), ".")
        .redirectErrorStream(true).start();
    if (t.waitFor() != 0) {
      throw new IllegalStateException("tar: " + new String(t.getInputStream().readAllBytes(),
          StandardCharsets.UTF_8));
    }
    String target = "/v4.0.0/libpod/images/import?reference="
        + URLEncoder.encode(reference, StandardCharsets.UTF_8) + "&changes="
        + URLEncoder.encode("ENTRYPOINT [\"/bin/busybox\"]", StandardCharsets.UTF_8)
            .replace("+", "%20")
        + (user == null ? "" : "&changes=" + URLEncoder.encode("USER " + user,
            StandardCharsets.UTF_8).replace("+", "%20"));
    try (UnixHttp.Response r = new UnixHttp(socket).send("POST", target, "application/x-tar",
        Files.readAllBytes(tar), Duration.ofSeconds(60))) {
      byte[] body = r.readAll(1 << 20);
      if (r.status() != 200) {
        throw new IllegalStateException("import " + reference + ": HTTP " + r.status() + " "
            + new String(body, StandardCharsets.UTF_8));
      }
    }
  }

  @Override
  public void close() throws Exception {
    RuntimeException removal = null;
    try {
      for (ContainerView c : client.list("dev.estuary.node")) {
        client.remove(c.id());
      }
    } catch (RuntimeException e) {
      removal = e;
    }
    podman.close();
    if (removal != null) {
      throw new IllegalStateException("podman test service: removing its containers", removal);
    }
  }
}
