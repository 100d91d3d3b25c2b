package dev.estuary.node.internal.supervise;

import java.util.List;

/**
 * The node as {@code GET /api/v1/node} and {@code estuary node status} show it.
 *
 * @param node the node name
 * @param supervised whether a running agent supervises it (false: read from Podman alone)
 * @param roles each role's container, engine first
 */
public record NodeStatus(String node, boolean supervised, List<RoleStatus> roles) {
  /** Copies the roles. */
  public NodeStatus {
    roles = List.copyOf(roles);
  }
}
