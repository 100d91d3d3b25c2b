package dev.estuary.node.internal.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A node description for tests whose roles are busybox "fakes": each serves {@code /www} with busybox
 * httpd on its admin port (where the agent probes {@code /health}) and, for a frontend, on its
 * service port too, the service process in the foreground under Podman's catatonit init.
 */
public final class TestNode {
  /** The image with {@code /www/health}. */
  public static final String IMAGE = "localhost/estuary-fake:1";

  private final Path dir;
  private final String name;
  private final Map<String, int[]> ports = new LinkedHashMap<>();
  private final Map<String, String> extra = new LinkedHashMap<>();
  private final Map<String, String> images = new LinkedHashMap<>();
  private final Map<String, String> shells = new LinkedHashMap<>();
  private String supervision = "{probeInterval: 200ms, probeTimeout: 500ms, unhealthyAfter: 2,"
      + " startGrace: 5s, backoffInitial: 300ms, backoffMax: 2s, backoffReset: 30s,"
      + " stopTimeout: 2s, reconnectGrace: 1s}";
  private final int agentPort;

  /**
   * Creates a description with an engine and the given frontends on free ports.
   *
   * @param dir the directory for data and state
   * @param name the node name
   * @param frontends the frontends
   * @throws IOException if no free port is found
   */
  public TestNode(Path dir, String name, String... frontends) throws IOException {
    this.dir = dir;
    this.name = name;
    this.agentPort = freePort();
    ports.put("engine", new int[] {0, freePort()});
    for (String f : frontends) {
      ports.put(f, new int[] {freePort(), freePort()});
    }
  }

  /** Inside the container: admin (health) on 9180, a frontend's service on its default port. */
  private String entry(String role) {
    int port = ports.get(role)[0];
    int admin = ports.get(role)[1];
    String cmd = shells.getOrDefault(role, "echo " + role + " started; " + (role.equals("engine")
        ? "exec busybox httpd -f -p 9180 -h /www"
        : "busybox httpd -p 9180 -h /www && exec busybox httpd -f -p " + INNER.get(role)
            + " -h /www"));
    return "{image: " + images.getOrDefault(role, IMAGE) + (port == 0 ? "" : ", port: " + port) + ", adminPort: " + admin
        + ", command: [sh, -c, \"" + cmd + "\"]"
        + (extra.containsKey(role) ? ", " + extra.get(role) : "") + "}";
  }

  private static final Map<String, Integer> INNER = Map.of("s3", 9000, "dataset", 9190, "smb",
      445, "nfs", 2049);

  /**
   * Returns a free TCP port on the loopback.
   *
   * @return the port
   * @throws IOException on failure
   */
  public static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      return s.getLocalPort();
    }
  }

  /**
   * Adds YAML fields to one role's entry.
   *
   * @param role the role
   * @param yaml fields such as {@code memory: 64m}
   * @return this
   */
  public TestNode with(String role, String yaml) {
    extra.merge(role, yaml, (a, b) -> a + ", " + b);
    return this;
  }

  /**
   * Runs a role from another image, with another shell command.
   *
   * @param role the role
   * @param image the image
   * @param shell the {@code sh -c} command, or null for the default
   * @return this
   */
  public TestNode image(String role, String image, @org.jspecify.annotations.Nullable String shell) {
    images.put(role, image);
    if (shell != null) {
      shells.put(role, shell);
    }
    return this;
  }

  /**
   * Replaces the supervision block.
   *
   * @param yaml the flow mapping
   * @return this
   */
  public TestNode supervision(String yaml) {
    this.supervision = yaml;
    return this;
  }

  /**
   * Returns a role's service port.
   *
   * @param role the role
   * @return the port
   */
  public int port(String role) {
    return ports.get(role)[0];
  }

  /**
   * Returns a role's admin port.
   *
   * @param role the role
   * @return the port
   */
  public int adminPort(String role) {
    return ports.get(role)[1];
  }

  /**
   * Returns the agent's port.
   *
   * @return the port
   */
  public int agentPort() {
    return agentPort;
  }

  /**
   * Returns the node's state directory.
   *
   * @return the directory
   */
  public Path stateDirectory() {
    return dir.resolve(name + "-state");
  }

  /**
   * Writes the description.
   *
   * @param socket the Podman socket
   * @return the file
   * @throws IOException on failure
   */
  public Path write(Path socket) throws IOException {
    StringBuilder y = new StringBuilder();
    y.append("name: ").append(name).append('\n')
        .append("dataDirectory: ").append(dir.resolve(name + "-data")).append('\n')
        .append("stateDirectory: ").append(stateDirectory()).append('\n')
        .append("podmanSocket: ").append(socket).append('\n')
        .append("bindAddress: 127.0.0.1\n")
        .append("agent: {bind: 127.0.0.1, port: ").append(agentPort).append("}\n")
        .append("supervision: ").append(supervision).append('\n');
    y.append("engine: ").append(entry("engine")).append('\n');
    y.append("frontends:\n");
    for (String role : ports.keySet()) {
      if (!role.equals("engine")) {
        y.append("  ").append(role).append(": ").append(entry(role)).append('\n');
      }
    }
    Path file = dir.resolve(name + ".yaml");
    Files.writeString(file, y.toString());
    return file;
  }
}
