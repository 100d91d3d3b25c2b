package dev.estuary.core;

import static java.util.Objects.requireNonNull;

import dev.estuary.dfs.Attributes;
import dev.estuary.dfs.CaseLookup;
import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.DirCursor;
import dev.estuary.dfs.DirPage;
import dev.estuary.dfs.DirPositionPage;
import dev.estuary.dfs.EncryptedObjects;
import dev.estuary.dfs.ErrorKind;
import dev.estuary.dfs.FileHandle;
import dev.estuary.dfs.FsStats;
import dev.estuary.dfs.Location;
import dev.estuary.dfs.LockSession;
import dev.estuary.dfs.ObjectId;
import dev.estuary.dfs.OpenMode;
import dev.estuary.dfs.Ownership;
import dev.estuary.dfs.RemoveKind;
import dev.estuary.dfs.RenameMode;
import dev.estuary.dfs.Retention;
import dev.estuary.dfs.RetentionMode;
import dev.estuary.dfs.SetAttributes;
import dev.estuary.dfs.SmallRead;
import dev.estuary.dfs.Volume;
import dev.estuary.dfs.WatchListener;
import dev.estuary.dfs.WatchScope;
import dev.estuary.dfs.WatchSubscription;
import dev.estuary.dfs.XattrMode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;

/**
 * A volume as one caller may use it: every call passes the {@link AccessChecker} first, as the
 * Linux VFS checks a system call before the filesystem sees it. Lookups need search permission on
 * the directory (so {@link #resolve} and {@link #mkdirs} check every ancestor), {@link #readdir}
 * read permission (and search when it returns attributes), {@link #open} read and/or write
 * permission, creating an entry write and search on the directory (and an owner the caller may
 * give), removing, replacing or renaming an entry also the sticky-bit rule, {@link #setAttributes}
 * ownership for mode, owner and times and write permission for the size, {@link #getXattr} read
 * and changing xattrs write permission. {@link #getAttributes}, {@link #location}, {@link
 * #readlink}, {@link #listXattrs}, {@link #statfs} and {@link #sync} need the grant only, as
 * {@code stat} on a handle needs nothing beyond the path already walked.
 *
 * <p>As with {@code open(O_CREAT)}, an object this view created itself ({@link #createUnlinked},
 * exclusive {@link #create}) may be opened for reading and writing whatever mode it was given, so
 * a checkpoint written 0400 can still be written once.
 *
 * <p>Refusals are {@link ErrorKind#ACCESS_DENIED} (grant or mode bits) or {@link
 * ErrorKind#NOT_PERMITTED} (ownership rules). Meant for one request or call: it remembers the
 * attributes of the objects it met, so a path walk costs no extra backend call per component nor
 * opening the file it found one for its check, and a mode changed meanwhile by someone else takes
 * effect at the next request. Thread-safe.
 */
public final class CheckedVolume implements Volume {
  private static final int DIR_CACHE = 1024;

  private final Volume delegate;
  private final Caller caller;
  private final VolumeDefaults defaults;
  private final AccessChecker checker;
  /** The objects met in this request (directories and files), for the checks; see {@link #known}. */
  private final Map<ObjectId, Attributes> dirs = new ConcurrentHashMap<>();
  private final Set<ObjectId> created = ConcurrentHashMap.newKeySet();
  private final boolean allowsEncrypted;

  /**
   * Creates the view; {@link AccessChecker#open} is the usual way.
   *
   * @param delegate the volume
   * @param caller who uses it
   * @param defaults the volume's defaults for what object protocols create
   * @param checker the checks
   */
  public CheckedVolume(Volume delegate, Caller caller, VolumeDefaults defaults, AccessChecker checker) {
    this(delegate, caller, defaults, checker, false);
  }

  private CheckedVolume(Volume delegate, Caller caller, VolumeDefaults defaults,
      AccessChecker checker, boolean allowsEncrypted) {
    this.delegate = requireNonNull(delegate, "delegate");
    this.caller = requireNonNull(caller, "caller");
    this.defaults = requireNonNull(defaults, "defaults");
    this.checker = requireNonNull(checker, "checker");
    this.allowsEncrypted = allowsEncrypted;
  }

  /**
   * Returns a view that opens S3-encrypted objects ({@link EncryptedObjects}) too, for the one
   * frontend that decrypts them (S3). Every other view refuses to open or resize them: the file
   * protocols would read ciphertext or corrupt it.
   *
   * @return a new view for the same caller that lets encrypted objects be opened
   */
  public CheckedVolume allowingEncrypted() {
    return new CheckedVolume(delegate, caller, defaults, checker, true);
  }

  /**
   * Returns who uses this view.
   *
   * @return the caller
   */
  public Caller caller() {
    return caller;
  }

  /**
   * Returns the volume's defaults for new objects.
   *
   * @return the defaults
   */
  public VolumeDefaults defaults() {
    return defaults;
  }

  /**
   * Returns the owner of an object the caller creates through an object protocol: the caller with
   * the volume's group.
   *
   * @return the ownership
   */
  public Ownership newOwner() {
    return defaults.owner(caller.uid());
  }

  /**
   * Returns the checker this view applies, for checks a frontend makes itself (skipping what the
   * caller may not read instead of failing).
   *
   * @return the checker
   */
  public AccessChecker checker() {
    return checker;
  }

  /**
   * May the caller read this object (see {@link AccessChecker#mayRead})?
   *
   * @param obj the object
   * @return whether reading is allowed
   */
  public boolean mayRead(Attributes obj) {
    return checker.mayRead(caller, obj);
  }

  /**
   * May the caller list and enter this directory: read and search permission?
   *
   * @param dir the directory
   * @return whether a walk may descend into it
   */
  public boolean mayDescend(Attributes dir) {
    return checker.mayList(caller, dir) && checker.maySearch(caller, dir);
  }

  @Override
  public String name() {
    return delegate.name();
  }

  @Override
  public ObjectId root() {
    return delegate.root();
  }

  @Override
  public Attributes getAttributes(ObjectId id) {
    Attributes a = delegate.getAttributes(id);
    require(caller.granted(Permission.READ), "stat", a, Permission.READ, "a grant");
    return remember(a);
  }

  @Override
  public Attributes setAttributes(ObjectId id, SetAttributes changes) {
    return setAttributes(id, changes, false);
  }

  /**
   * Changes attributes as {@link #setAttributes(ObjectId, SetAttributes)} does, where the times
   * given are the current time when {@code timesToNow} is true: then write permission on the object
   * is enough to set them, as {@code utimensat} with {@code UTIME_NOW} allows ({@code touch} of a
   * file the caller may write but does not own; NFS SET_TO_SERVER_TIME4).
   *
   * @param id the object
   * @param changes what to change
   * @param timesToNow whether every time in {@code changes} is the current time
   * @return the attributes after the change
   */
  public Attributes setAttributes(ObjectId id, SetAttributes changes, boolean timesToNow) {
    Attributes a = delegate.getAttributes(id);
    if (changes.mode() != null) {
      requireRule(checker.mayChangeMode(caller, a), "change the mode of", a, Permission.WRITE,
          "the owner or root");
    }
    if (changes.uid() != null || changes.gid() != null) {
      requireRule(checker.mayChangeOwner(caller, a, changes.uid(), changes.gid()), "change the owner of",
          a, Permission.WRITE, "root, or the owner setting one of its groups");
    }
    if (changes.accessTime() != null || changes.modifyTime() != null || changes.birthTime() != null) {
      requireRule(checker.maySetTimes(caller, a, timesToNow), "set the times of", a,
          Permission.WRITE, timesToNow ? "the owner, root, or write permission" : "the owner or root");
    }
    if (changes.size() != null) {
      require(checker.mayWrite(caller, a), "truncate", a, Permission.WRITE, "write permission");
      refuseEncrypted(id, "truncate");
    }
    dirs.remove(id);
    return delegate.setAttributes(id, changes);
  }

  @Override
  public Optional<Location> location(ObjectId id) {
    requireGrant(Permission.READ, id);
    return delegate.location(id);
  }

  @Override
  public Attributes lookup(ObjectId parent, String name) {
    Attributes dir = dir(parent);
    require(checker.maySearch(caller, dir), "search", dir, Permission.READ, "search permission");
    return remember(delegate.lookup(parent, name));
  }

  @Override
  public Attributes create(ObjectId parent, String name, int mode, Ownership owner, boolean exclusive) {
    Attributes dir = dir(parent);
    require(checker.maySearch(caller, dir), "search", dir, Permission.READ, "search permission");
    if (!checker.mayCreateIn(caller, dir)) {
      // As open(O_CREAT): an existing file is reported (or returned) before write permission on
      // the directory matters.
      Optional<Attributes> existing = existing(parent, name);
      if (existing.isPresent() && exclusive) {
        throw new DfsException(ErrorKind.EXISTS, "name: '" + name + "' exists (expected: a new name)");
      }
      if (existing.isPresent()) {
        return delegate.create(parent, name, mode, owner, false);
      }
      throw denied("create an entry in", dir, Permission.WRITE, "write and search permission");
    }
    requireOwner(dir, owner);
    Attributes a = delegate.create(parent, name, mode, owner, exclusive);
    if (exclusive) {
      created.add(a.id());
    }
    return a;
  }

  @Override
  public Attributes mkdir(ObjectId parent, String name, int mode, Ownership owner) {
    Attributes dir = dir(parent);
    require(checker.maySearch(caller, dir), "search", dir, Permission.READ, "search permission");
    if (!checker.mayCreateIn(caller, dir)) {
      if (existing(parent, name).isPresent()) {
        // mkdir -p walks existing directories it may not write to (EEXIST comes first in Linux).
        throw new DfsException(ErrorKind.EXISTS, "name: '" + name + "' exists (expected: a new name)");
      }
      throw denied("create an entry in", dir, Permission.WRITE, "write and search permission");
    }
    requireOwner(dir, owner);
    return remember(delegate.mkdir(parent, name, mode, owner));
  }

  @Override
  public Attributes symlink(ObjectId parent, String name, String target, Ownership owner) {
    Attributes dir = dir(parent);
    require(checker.mayCreateIn(caller, dir), "create an entry in", dir, Permission.WRITE,
        "write and search permission");
    requireOwner(dir, owner);
    return delegate.symlink(parent, name, target, owner);
  }

  @Override
  public String readlink(ObjectId id) {
    requireGrant(Permission.READ, id);
    return delegate.readlink(id);
  }

  @Override
  public ObjectId remove(ObjectId parent, String name, RemoveKind kind) {
    Attributes dir = dir(parent);
    require(checker.maySearch(caller, dir), "search", dir, Permission.READ, "search permission");
    Attributes victim = delegate.lookup(parent, name);
    requireRemove(dir, victim);
    dirs.remove(victim.id());
    return delegate.remove(parent, name, kind);
  }

  @Override
  public void rename(ObjectId srcParent, String srcName, ObjectId dstParent, String dstName,
      RenameMode mode) {
    Attributes from = dir(srcParent);
    Attributes to = dir(dstParent);
    require(checker.maySearch(caller, from), "search", from, Permission.READ, "search permission");
    require(checker.maySearch(caller, to), "search", to, Permission.READ, "search permission");
    Attributes src = delegate.lookup(srcParent, srcName);
    requireRemove(from, src);
    require(checker.mayCreateIn(caller, to), "create an entry in", to, Permission.WRITE,
        "write and search permission");
    Optional<Attributes> dst = existing(dstParent, dstName);
    if (dst.isPresent() && mode != RenameMode.NO_REPLACE) {
      requireRemove(to, dst.get());
    }
    if (!srcParent.equals(dstParent)) {
      // A directory moving to another parent has its ".." rewritten: write on it (vfs_rename).
      if (src.isDirectory()) {
        require(checker.mayWrite(caller, src), "move", src, Permission.WRITE, "write permission");
      }
      if (mode == RenameMode.EXCHANGE && dst.isPresent() && dst.get().isDirectory()) {
        require(checker.mayWrite(caller, dst.get()), "move", dst.get(), Permission.WRITE,
            "write permission");
      }
    }
    dirs.remove(src.id());
    delegate.rename(srcParent, srcName, dstParent, dstName, mode);
  }

  @Override
  public Attributes createUnlinked(int mode, Ownership owner) {
    requireGrant(Permission.WRITE, delegate.root());
    if (!checker.mayCreateAs(caller, null, owner)) {
      throw ownerDenied(owner);
    }
    Attributes a = delegate.createUnlinked(mode, owner);
    created.add(a.id());
    return a;
  }

  @Override
  public Attributes link(ObjectId id, ObjectId parent, String name, RenameMode mode) {
    Attributes dir = dir(parent);
    require(checker.mayCreateIn(caller, dir), "create an entry in", dir, Permission.WRITE,
        "write and search permission");
    if (!created.contains(id)) {
      // protected_hardlinks: only an owner (or root, or one who may read and write it) links it.
      Attributes obj = delegate.getAttributes(id);
      requireRule(caller.root() || obj.uid() == caller.uid()
              || (checker.mayRead(caller, obj) && checker.mayWrite(caller, obj)),
          "link", obj, Permission.WRITE, "the owner, or read and write permission");
    }
    // Replacing needs what removing needs: write and search on the directory (checked above) and
    // the sticky rule, which only looks at the replaced entry's owner in a sticky directory the
    // caller neither owns nor administers. Elsewhere the entry is not looked up: an S3 PUT of a
    // new key would pay a failing lookup for nothing.
    if (mode == RenameMode.REPLACE && !checker.stickyAllowsAny(caller, dir)) {
      Optional<Attributes> old = existing(parent, name);
      if (old.isPresent()) {
        requireRemove(dir, old.get());
      }
    }
    return delegate.link(id, parent, name, mode);
  }

  @Override
  public DirPage readdir(ObjectId dir, DirCursor from, int maxEntries, boolean withAttributes) {
    Attributes d = dir(dir);
    require(checker.mayList(caller, d), "list", d, Permission.READ, "read permission");
    if (withAttributes) {
      require(checker.maySearch(caller, d), "search", d, Permission.READ, "search permission");
    }
    return delegate.readdir(dir, from, maxEntries, withAttributes);
  }

  @Override
  public DirPositionPage readdirByPosition(
      ObjectId dir, long afterPosition, int maxEntries, boolean withAttributes) {
    Attributes d = dir(dir);
    require(checker.mayList(caller, d), "list", d, Permission.READ, "read permission");
    if (withAttributes) {
      require(checker.maySearch(caller, d), "search", d, Permission.READ, "search permission");
    }
    return delegate.readdirByPosition(dir, afterPosition, maxEntries, withAttributes);
  }

  @Override
  public CaseLookup lookupIgnoreCase(ObjectId parent, String name) {
    Attributes dir = dir(parent);
    require(checker.maySearch(caller, dir), "search", dir, Permission.READ, "search permission");
    CaseLookup found = delegate.lookupIgnoreCase(parent, name);
    Attributes a = found.entry().attributes();
    if (a != null) {
      remember(a);
    }
    return found;
  }

  /**
   * Subscribes to changes: watching a directory (or a subtree) needs read permission on it, as
   * listing it does, and watching one object needs read permission on that object, since the
   * events tell when and how it changes.
   */
  @Override
  public WatchSubscription watch(
      ObjectId target, WatchScope scope, int queueCapacity, Executor executor, WatchListener listener) {
    Attributes a = delegate.getAttributes(target);
    if (a.isDirectory()) {
      require(checker.mayList(caller, a), "watch", a, Permission.READ, "read permission");
    } else {
      require(checker.mayRead(caller, a), "watch", a, Permission.READ, "read permission");
    }
    return delegate.watch(target, scope, queueCapacity, executor, listener);
  }

  /**
   * Opens a lock session. Sessions carry no access of their own: a file protocol locks a file it
   * has opened through this view, which checked the access then.
   */
  @Override
  public LockSession openSession(String description) {
    return delegate.openSession(description);
  }

  @Override
  public DirCursor cursorAfter(String name) {
    return delegate.cursorAfter(name);
  }

  @Override
  public FileHandle open(ObjectId id, OpenMode mode) {
    Attributes a = known(id);
    if (!created.contains(id)) {
      if (mode.canRead()) {
        require(checker.mayRead(caller, a), "read", a, Permission.READ, "read permission");
      }
      if (mode.canWrite()) {
        require(checker.mayWrite(caller, a), "write", a, Permission.WRITE, "write permission");
      }
    }
    if (a.isFile()) {
      refuseEncrypted(id, "open");
    }
    return delegate.open(id, mode);
  }

  /** Refuses an S3-encrypted object unless this view decrypts ({@link #allowingEncrypted}). */
  /**
   * Checks what {@link #open} for reading and {@link #getXattr} check: read permission (unless
   * this view created the file) and, through a view that does not allow them, no S3-encrypted
   * file. Checked on the attributes and names the read returns, which are the file's as of its
   * opening, before anything reaches the caller: one backend call instead of three (the
   * attributes, the encryption mark, the read).
   */
  @Override
  public SmallRead readSmall(ObjectId id, int maxBytes, Set<String> xattrs) {
    SmallRead r = delegate.readSmall(id, maxBytes, xattrs);
    Attributes a = remember(r.attributes());
    if (!created.contains(id)) {
      require(checker.mayRead(caller, a), "read", a, Permission.READ, "read permission");
    }
    if (!allowsEncrypted && r.xattrNames().contains(EncryptedObjects.XATTR)) {
      throw EncryptedObjects.refuse(delegate, id, "open");
    }
    return r;
  }

  private void refuseEncrypted(ObjectId id, String operation) {
    if (!allowsEncrypted && EncryptedObjects.isEncrypted(delegate, id)) {
      throw EncryptedObjects.refuse(delegate, id, operation);
    }
  }

  @Override
  public byte[] getXattr(ObjectId id, String name) {
    Attributes a = known(id);
    require(checker.mayRead(caller, a), "read the attributes of", a, Permission.READ,
        "read permission");
    return delegate.getXattr(id, name);
  }

  @Override
  public void setXattr(ObjectId id, String name, byte[] value, XattrMode mode) {
    requireXattrWrite(id);
    delegate.setXattr(id, name, value, mode);
  }

  @Override
  public void removeXattr(ObjectId id, String name) {
    requireXattrWrite(id);
    delegate.removeXattr(id, name);
  }

  /**
   * {@inheritDoc}
   *
   * <p>Needs read permission, as {@link #getXattr} does.
   */
  @Override
  public Retention getRetention(ObjectId id) {
    Attributes a = known(id);
    require(checker.mayRead(caller, a), "read the retention of", a, Permission.READ,
        "read permission");
    return delegate.getRetention(id);
  }

  /**
   * {@inheritDoc}
   *
   * <p>Needs write permission, as changing an xattr does; whether the caller may bypass a
   * governance retention is the object protocol's decision, made before this call.
   */
  @Override
  public Retention setRetention(ObjectId id, @Nullable RetentionMode mode,
      @Nullable Instant retainUntil, boolean bypassGovernance) {
    requireXattrWrite(id);
    return delegate.setRetention(id, mode, retainUntil, bypassGovernance);
  }

  /**
   * {@inheritDoc}
   *
   * <p>Needs write permission, as changing an xattr does.
   */
  @Override
  public Retention setLegalHold(ObjectId id, boolean on) {
    requireXattrWrite(id);
    return delegate.setLegalHold(id, on);
  }

  @Override
  public List<String> listXattrs(ObjectId id) {
    requireGrant(Permission.READ, id);
    return delegate.listXattrs(id);
  }

  @Override
  public FsStats statfs() {
    requireGrant(Permission.READ, delegate.root());
    return delegate.statfs();
  }

  @Override
  public void sync() {
    delegate.sync();
  }

  @Override
  public void syncNamespace() {
    delegate.syncNamespace();
  }

  // ---- Helpers ----

  private void requireXattrWrite(ObjectId id) {
    if (created.contains(id)) {
      return;
    }
    Attributes a = delegate.getAttributes(id);
    require(checker.mayWrite(caller, a), "change the attributes of", a, Permission.WRITE,
        "write permission");
  }

  private void requireRemove(Attributes dir, Attributes victim) {
    require(checker.mayCreateIn(caller, dir), "remove an entry of", dir, Permission.WRITE,
        "write and search permission");
    requireRule(checker.stickyAllows(caller, dir, victim), "remove", victim, Permission.WRITE,
        "the owner of it or of its sticky directory, or root");
  }

  private void requireOwner(Attributes dir, Ownership owner) {
    if (!checker.mayCreateAs(caller, dir, owner)) {
      throw ownerDenied(owner);
    }
  }

  private DfsException ownerDenied(Ownership owner) {
    return new DfsException(ErrorKind.NOT_PERMITTED, "user '" + caller.name() + "' (uid "
        + Integer.toUnsignedString(caller.uid()) + ") on volume '" + delegate.name()
        + "': may not create an object owned by " + Integer.toUnsignedString(owner.uid()) + ":"
        + Integer.toUnsignedString(owner.gid()) + " (expected: the caller's own uid and one of its"
        + " groups " + caller.gids() + ", unless root)");
  }

  private void requireGrant(Permission needed, ObjectId id) {
    if (!caller.granted(needed)) {
      throw denied("use", delegate.getAttributes(id), needed, "a grant");
    }
  }

  private void require(boolean allowed, String action, Attributes obj, Permission needed,
      String expected) {
    if (!allowed) {
      throw denied(action, obj, needed, expected);
    }
  }

  /** An ownership rule (chmod, chown, times, sticky bit, hard link) refuses with EPERM. */
  private void requireRule(boolean allowed, String action, Attributes obj, Permission needed,
      String expected) {
    if (!allowed) {
      throw checker.denied(caller, delegate.name(), action, obj, needed, expected,
          ErrorKind.NOT_PERMITTED);
    }
  }

  /** A grant or mode bit refuses with EACCES. */
  private DfsException denied(String action, Attributes obj, Permission needed, String expected) {
    return checker.denied(caller, delegate.name(), action, obj, needed, expected,
        ErrorKind.ACCESS_DENIED);
  }

  private Optional<Attributes> existing(ObjectId parent, String name) {
    try {
      return Optional.of(delegate.lookup(parent, name));
    } catch (DfsException e) {
      if (e.kind() == ErrorKind.NOT_FOUND) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /** A directory's attributes, from what this view met before when it can. */
  private Attributes dir(ObjectId id) {
    Attributes a = dirs.get(id);
    return a != null ? a : remember(delegate.getAttributes(id));
  }

  /**
   * The attributes a read check (open, xattr, retention) decides on: those this view met earlier
   * in the request (the lookup that found the object, usually), else the backend's. As for
   * directories, a mode or owner changed meanwhile by someone else takes effect at the next
   * request; over a remote backend this saves a round trip per check (issue 13).
   */
  private Attributes known(ObjectId id) {
    Attributes a = dirs.get(id);
    return a != null ? a : remember(delegate.getAttributes(id));
  }

  private Attributes remember(Attributes a) {
    if (dirs.size() >= DIR_CACHE) {
      dirs.clear();
    }
    dirs.put(a.id(), a);
    return a;
  }
}
