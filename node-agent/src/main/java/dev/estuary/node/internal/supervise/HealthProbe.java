package dev.estuary.node.internal.supervise;

import dev.estuary.node.internal.description.NodeDescription;

/**
 * The agent's own check that a container serves. Podman's healthchecks run from systemd timers,
 * which a RAM-booted node may not have (shared/notes/appliance.md §2), so the agent probes itself.
 */
@FunctionalInterface
public interface HealthProbe {
  /**
   * Probes one role once.
   *
   * @param role the role's specification (its admin port)
   * @return null when healthy, else why not
   */
  @org.jspecify.annotations.Nullable String check(NodeDescription.RoleSpec role);
}
