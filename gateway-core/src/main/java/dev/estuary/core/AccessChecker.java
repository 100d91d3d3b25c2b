package dev.estuary.core;

import static java.util.Objects.requireNonNull;

import dev.estuary.dfs.Attributes;
import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.ErrorKind;
import dev.estuary.dfs.Ownership;
import dev.estuary.dfs.Volume;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The one POSIX permission check every frontend uses (DESIGN §5): the per-volume grant of the
 * {@link Authorizer} on top, then mode bits and ownership as the Linux VFS checks them ({@code
 * generic_permission}, {@code may_delete}, {@code check_sticky}, {@code chown_ok}, {@code
 * inode_owner_or_capable}). Every operation method needs the grant first: reads need {@link
 * Permission#READ}, anything that changes the namespace, data, attributes or xattrs needs {@link
 * Permission#WRITE}; a caller without the grant is refused whatever the mode bits say.
 *
 * <p><b>Roles.</b>
 *
 * <ul>
 *   <li><b>Root.</b> A caller with uid 0, the gateway admin (the user store's {@code admin} flag)
 *       and a holder of the {@code admin} grant on a volume act as root on that volume, as a
 *       storage administrator expects of the people who own the storage: they read, write, remove,
 *       chmod and chown anything there, and the sticky bit does not stop them. Like root they
 *       search any directory but execute a file only if some execute bit is set. They never act as
 *       root on a volume where they hold no admin grant (a volume admin of {@code a} is an ordinary
 *       user on {@code b}). NFS root squashing happens before the check, when the frontend maps the
 *       request's credentials to a user.
 *   <li><b>The volume's group.</b> Every volume has a group ({@link VolumeDefaults#gid()}). A user
 *       holding any grant on the volume counts as a member of that group there, in addition to the
 *       user's own groups; the grant still caps what they do (a reader cannot write through group
 *       bits). So what S3 and the dataset service create (files 0664, directories 0775, the
 *       volume's group) can be replaced and deleted by every user granted write, as in an S3
 *       bucket, while a file someone made 0600 through NFS or SMB stays private.
 * </ul>
 *
 * <p>Stateless and thread-safe. The {@link CheckedVolume} decorator applies these checks to every
 * {@link Volume} call; frontends use the {@code may*} methods directly where they skip instead of
 * fail (a listing that leaves out what the caller may not read).
 */
public final class AccessChecker {
  private static final int R = PosixAccess.READ;
  private static final int W = PosixAccess.WRITE;
  private static final int X = PosixAccess.EXECUTE;
  private static final int STICKY = 01000;
  private static final int SETGID = 02000;

  private final Authorizer authorizer;

  /**
   * Creates a checker over the per-volume grants.
   *
   * @param authorizer answers the grant questions
   */
  public AccessChecker(Authorizer authorizer) {
    this.authorizer = requireNonNull(authorizer, "authorizer");
  }

  /**
   * Returns every group a principal belongs to, primary included. The one place that reads groups
   * off a {@link Principal}.
   *
   * @param principal the user
   * @return its groups
   */
  public static Set<Integer> groupsOf(Principal principal) {
    return principal.gids();
  }

  /**
   * Returns who the principal is on a volume: grant, groups (the volume's group added when there
   * is a grant) and whether they act as root.
   *
   * @param principal the authenticated user
   * @param volume the volume name
   * @param volumeGid the volume's group ({@link VolumeDefaults#gid()})
   * @return the caller
   */
  public Caller caller(Principal principal, String volume, int volumeGid) {
    Permission grant = null;
    for (Permission p : Permission.values()) {
      if (authorizer.allows(principal, volume, p)) {
        grant = p;
      }
    }
    Set<Integer> gids = new HashSet<>(groupsOf(principal));
    if (grant != null) {
      gids.add(volumeGid);
    }
    boolean root = grant != null && (principal.uid() == 0 || grant == Permission.ADMIN);
    return new Caller(principal.name(), principal.uid(), gids, grant, root);
  }

  /**
   * Opens the view of a volume a principal may use: every call checked, the volume's defaults for
   * what the caller creates.
   *
   * @param volume the undecorated volume
   * @param principal the authenticated user
   * @return the checked view, for one request or call (it caches directory attributes briefly)
   */
  public CheckedVolume open(Volume volume, Principal principal) {
    VolumeDefaults defaults = VolumeDefaults.read(volume);
    return new CheckedVolume(volume, caller(principal, volume.name(), defaults.gid()), defaults, this);
  }

  // ---- Operations ----

  /**
   * May the caller read the object's data (or an extended attribute of it)?
   *
   * @param c the caller
   * @param obj the object
   * @return read grant and read permission
   */
  public boolean mayRead(Caller c, Attributes obj) {
    return c.granted(Permission.READ) && bits(c, obj, R);
  }

  /**
   * May the caller change the object's data, size or extended attributes?
   *
   * @param c the caller
   * @param obj the object
   * @return write grant and write permission
   */
  public boolean mayWrite(Caller c, Attributes obj) {
    return c.granted(Permission.WRITE) && bits(c, obj, W);
  }

  /**
   * May the caller look names up in a directory?
   *
   * @param c the caller
   * @param dir the directory
   * @return read grant and search (execute) permission on a directory
   */
  public boolean maySearch(Caller c, Attributes dir) {
    return c.granted(Permission.READ) && dir.isDirectory() && bits(c, dir, X);
  }

  /**
   * May the caller reach an object through a path: search permission on every directory on it.
   *
   * @param c the caller
   * @param ancestors the directories from the root down to the object's parent
   * @return whether every one may be searched
   */
  public boolean maySearchPath(Caller c, List<Attributes> ancestors) {
    for (Attributes dir : ancestors) {
      if (!maySearch(c, dir)) {
        return false;
      }
    }
    return c.granted(Permission.READ);
  }

  /**
   * May the caller list a directory's names?
   *
   * @param c the caller
   * @param dir the directory
   * @return read grant and read permission on a directory
   */
  public boolean mayList(Caller c, Attributes dir) {
    return c.granted(Permission.READ) && dir.isDirectory() && bits(c, dir, R);
  }

  /**
   * May the caller add an entry to a directory (create, mkdir, symlink, link, rename into)?
   *
   * @param c the caller
   * @param dir the directory
   * @return write grant, and write and search permission on a directory
   */
  public boolean mayCreateIn(Caller c, Attributes dir) {
    return c.granted(Permission.WRITE) && dir.isDirectory() && bits(c, dir, W | X);
  }

  /**
   * May the caller give a new object this owner? Root may give any; others only themselves, with
   * one of their groups or the group of a setgid directory it is created in.
   *
   * @param c the caller
   * @param dir the directory it is created in, or null for an unlinked object
   * @param owner the owner asked for
   * @return whether the ownership is the caller's to give
   */
  public boolean mayCreateAs(Caller c, @Nullable Attributes dir, Ownership owner) {
    if (!c.granted(Permission.WRITE)) {
      return false;
    }
    if (c.root()) {
      return true;
    }
    boolean inherited = dir != null && (dir.mode() & SETGID) != 0 && owner.gid() == dir.gid();
    return owner.uid() == c.uid() && (c.gids().contains(owner.gid()) || inherited);
  }

  /**
   * May the caller remove (or replace, or rename away) an entry of a directory? Write and search
   * on the directory; in a sticky directory also ownership of the entry or of the directory.
   *
   * @param c the caller
   * @param dir the directory
   * @param entry the entry's object
   * @return whether removal is allowed
   */
  public boolean mayRemove(Caller c, Attributes dir, Attributes entry) {
    return mayCreateIn(c, dir) && stickyAllows(c, dir, entry);
  }

  /**
   * Does the sticky bit of a directory let the caller remove an entry? True when the directory is
   * not sticky, or the caller owns the entry or the directory, or acts as root.
   *
   * @param c the caller
   * @param dir the directory
   * @param entry the entry's object
   * @return whether the sticky rule allows it
   */
  public boolean stickyAllows(Caller c, Attributes dir, Attributes entry) {
    return stickyAllowsAny(c, dir) || entry.uid() == c.uid();
  }

  /**
   * Does the sticky bit of a directory let the caller remove any of its entries, whoever owns
   * them? True when the directory is not sticky, or the caller owns it or acts as root; then
   * {@link #stickyAllows} holds for every entry without looking at it.
   *
   * @param c the caller
   * @param dir the directory
   * @return whether the sticky rule allows removing every entry
   */
  public boolean stickyAllowsAny(Caller c, Attributes dir) {
    return (dir.mode() & STICKY) == 0 || c.root() || dir.uid() == c.uid();
  }

  /**
   * May the caller change the object's mode bits? Its owner and root may.
   *
   * @param c the caller
   * @param obj the object
   * @return write grant and ownership
   */
  public boolean mayChangeMode(Caller c, Attributes obj) {
    return c.granted(Permission.WRITE) && (c.root() || obj.uid() == c.uid());
  }

  /**
   * May the caller change the object's owner or group? Root may change both; the owner may set
   * the group to one of the caller's groups and may "change" the owner to itself.
   *
   * @param c the caller
   * @param obj the object
   * @param uid the new owner, or null to keep it
   * @param gid the new group, or null to keep it
   * @return whether the change is allowed
   */
  public boolean mayChangeOwner(Caller c, Attributes obj, @Nullable Integer uid, @Nullable Integer gid) {
    if (!c.granted(Permission.WRITE)) {
      return false;
    }
    if (c.root()) {
      return true;
    }
    boolean owner = obj.uid() == c.uid();
    boolean uidOk = uid == null || (owner && uid == obj.uid());
    boolean gidOk = gid == null || (owner && (gid == obj.gid() || c.gids().contains(gid)));
    return uidOk && gidOk;
  }

  /**
   * May the caller set the object's times? The owner and root may set any time; others with
   * write permission may only set them to the current time ({@code utimensat} with {@code
   * UTIME_NOW}).
   *
   * @param c the caller
   * @param obj the object
   * @param toNow whether the times are set to the current time
   * @return whether the change is allowed
   */
  public boolean maySetTimes(Caller c, Attributes obj, boolean toNow) {
    if (!c.granted(Permission.WRITE)) {
      return false;
    }
    return c.root() || obj.uid() == c.uid() || (toNow && bits(c, obj, W));
  }

  /**
   * Returns the error for a refused operation, naming the caller, what they wanted and why.
   *
   * @param c the caller
   * @param volume the volume name
   * @param action what was refused, e.g. {@code "read"}
   * @param obj the object the check was on
   * @param needed the grant the action needs
   * @param expected what would have allowed it, e.g. {@code "read permission"}
   * @param kind {@link ErrorKind#ACCESS_DENIED} for a mode bit, {@link ErrorKind#NOT_PERMITTED}
   *     for an ownership rule (chmod, chown, times, sticky bit, hard link), as Linux returns EACCES
   *     and EPERM; a missing grant is always {@link ErrorKind#ACCESS_DENIED}
   * @return the error
   */
  public DfsException denied(Caller c, String volume, String action, Attributes obj, Permission needed,
      String expected, ErrorKind kind) {
    String who = "user '" + c.name() + "' (uid " + Integer.toUnsignedString(c.uid()) + ") on volume '"
        + volume + "'";
    if (!c.granted(needed)) {
      String p = needed.name().toLowerCase(Locale.ROOT);
      return new DfsException(ErrorKind.ACCESS_DENIED,
          who + ": no " + p + " permission (expected: a grant of " + p + " or higher)");
    }
    return new DfsException(kind,
        who + ": may not " + action + " " + obj.type().name().toLowerCase(Locale.ROOT) + " (mode 0" + Integer.toOctalString(obj.mode()) + ", owner "
            + Integer.toUnsignedString(obj.uid()) + ":" + Integer.toUnsignedString(obj.gid())
            + "; expected: " + expected + ")");
  }

  /** The mode-bit test, with root's rules for a caller acting as root (uid 0 or an admin). */
  private static boolean bits(Caller c, Attributes obj, int wanted) {
    if (c.root()) {
      return (wanted & X) == 0 || obj.isDirectory() || (obj.mode() & 0111) != 0;
    }
    return PosixAccess.permits(obj, c.uid(), c.gids(), wanted);
  }
}
