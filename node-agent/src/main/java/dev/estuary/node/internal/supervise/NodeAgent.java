package dev.estuary.node.internal.supervise;

import static java.util.Objects.requireNonNull;

import dev.estuary.node.internal.description.Labels;
import dev.estuary.node.internal.description.NodeDescription;
import dev.estuary.node.internal.description.Role;
import dev.estuary.node.internal.podman.ContainerView;
import dev.estuary.node.internal.podman.PodmanClient;
import dev.estuary.node.internal.podman.PodmanEvent;
import dev.estuary.node.internal.podman.PodmanException;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The supervising agent of one node: a {@link RoleSupervisor} per role, fed by Podman's event
 * stream (filtered by the node's label; reopened when it breaks) and by each supervisor's own probes,
 * which also catch a death whose event was missed.
 */
public final class NodeAgent implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(NodeAgent.class);

  private final NodeDescription node;
  private final PodmanClient podman;
  private final Map<Role, RoleSupervisor> supervisors = new LinkedHashMap<>();
  private final Thread events;
  private final CountDownLatch closed = new CountDownLatch(1);
  private volatile PodmanClient.@Nullable EventStream stream;

  /**
   * Creates the agent for a node that {@link Reconciler#up} has just made match its description.
   *
   * @param node the description
   * @param podman the client
   * @param probe the health probe
   * @param clock the time source
   * @param meters where the per-role meters go
   * @param threads makes the supervisor and event threads
   */
  public NodeAgent(NodeDescription node, PodmanClient podman, HealthProbe probe, Clock clock,
      MeterRegistry meters, ThreadFactory threads) {
    this.node = requireNonNull(node, "node");
    this.podman = requireNonNull(podman, "podman");
    Map<String, String> ids = new LinkedHashMap<>();
    for (ContainerView c : podman.list(node.nodeLabel())) {
      ids.put(c.name(), c.id());
    }
    RoleSupervisor engine = null;
    for (NodeDescription.RoleSpec r : node.roles()) {
      String name = dev.estuary.node.internal.description.ContainerPlan.containerName(node,
          r.role());
      // The roles are sorted: the engine comes first, and every frontend watches it.
      RoleSupervisor s = new RoleSupervisor(node, r, ids.get(name), engine, podman, probe, clock,
          meters, threads);
      if (r.role() == Role.ENGINE) {
        engine = s;
      }
      supervisors.put(r.role(), s);
    }
    events = threads.newThread(this::watchEvents);
    events.setName("node-events-" + node.name());
  }

  /** Starts watching events and supervising. */
  public void start() {
    events.start();
    supervisors.values().forEach(RoleSupervisor::start);
  }

  /**
   * Returns the description this agent runs.
   *
   * @return the description
   */
  public NodeDescription node() {
    return node;
  }

  /**
   * Returns what the agent knows about each role.
   *
   * @return the status, engine first
   */
  public NodeStatus status() {
    List<RoleStatus> roles = new ArrayList<>();
    supervisors.values().forEach(s -> roles.add(s.status()));
    return new NodeStatus(node.name(), true, roles);
  }

  /**
   * Restarts one role's container now (stop, start), touching no other.
   *
   * @param role the role
   * @return its status after the start
   * @throws IllegalArgumentException if the node does not run the role
   */
  public RoleStatus restart(Role role) {
    return await(supervisor(role).restart());
  }

  /**
   * Upgrades one role to another image; rolls back if the new container never becomes healthy.
   *
   * @param role the role
   * @param image the new image
   * @return its status once healthy on the new image
   * @throws IllegalArgumentException if the node does not run the role or the image is missing
   * @throws IllegalStateException if the new container failed and the old one was restored
   */
  public RoleStatus upgrade(Role role, String image) {
    return await(supervisor(role).upgrade(image));
  }

  private RoleSupervisor supervisor(Role role) {
    RoleSupervisor s = supervisors.get(role);
    if (s == null) {
      throw new IllegalArgumentException("role '" + role.id() + "': node " + node.name()
          + " does not run it (expected one of: " + String.join(", ", supervisors.values().stream()
              .map(RoleSupervisor::role).toList()) + ")");
    }
    return s;
  }

  private static RoleStatus await(java.util.concurrent.CompletableFuture<RoleStatus> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  /**
   * Stops supervising and removes every container of the node; checks that none is left.
   *
   * @return the names of the removed containers
   * @throws PodmanException if Podman fails, or still lists a container of the node
   */
  public List<String> down() {
    close();
    return removeAll(node, podman);
  }

  /**
   * Removes every container that carries the node's label, supervised or not.
   *
   * @param node the description
   * @param podman the client
   * @return the names of the removed containers
   * @throws PodmanException if Podman fails, or still lists a container of the node afterwards
   */
  public static List<String> removeAll(NodeDescription node, PodmanClient podman) {
    List<String> removed = new ArrayList<>();
    // Frontends first, the engine last: they lose their backend only when they are gone already.
    List<ContainerView> all = new ArrayList<>(podman.list(node.nodeLabel()));
    all.sort(java.util.Comparator.comparing(c -> "engine".equals(c.label(Labels.ROLE))));
    for (ContainerView c : all) {
      podman.stop(c.id(), node.supervision().stopTimeout().toSeconds());
      podman.remove(c.id());
      removed.add(c.name());
    }
    List<ContainerView> left = podman.list(node.nodeLabel());
    if (!left.isEmpty()) {
      throw new PodmanException("podman list containers " + node.nodeLabel() + ": still "
          + left.stream().map(ContainerView::name).toList() + " after removing them", 0, null);
    }
    return removed;
  }

  /** Stops supervising; the containers keep running (an agent restart must not stop the node). */
  @Override
  public void close() {
    if (closed.getCount() == 0) {
      return;
    }
    closed.countDown();
    PodmanClient.EventStream s = stream;
    if (s != null) {
      try {
        s.close();
      } catch (IOException e) {
        log.debug("closing the event stream", e);
      }
    }
    try {
      for (RoleSupervisor sup : supervisors.values()) {
        sup.stop();
      }
      events.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void watchEvents() {
    while (closed.getCount() > 0) {
      try (PodmanClient.EventStream s = podman.events(node.nodeLabel())) {
        stream = s;
        if (closed.getCount() == 0) {
          return;
        }
        for (PodmanEvent e = s.next(); e != null; e = s.next()) {
          dispatch(e);
        }
      } catch (IOException | RuntimeException e) {
        if (closed.getCount() > 0) {
          log.warn("node {}: Podman event stream: {}; reopening", node.name(), e.getMessage());
        }
      }
      try {
        // The probes catch what happens meanwhile; wait a little before asking Podman again.
        if (closed.await(1, TimeUnit.SECONDS)) {
          return;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void dispatch(PodmanEvent e) {
    if (!"died".equals(e.action())) {
      return;
    }
    String role = e.actor().attribute(Labels.ROLE);
    Role r = role == null ? null : role.equals("engine") ? Role.ENGINE : Role.frontend(role);
    RoleSupervisor s = r == null ? null : supervisors.get(r);
    if (s != null) {
      Integer code = null;
      String exit = e.actor().attribute("containerExitCode");
      if (exit != null && exit.matches("-?\\d{1,9}")) {
        code = Integer.parseInt(exit);
      }
      s.died(e.actor().id(), code, java.time.Instant.EPOCH.plusNanos(e.timeNano()));
    }
  }
}
