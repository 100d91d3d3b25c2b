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
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Makes Podman match a description (after {@link Preflight}): creates what is missing, replaces what
 * differs from the plan (by the spec-hash label), starts what is stopped, leaves what matches, and
 * removes this node's containers that the description no longer has. The engine comes first, and
 * when it was (re)started, the frontends are started once it answers its health probe (or its start
 * grace is over): a frontend started before the engine's socket is there would only fail and be
 * restarted. If a Podman call fails half-way, the containers this run created are removed again.
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
   * @param probe the health probe that tells when a (re)started engine is ready
   * @return what was done, engine first
   */
  public static List<Action> up(NodeDescription node, PodmanClient podman,
      List<ContainerView> existing, HealthProbe probe) {
    directories(node, podman);
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
            if (r.role() == Role.ENGINE) {
              awaitReady(node, r, probe);
            }
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
        if (r.role() == Role.ENGINE) {
          awaitReady(node, r, probe);
        }
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

  private static void awaitReady(NodeDescription node, NodeDescription.RoleSpec engine,
      HealthProbe probe) {
    long deadline = System.nanoTime() + node.supervision().startGrace().toNanos();
    while (probe.check(engine) != null && System.nanoTime() < deadline) {
      try {
        Thread.sleep(node.supervision().probeInterval());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /**
   * Creates the host directories the containers mount and gives each to the user its image runs
   * as (the role images run as a non-root user): the data and socket directories to the engine's,
   * a frontend's own directory to that frontend's. Only the directory itself changes owner, never
   * its contents (a data directory may hold millions of files, all the engine's already).
   */
  static void directories(NodeDescription node, PodmanClient podman) {
    try {
      for (NodeDescription.RoleSpec r : node.roles()) {
        String user = podman.imageUser(r.image());
        if (r.role() == Role.ENGINE) {
          own(Files.createDirectories(node.dataDirectory()), user, "rwxr-x---");
          // The frontends reach engine.sock here; they run as the engine's user or its group.
          own(Files.createDirectories(node.socketDirectory()), user, "rwxrwx---");
        } else {
          own(Files.createDirectories(ContainerPlan.frontendDirectory(node, r.role())), user,
              "rwxr-x---");
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("node " + node.name() + ": cannot create its directories ("
          + e.getMessage() + ")", e);
    }
  }

  private static void own(Path dir, String user, String mode) throws IOException {
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString(mode));
    if (user.isEmpty() || user.equals("root") || user.equals("0")) {
      return;
    }
    String[] ids = user.split(":", 2);
    if (!ids[0].matches("\\d{1,9}") || (ids.length > 1 && !ids[1].matches("\\d{1,9}"))) {
      throw new IOException("image user '" + user + "' (expected: numeric uid[:gid], so that the"
          + " agent can give " + dir + " to it)");
    }
    int uid = Integer.parseInt(ids[0]);
    int gid = ids.length > 1 ? Integer.parseInt(ids[1]) : uid;
    Files.setAttribute(dir, "unix:uid", uid);
    Files.setAttribute(dir, "unix:gid", gid);
  }
}
