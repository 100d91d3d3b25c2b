package dev.estuary.core;

import java.util.List;

/**
 * The credential of one NFS call as the RPC layer decoded it (RFC 5531 §A): AUTH_SYS with the
 * client-asserted uid, gid and supplementary gids, or AUTH_NONE. A plain immutable value.
 *
 * @param authSys true for AUTH_SYS, false for AUTH_NONE (then the ids are ignored)
 * @param uid the AUTH_SYS uid
 * @param gid the AUTH_SYS primary gid
 * @param gids the AUTH_SYS supplementary gids (at most 16 on the wire)
 */
public record NfsCredential(boolean authSys, int uid, int gid, List<Integer> gids) {
  /** The AUTH_NONE credential. */
  public static final NfsCredential NONE = new NfsCredential(false, 0, 0, List.of());

  /** Copies the components. */
  public NfsCredential {
    gids = List.copyOf(gids);
  }

  /**
   * Creates an AUTH_SYS credential.
   *
   * @param uid the uid
   * @param gid the primary gid
   * @param gids the supplementary gids
   * @return the credential
   */
  public static NfsCredential authSys(int uid, int gid, List<Integer> gids) {
    return new NfsCredential(true, uid, gid, gids);
  }
}
