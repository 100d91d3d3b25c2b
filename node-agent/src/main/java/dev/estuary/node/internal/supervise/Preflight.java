package dev.estuary.node.internal.supervise;

import dev.estuary.node.internal.description.DescriptionException;
import dev.estuary.node.internal.description.NodeDescription;
import dev.estuary.node.internal.description.Role;
import dev.estuary.node.internal.podman.ContainerView;
import dev.estuary.node.internal.podman.PodmanClient;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The checks of {@code up} that need Podman or the host, all made before anything is created, so
 * that a bad description leaves nothing half-started: Podman answers on its socket, every image is
 * in its store, and every port is free on the host (or already published by this node's own
 * container for it).
 */
public final class Preflight {
  private Preflight() {}

  /**
   * Runs the checks.
   *
   * @param node the description
   * @param podman the client
   * @return the node's containers as Podman has them now
   * @throws DescriptionException naming every missing image, or the first port in use
   * @throws dev.estuary.node.internal.podman.PodmanException if Podman cannot be reached
   */
  public static List<ContainerView> check(NodeDescription node, PodmanClient podman) {
    podman.ping();
    List<String> missing = new ArrayList<>();
    for (NodeDescription.RoleSpec r : node.roles()) {
      if (!podman.imageExists(r.image())) {
        missing.add(r.image() + " (" + field(r.role()) + ".image)");
      }
    }
    if (!missing.isEmpty()) {
      throw new DescriptionException("image not found in Podman's store: " + String.join(", ",
          missing) + " (expected: local images, such as the ones containers/build makes; there is"
          + " no registry to pull from)");
    }
    List<ContainerView> existing = podman.list(node.nodeLabel());
    Set<Integer> ours = new HashSet<>();
    for (ContainerView c : existing) {
      if (c.running() && c.ports() != null) {
        c.ports().forEach(p -> ours.add(p.hostPort()));
      }
    }
    free(node.agentBind(), node.agentPort(), "agent.port", Set.of());
    for (NodeDescription.RoleSpec r : node.roles()) {
      if (r.port() != 0) {
        free(node.bindAddress(), r.port(), field(r.role()) + ".port", ours);
      }
      free("127.0.0.1", r.adminPort(), field(r.role()) + ".adminPort", ours);
    }
    return existing;
  }

  private static String field(Role role) {
    return role == Role.ENGINE ? "engine" : "frontends." + role.id();
  }

  private static void free(String address, int port, String field, Set<Integer> ours) {
    if (ours.contains(port)) {
      return; // published by this node's running container: up leaves or replaces it
    }
    try (ServerSocketChannel ch = ServerSocketChannel.open()) {
      ch.bind(new InetSocketAddress(InetAddress.getByName(address), port));
    } catch (IOException e) {
      throw new DescriptionException(field + ": port " + port + " on " + address + " is in use ("
          + e.getMessage() + "; expected: a free port)");
    }
  }
}
