package dev.estuary.node.internal.cli;

import dev.estuary.node.internal.description.NodeDescription;
import dev.estuary.node.internal.description.Role;

/** Resolves a role named on the command line. */
final class Roles {
  private Roles() {}

  static Role of(NodeDescription node, String id) {
    Role r = id.equals("engine") ? Role.ENGINE : Role.frontend(id);
    if (r == null || node.role(r) == null) {
      throw new IllegalArgumentException("ROLE: '" + id + "' (expected one of this node's roles: "
          + String.join(", ", node.roles().stream().map(s -> s.role().id()).toList()) + ")");
    }
    return r;
  }
}
