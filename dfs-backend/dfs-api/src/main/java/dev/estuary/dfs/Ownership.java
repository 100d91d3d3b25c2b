package dev.estuary.dfs;

/**
 * The POSIX owner of a new object. The backend stores it; authorisation against it happens in the
 * gateway, as in libdfs, where uid/gid are stored but access control is the caller's job.
 *
 * @param uid the owning user id (unsigned 32-bit)
 * @param gid the owning group id (unsigned 32-bit)
 */
public record Ownership(int uid, int gid) {
  /** Root ownership, uid 0 and gid 0. */
  public static final Ownership ROOT = new Ownership(0, 0);
}
