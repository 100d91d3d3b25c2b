package dev.estuary.core;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * An authenticated user as frontends see it: who, with which POSIX ids, and what they may do. It
 * holds no credential. A plain immutable value, so a remote identity service can send it as is.
 *
 * @param name the user name
 * @param uid the POSIX user id used for object ownership and mode-bit checks
 * @param gid the primary POSIX group id
 * @param admin whether the user has the global admin role (every permission on every volume)
 * @param volumes the permission granted per volume name; {@code *} applies to every volume
 * @param gids every group of the user, the primary {@code gid} included (it is added if missing):
 *     what mode-bit checks compare an object's group with
 * @param createBuckets whether the user may create buckets (volumes) through an object protocol,
 *     becoming their owner; true by default, as every AWS user may, revoked by the administrator
 *     ({@code estuary user create-buckets NAME deny})
 */
public record Principal(
    String name, int uid, int gid, boolean admin, Map<String, Permission> volumes,
    Set<Integer> gids, boolean createBuckets) {
  /** Validates and copies the components. */
  public Principal {
    requireNonNull(name, "name");
    volumes = Map.copyOf(new TreeMap<>(volumes));
    TreeSet<Integer> all = new TreeSet<>(gids);
    all.add(gid);
    gids = Set.copyOf(all);
  }

  /**
   * Creates a principal who may create buckets.
   *
   * @param name the user name
   * @param uid the uid
   * @param gid the primary gid
   * @param admin the global admin role
   * @param volumes the grants per volume
   * @param gids every group of the user
   */
  public Principal(String name, int uid, int gid, boolean admin, Map<String, Permission> volumes,
      Set<Integer> gids) {
    this(name, uid, gid, admin, volumes, gids, true);
  }

  /**
   * Returns this principal with other per-volume grants (the S3 frontend adds, for one request,
   * the grant a bucket policy or ACL gives).
   *
   * @param grants the grants per volume
   * @return the changed copy
   */
  public Principal withVolumes(Map<String, Permission> grants) {
    return new Principal(name, uid, gid, admin, grants, gids, createBuckets);
  }

  /**
   * Creates a principal whose only group is its primary group.
   *
   * @param name the user name
   * @param uid the uid
   * @param gid the primary gid
   * @param admin the global admin role
   * @param volumes the grants per volume
   */
  public Principal(String name, int uid, int gid, boolean admin, Map<String, Permission> volumes) {
    this(name, uid, gid, admin, volumes, Set.of(gid), true);
  }
}
