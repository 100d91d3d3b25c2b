package dev.estuary.core;

import static java.util.Objects.requireNonNull;

import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Who asks, as the permission check sees them on one volume (DESIGN §5): the POSIX ids, the grant
 * on that volume and whether mode bits bind them. Built by {@link AccessChecker#caller} from a
 * {@link Principal}; frontends never build one by hand except in tests.
 *
 * @param name the user name, for error messages
 * @param uid the POSIX user id
 * @param gids every group the mode-bit check counts the caller in on this volume: the user's own
 *     groups (primary included) and the volume's group when the caller holds a grant on the volume
 *     (see {@link AccessChecker})
 * @param grant the caller's permission on the volume, or null for none (then nothing is allowed)
 * @param root whether the caller acts as root on this volume: uid 0, the gateway admin, or a
 *     holder of the {@link Permission#ADMIN} grant on it; root skips read, write and search bits,
 *     ownership and the sticky bit, but never the grant
 */
public record Caller(String name, int uid, Set<Integer> gids, @Nullable Permission grant, boolean root) {
  /** Validates and copies the components. */
  public Caller {
    requireNonNull(name, "name");
    gids = Set.copyOf(gids);
  }

  /**
   * Returns whether the caller's grant includes {@code wanted}.
   *
   * @param wanted the permission asked for
   * @return false without a grant
   */
  public boolean granted(Permission wanted) {
    return grant != null && grant.implies(wanted);
  }
}
