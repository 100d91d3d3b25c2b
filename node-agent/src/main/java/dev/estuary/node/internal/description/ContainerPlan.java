package dev.estuary.node.internal.description;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.estuary.node.internal.podman.SpecGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The container each role of a description becomes (DESIGN §6.2), laid out as the role images of
 * {@code containers/build} expect: the engine gets the data directory on {@code /data}; the engine
 * and the frontends share only the socket directory on {@code /run/estuary}, where the engine serves
 * {@code engine.sock}; each frontend gets a directory of its own on {@code /data}. Inside, every
 * role serves its default port and its admin endpoint on 9180; the description's service port is
 * published on its bind address, its admin port on the host's loopback only, where the agent probes
 * {@code /health} (so the admin endpoint runs without TLS). The spec's hash goes into a label, so
 * {@code up} can tell a container that matches the description from one that must be replaced.
 */
public final class ContainerPlan {
  /** Where the data directory (engine) or the frontend's own directory is mounted. */
  public static final String DATA_MOUNT = "/data";
  /** The admin port inside every container (Estuary's default). */
  public static final int ADMIN_PORT = 9180;
  /** Where the socket directory is mounted, in the engine and in every frontend. */
  public static final String RUN_MOUNT = "/run/estuary";
  /** The engine's socket as the containers see it. */
  public static final String ENGINE_SOCKET = RUN_MOUNT + "/engine.sock";

  private static final ObjectMapper CANONICAL = new ObjectMapper()
      .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

  private ContainerPlan() {}

  /**
   * Returns the container name of a role.
   *
   * @param node the description
   * @param role the role
   * @return {@code estuary-<node>-<role>}
   */
  public static String containerName(NodeDescription node, Role role) {
    return "estuary-" + node.name() + "-" + role.id();
  }

  /**
   * Returns a frontend's own host directory.
   *
   * @param node the description
   * @param role the frontend
   * @return {@code <stateDirectory>/<role>}
   */
  public static Path frontendDirectory(NodeDescription node, Role role) {
    return node.stateDirectory().resolve(role.id());
  }

  /**
   * Builds the container specification of one role.
   *
   * @param node the description
   * @param r the role
   * @return the specification, with the node, role and spec-hash labels
   */
  public static SpecGenerator spec(NodeDescription node, NodeDescription.RoleSpec r) {
    List<SpecGenerator.Mount> mounts = new ArrayList<>();
    Path own = r.role() == Role.ENGINE ? node.dataDirectory() : frontendDirectory(node, r.role());
    mounts.add(bind(own.toString(), DATA_MOUNT));
    mounts.add(bind(node.socketDirectory().toString(), RUN_MOUNT));
    new TreeMap<>(r.mounts()).forEach((host, dest) -> mounts.add(bind(host, dest)));

    List<SpecGenerator.PortMapping> ports = new ArrayList<>();
    if (r.port() != 0) {
      ports.add(new SpecGenerator.PortMapping(node.bindAddress(), r.port(),
          r.role().defaultPort(), "tcp"));
    }
    ports.add(new SpecGenerator.PortMapping("127.0.0.1", r.adminPort(), ADMIN_PORT, "tcp"));
    // Inside its own network namespace the container listens on all its addresses; only what is
    // published reaches the host. The description's env comes last and wins.
    Map<String, String> env = new TreeMap<>(Map.of("ESTUARY_DATA", DATA_MOUNT, "ESTUARY_BIND",
        "0.0.0.0", "ESTUARY_ADMIN_PORT", Integer.toString(ADMIN_PORT), "ESTUARY_ADMIN_TLS", "off"));
    env.putAll(r.env());

    SpecGenerator.ResourceLimits limits = null;
    if (r.cpus() > 0 || r.memoryBytes() > 0) {
      long period = 100_000;
      limits = new SpecGenerator.ResourceLimits(
          r.memoryBytes() > 0 ? new SpecGenerator.Memory(r.memoryBytes()) : null,
          r.cpus() > 0 ? new SpecGenerator.Cpu(Math.round(r.cpus() * period), period) : null);
    }
    Map<String, String> labels = new TreeMap<>();
    labels.put(Labels.NODE, node.name());
    labels.put(Labels.ROLE, r.role().id());
    SpecGenerator unlabelled = new SpecGenerator(containerName(node, r.role()), r.image(),
        command(r), env, labels, ports, mounts, true, new SpecGenerator.Namespace("bridge"),
        limits, node.supervision().stopTimeout().toSeconds());
    labels.put(Labels.SPEC, hash(unlabelled));
    return new SpecGenerator(unlabelled.name(), unlabelled.image(), unlabelled.command(),
        unlabelled.env(), labels, unlabelled.portmappings(), unlabelled.mounts(), unlabelled.init(),
        unlabelled.netns(), unlabelled.resourceLimits(), unlabelled.stopTimeout());
  }

  /**
   * The arguments after the image's entrypoint (the {@code estuary} command), as the role images'
   * own CMD has them, then the description's {@code args}; or the description's {@code command}.
   */
  static List<String> command(NodeDescription.RoleSpec r) {
    if (r.command() != null) {
      return r.command();
    }
    List<String> c = new ArrayList<>();
    if (r.role() == Role.ENGINE) {
      c.addAll(List.of("engine", "--data", DATA_MOUNT, "--socket", ENGINE_SOCKET));
    } else {
      c.addAll(List.of("serve", "--backend", "unix:" + ENGINE_SOCKET, "--frontends",
          r.role().id()));
    }
    c.addAll(r.args());
    return c;
  }

  private static SpecGenerator.Mount bind(String source, String destination) {
    return new SpecGenerator.Mount(destination, source, "bind", List.of("rbind", "rw"));
  }

  private static String hash(SpecGenerator spec) {
    try {
      byte[] canonical = CANONICAL.writeValueAsBytes(spec);
      byte[] d = MessageDigest.getInstance("SHA-256").digest(canonical);
      return HexFormat.of().formatHex(d, 0, 12);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}
