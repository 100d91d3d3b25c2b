package dev.estuary.node.internal.supervise;

import dev.estuary.node.internal.description.ContainerPlan;
import dev.estuary.node.internal.description.Labels;
import dev.estuary.node.internal.description.NodeDescription;
import dev.estuary.node.internal.description.Role;
import dev.estuary.node.internal.podman.ContainerView;
import dev.estuary.node.internal.podman.PodmanClient;
import dev.estuary.node.internal.podman.PodmanException;
import dev.estuary.node.internal.podman.SpecGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Makes Podman match a description (after {@link Preflight}): creates what is missing, replaces what
 * differs from the plan (by the spec-hash label), starts what is stopped, leaves what matches, and
 * removes this node's containers that the description no longer has. The engine comes first. If a
 * Podman call fails half-way, the containers this run created are removed again.
 */
public final class Reconciler {
  private Reconciler() {}

  /**
   * What {@code up} did to one container.
   *
   * @param container the container name
   * @param action {@code created}, {@code replaced}, {@code started}, {@code unchanged} or
   *     {@code removed}
   * @param id its id (empty when removed)
   */
  public record Action(String container, String action, String id) {}

  /**
   * Reconciles.
   *
   * @param node the description
   * @param podman the client
   * @param existing the node's containers, from {@link Preflight#check}
   * @return what was done, engine first
   */
  public static List<Action> up(NodeDescription node, PodmanClient podman,
      List<ContainerView> existing) {
    directories(node);
    Map<String, ContainerView> have = new LinkedHashMap<>();
    existing.forEach(c -> have.put(c.name(), c));
    List<Action> done = new ArrayList<>();
    List<String> created = new ArrayList<>();
    try {
      for (NodeDescription.RoleSpec r : node.roles()) {
        SpecGenerator want = ContainerPlan.spec(node, r);
        ContainerView c = have.remove(want.name());
        if (c != null && want.labels().get(Labels.SPEC).equals(c.label(Labels.SPEC))) {
          if (c.running()) {
            done.add(new Action(want.name(), "unchanged", c.id()));
          } else {
            podman.start(c.id());
            done.add(new Action(want.name(), "started", c.id()));
          }
          continue;
        }
        if (c != null) {
          podman.remove(c.id());
        }
        String id = podman.create(want);
        created.add(id);
        podman.start(id);
        done.add(new Action(want.name(), c == null ? "created" : "replaced", id));
      }
    } catch (PodmanException e) {
      for (String id : created) {
        try {
          podman.remove(id);
        } catch (PodmanException again) {
          e.addSuppressed(again);
        }
      }
      throw e;
    }
    for (ContainerView stale : have.values()) {
      podman.remove(stale.id());
      done.add(new Action(stale.name(), "removed", ""));
    }
    return done;
  }

  private static void directories(NodeDescription node) {
    try {
      Files.createDirectories(node.dataDirectory());
      Files.createDirectories(node.socketDirectory());
      for (NodeDescription.RoleSpec r : node.roles()) {
        if (r.role() != Role.ENGINE) {
          Files.createDirectories(ContainerPlan.frontendDirectory(node, r.role()));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("node " + node.name() + ": cannot create its directories ("
          + e.getMessage() + ")", e);
    }
  }
}
