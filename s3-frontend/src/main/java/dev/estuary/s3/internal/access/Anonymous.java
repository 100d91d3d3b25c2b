package dev.estuary.s3.internal.access;

import dev.estuary.core.Principal;
import java.util.Map;
import java.util.Set;

/**
 * The principal of a request that carries no signature at all (no {@code Authorization} header,
 * no presigned query parameters). It holds no grant: a bucket policy naming {@code "*"} or an ACL
 * granting AllUsers is the only way it is allowed anything, and then for that one request only
 * ({@link AccessControl}).
 *
 * <p>Its POSIX identity is the unprivileged {@code nobody}/{@code nogroup} pair (65534), as NFS
 * squashes anonymous callers: what it reads passes the mode-bit checks only through the "other"
 * bits, or the volume's group bits when the policy or ACL gave it the volume's grant for the
 * request (as any granted user). It never acts as root, never matches a {@code CanonicalUser}
 * grant or a named policy principal, and its name cannot be a user's name (user names have no
 * {@code *}).
 */
public final class Anonymous {
  /** The uid and gid of {@code nobody}. */
  public static final int NOBODY = 65534;

  /** The anonymous principal. */
  public static final Principal PRINCIPAL =
      new Principal("*anonymous*", NOBODY, NOBODY, false, Map.of(), Set.of(NOBODY), false);

  private Anonymous() {}

  /**
   * Returns whether a principal is the anonymous one (with or without a per-request grant).
   *
   * @param p the principal
   * @return true for anonymous requests
   */
  public static boolean is(Principal p) {
    return p.name().equals(PRINCIPAL.name()) && p.uid() == NOBODY && !p.admin();
  }
}
