package dev.estuary.node.internal.description;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A validated node description: what one storage node runs (DESIGN §6.2). Built only by {@link
 * DescriptionParser}, which checks every field before anything touches Podman.
 *
 * @param name the node name, in container names and the {@code dev.estuary.node} label
 * @param dataDirectory the host directory the engine owns (bind-mounted into the engine only)
 * @param stateDirectory the agent's host directory: {@code agent.json}, the engine socket directory
 *     shared with the frontends, and each frontend's own directory
 * @param podmanSocket Podman's API socket
 * @param bindAddress the host address the frontends' service ports are published on
 * @param agentBind the address of the agent's admin API
 * @param agentPort the port of the agent's admin API
 * @param supervision probe and restart timing
 * @param roles the engine first, then the enabled frontends
 */
public record NodeDescription(String name, Path dataDirectory, Path stateDirectory,
    Path podmanSocket, String bindAddress, String agentBind, int agentPort, Supervision supervision,
    List<RoleSpec> roles) {
  /** Copies the roles. */
  public NodeDescription {
    requireNonNull(name, "name");
    roles = List.copyOf(roles);
  }

  /**
   * Finds a role.
   *
   * @param role the role
   * @return its specification, or null when the node does not run it
   */
  public @Nullable RoleSpec role(Role role) {
    for (RoleSpec r : roles) {
      if (r.role() == role) {
        return r;
      }
    }
    return null;
  }

  /**
   * Returns this description with one role's image replaced (an upgrade).
   *
   * @param role the role
   * @param image the new image
   * @return the new description
   */
  public NodeDescription withImage(Role role, String image) {
    List<RoleSpec> next = new ArrayList<>();
    for (RoleSpec r : roles) {
      next.add(r.role() == role ? r.withImage(image) : r);
    }
    return new NodeDescription(name, dataDirectory, stateDirectory, podmanSocket, bindAddress,
        agentBind, agentPort, supervision, next);
  }

  /**
   * Returns the directory of the engine socket, shared by the engine and the frontends.
   *
   * @return {@code <stateDirectory>/socket}
   */
  public Path socketDirectory() {
    return stateDirectory.resolve("socket");
  }

  /**
   * Returns the label value that marks this node's containers.
   *
   * @return {@code dev.estuary.node=<name>}
   */
  public String nodeLabel() {
    return Labels.NODE + "=" + name;
  }

  /**
   * One role's container.
   *
   * @param role the role
   * @param image the image reference
   * @param port the host port the role's service port is published on, 0 for the engine
   * @param adminPort the host loopback port its admin endpoint (9180 inside) is published on,
   *     where the health probe reaches it
   * @param cpus CPUs (a CFS quota), 0 for no limit
   * @param memoryBytes the memory limit, 0 for none
   * @param env extra environment variables
   * @param args extra arguments after the generated ones
   * @param command the whole argument list instead of the generated one, or null
   * @param mounts extra bind mounts, host path to container path
   */
  public record RoleSpec(Role role, String image, int port, int adminPort, double cpus,
      long memoryBytes, Map<String, String> env, List<String> args, @Nullable List<String> command,
      Map<String, String> mounts) {
    /** Copies the collections. */
    public RoleSpec {
      env = Map.copyOf(env);
      args = List.copyOf(args);
      command = command == null ? null : List.copyOf(command);
      mounts = Map.copyOf(mounts);
    }

    RoleSpec withImage(String newImage) {
      return new RoleSpec(role, newImage, port, adminPort, cpus, memoryBytes, env, args, command,
          mounts);
    }
  }

  /**
   * How the agent watches and restarts.
   *
   * @param probeInterval time between two health probes of a container
   * @param probeTimeout the longest wait for one probe's answer
   * @param unhealthyAfter failed probes in a row that make a running container unhealthy
   * @param startGrace how long a started container may stay unready before failed probes count
   * @param backoffInitial the wait before the first restart after a failure
   * @param backoffMax the longest wait between restarts (the back-off doubles up to it)
   * @param backoffReset healthy time after which the back-off starts again from the initial wait
   * @param stopTimeout seconds between SIGTERM and SIGKILL when the agent stops a container
   * @param reconnectGrace how long after the engine is healthy again a frontend's failed probes
   *     do not count (the frontends reconnect by themselves)
   */
  public record Supervision(Duration probeInterval, Duration probeTimeout, int unhealthyAfter,
      Duration startGrace, Duration backoffInitial, Duration backoffMax, Duration backoffReset,
      Duration stopTimeout, Duration reconnectGrace) {}
}
