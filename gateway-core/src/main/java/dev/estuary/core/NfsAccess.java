package dev.estuary.core;

import static java.util.Objects.requireNonNull;

import java.util.Set;
import java.util.TreeSet;

/**
 * What the export rules of a volume decide for one NFS caller: the effective identity to check
 * mode bits with, or a refusal. Plain immutable values.
 */
public sealed interface NfsAccess {

  /**
   * The caller may use the volume with these ids.
   *
   * @param uid the effective uid (the anonymous uid when squashed)
   * @param gid the effective primary gid
   * @param gids every effective group, the primary included
   * @param readOnly whether the rule allows reading only
   * @param squashed whether any id was replaced by an anonymous one
   */
  record Granted(int uid, int gid, Set<Integer> gids, boolean readOnly, boolean squashed)
      implements NfsAccess {
    /** Copies the components and adds the primary gid to {@code gids}. */
    public Granted {
      TreeSet<Integer> all = new TreeSet<>(gids);
      all.add(gid);
      gids = Set.copyOf(all);
    }
  }

  /**
   * The caller may not use the volume at all (NFS4ERR_ACCESS / NFS4ERR_WRONGSEC at mount).
   *
   * @param reason what was refused and why, for logs; never shown to the client
   */
  record Refused(String reason) implements NfsAccess {
    /** Validates the component. */
    public Refused {
      requireNonNull(reason, "reason");
    }
  }
}
