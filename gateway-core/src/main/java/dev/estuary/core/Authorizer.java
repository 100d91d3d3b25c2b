package dev.estuary.core;

import static java.util.Objects.requireNonNull;

import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.ErrorKind;

/**
 * Answers "may principal P do READ, WRITE or ADMIN on volume V" from the per-volume grants of the
 * user store (DESIGN §5). Global admins may do everything; a grant on {@code *} applies to every
 * volume; a higher permission includes the lower ones. Nothing is allowed without a grant:
 * nothing is anonymous by default. Stateless and thread-safe.
 */
public final class Authorizer {

  /** The volume name whose grant applies to every volume. */
  public static final String ALL_VOLUMES = "*";

  /** Creates an authoriser. */
  public Authorizer() {}

  /**
   * Returns whether the principal may act on the volume.
   *
   * @param principal who asks
   * @param volume the volume name
   * @param wanted what they want to do
   * @return true if allowed
   */
  public boolean allows(Principal principal, String volume, Permission wanted) {
    requireNonNull(volume, "volume");
    requireNonNull(wanted, "wanted");
    if (principal.admin()) {
      return true;
    }
    Permission direct = principal.volumes().get(volume);
    Permission global = principal.volumes().get(ALL_VOLUMES);
    return (direct != null && direct.implies(wanted)) || (global != null && global.implies(wanted));
  }

  /**
   * Checks that the principal may act on the volume.
   *
   * @param principal who asks
   * @param volume the volume name
   * @param wanted what they want to do
   * @throws DfsException {@link ErrorKind#ACCESS_DENIED} naming the user, volume and permission
   */
  public void check(Principal principal, String volume, Permission wanted) {
    if (!allows(principal, volume, wanted)) {
      throw new DfsException(
          ErrorKind.ACCESS_DENIED,
          "user '" + principal.name() + "' on volume '" + volume + "': no "
              + wanted.name().toLowerCase(java.util.Locale.ROOT) + " permission (expected: a grant of "
              + wanted.name().toLowerCase(java.util.Locale.ROOT) + " or higher)");
    }
  }
}
