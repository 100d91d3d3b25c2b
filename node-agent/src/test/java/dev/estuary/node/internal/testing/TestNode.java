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
  private String supervision = "{probeInterval: 200ms, probeTimeout: 500ms, unhealthyAfter: 2,"
      + " startGrace: 5s, backoffInitial: 300ms, backoffMax: 2s, backoffReset: 30s,"
      + " stopTimeout: 2s}";
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
    for (Map.Entry<String, int[]> e : ports.entrySet()) {
      String role = e.getKey();
      int port = e.getValue()[0];
      int admin = e.getValue()[1];
      String cmd = port == 0
          ? "exec busybox httpd -f -p " + admin + " -h /www"
          : "busybox httpd -p " + admin + " -h /www && exec busybox httpd -f -p " + port
              + " -h /www";
      String entry = "{image: " + IMAGE + (port == 0 ? "" : ", port: " + port) + ", adminPort: "
          + admin + ", command: [sh, -c, \"" + cmd + "\"]"
          + (extra.containsKey(role) ? ", " + extra.get(role) : "") + "}";
      if (role.equals("engine")) {
        y.append("engine: ").append(entry).append('\n');
      }
    }
    y.append("frontends:\n");
    for (Map.Entry<String, int[]> e : ports.entrySet()) {
      if (!e.getKey().equals("engine")) {
        int port = e.getValue()[0];
        int admin = e.getValue()[1];
        String cmd = "busybox httpd -p " + admin + " -h /www && exec busybox httpd -f -p " + port
            + " -h /www";
        y.append("  ").append(e.getKey()).append(": {image: ").append(IMAGE).append(", port: ")
            .append(port).append(", adminPort: ").append(admin).append(", command: [sh, -c, \"")
            .append(cmd).append("\"]")
            .append(extra.containsKey(e.getKey()) ? ", " + extra.get(e.getKey()) : "")
            .append("}\n");
      }
    }
    Path file = dir.resolve(name + ".yaml");
    Files.writeString(file, y.toString());
    return file;
  }
}
