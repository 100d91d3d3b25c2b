package dev.estuary.core;

import dev.estuary.dfs.Attributes;
import java.util.Set;

/**
 * The POSIX permission check on one object's mode bits (owner, group, other), as the Linux kernel's
 * {@code generic_permission} does it: the owner class applies if the uid matches, else the group
 * class if any of the caller's groups matches, else other. Root (uid 0) may read and write
 * anything and may execute (search) anything that is a directory or has any execute bit.
 */
public final class PosixAccess {
  /** Read permission bit, as in {@code R_OK}. */
  public static final int READ = 4;
  /** Write permission bit, as in {@code W_OK}. */
  public static final int WRITE = 2;
  /** Execute or search permission bit, as in {@code X_OK}. */
  public static final int EXECUTE = 1;

  private PosixAccess() {}

  /**
   * Checks access to an object.
   *
   * @param attributes the object's attributes
   * @param uid the caller's uid
   * @param gids the caller's groups, primary included
   * @param wanted an OR of {@link #READ}, {@link #WRITE} and {@link #EXECUTE}
   * @return whether every wanted bit is granted
   */
  public static boolean permits(Attributes attributes, int uid, Set<Integer> gids, int wanted) {
    return permits(
        attributes.mode(), attributes.uid(), attributes.gid(), attributes.isDirectory(), uid, gids,
        wanted);
  }

  /**
   * Checks access against raw mode bits.
   *
   * @param mode the object's permission bits ({@code 07777})
   * @param ownerUid the object's owner
   * @param ownerGid the object's group
   * @param directory whether the object is a directory (root may always search one)
   * @param uid the caller's uid
   * @param gids the caller's groups, primary included
   * @param wanted an OR of {@link #READ}, {@link #WRITE} and {@link #EXECUTE}
   * @return whether every wanted bit is granted
   */
  public static boolean permits(
      int mode, int ownerUid, int ownerGid, boolean directory, int uid, Set<Integer> gids,
      int wanted) {
    if ((wanted & ~7) != 0) {
      throw new IllegalArgumentException(
          "wanted: " + wanted + " (expected: an OR of READ 4, WRITE 2, EXECUTE 1)");
    }
    if (uid == 0) {
      boolean exec = (wanted & EXECUTE) == 0 || directory || (mode & 0111) != 0;
      return exec;
    }
    int bits;
    if (uid == ownerUid) {
      bits = (mode >> 6) & 7;
    } else if (gids.contains(ownerGid)) {
      bits = (mode >> 3) & 7;
    } else {
      bits = mode & 7;
    }
    return (bits & wanted) == wanted;
  }
}
