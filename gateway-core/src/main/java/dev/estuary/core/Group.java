package dev.estuary.core;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.TreeSet;

/**
 * A POSIX group of the identity service: a unique name, a gid that is never given to another
 * group, and the users that have it as a supplementary group (DESIGN §5). A plain immutable value.
 *
 * @param name the group name, unique among users and groups
 * @param gid the gid (unsigned 32-bit in an int)
 * @param members the names of the users with this supplementary group, in name order
 */
public record Group(String name, int gid, List<String> members) {
  /** Validates and copies the components. */
  public Group {
    requireNonNull(name, "name");
    members = List.copyOf(new TreeSet<>(members));
  }
}
