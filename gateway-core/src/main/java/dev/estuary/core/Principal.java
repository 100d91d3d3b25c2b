package dev.estuary.core;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.TreeMap;

/**
 * An authenticated user as frontends see it: who, with which POSIX ids, and what they may do. It
 * holds no credential.
 *
 * @param name the user name
 * @param uid the POSIX user id used for object ownership and mode-bit checks
 * @param gid the primary POSIX group id
 * @param admin whether the user has the global admin role (every permission on every volume)
 * @param volumes the permission granted per volume name; {@code *} applies to every volume
 */
public record Principal(
    String name, int uid, int gid, boolean admin, Map<String, Permission> volumes) {
  /** Validates and copies the components. */
  public Principal {
    requireNonNull(name, "name");
    volumes = Map.copyOf(new TreeMap<>(volumes));
  }
}
