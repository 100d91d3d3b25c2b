package dev.estuary.dfs;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;

/**
 * One mounted namespace ({@code dfs_t}). Objects are addressed by their permanent {@link ObjectId},
 * so every operation is "open by id": an NFS file handle or SMB file id can be turned back into an
 * object without a path. Namespace operations are atomic: each one is all-or-nothing, even across
 * a crash (stronger than libdfs's relaxed mode, daos.md §2.7). Thread-safe.
 *
 * <p>Durability: a namespace change or write is visible to every caller at once, and durable after
 * {@link #sync()} or {@link FileHandle#sync()} returns (or after {@link Dfs#sync()}). The cheap way
 * to publish a file durably, which frontends use for every upload and checkpoint, is:
 *
 * <pre>{@code
 * h.write(...);                  // into a file from createUnlinked (or any file)
 * h.syncData();                  // its data durable, or queued with the metadata (inline data)
 * v.link(h.id(), dir, name, m);  // or create / rename / remove / setXattr ...
 * v.syncNamespace();             // ONE metadata-log sync makes the name and the queued data durable
 * }</pre>
 *
 * <p>With the embedded engine this costs one group-committed WAL fsync for a small (inline) file, and
 * a data-file fsync (plus its directory's, when the data file is new) and one WAL fsync for a large
 * one; concurrent publishers share WAL fsyncs and never flush each other's data files.
 *
 * <p>Errors common to all methods: {@link ErrorKind#STALE} for an id that no longer exists (or
 * never did), {@link ErrorKind#NOT_DIRECTORY} when a parent is not a directory, {@link
 * ErrorKind#INVALID_ARGUMENT} / {@link ErrorKind#NAME_TOO_LONG} for names failing {@link
 * Limits#checkName}, {@link ErrorKind#CLOSED} after the backend is closed.
 */
public interface Volume {

  /**
   * Returns this volume's name.
   *
   * @return the name
   */
  String name();

  /**
   * Returns the id of the root directory.
   *
   * @return the root id
   */
  ObjectId root();

  // ---- Attributes ----

  /**
   * Returns an object's attributes ({@code dfs_ostat}).
   *
   * @param id the object
   * @return its current attributes
   */
  Attributes getAttributes(ObjectId id);

  /**
   * Changes attributes ({@code dfs_osetattr}). Setting a size on a file truncates it or extends it
   * with a hole; on a directory it gives {@link ErrorKind#IS_DIRECTORY}, on a symlink {@link
   * ErrorKind#INVALID_ARGUMENT}. Moves the change counter and change time, and the modify time when
   * the size changes and no modify time is given.
   *
   * @param id the object
   * @param changes what to change
   * @return the attributes after the change
   */
  Attributes setAttributes(ObjectId id, SetAttributes changes);

  /**
   * Returns where a named object lives. Used for NFS {@code LOOKUPP} and SMB path queries.
   *
   * @param id the object
   * @return its parent and name; empty for the root and for an unlinked object
   */
  Optional<Location> location(ObjectId id);

  // ---- Namespace ----

  /**
   * Looks up one name in a directory ({@code dfs_lookup_rel}). Symlinks are not followed.
   *
   * @param parent the directory
   * @param name the entry name
   * @return the attributes of the object named
   * @throws DfsException {@link ErrorKind#NOT_FOUND} if there is no such entry
   */
  Attributes lookup(ObjectId parent, String name);

  /**
   * Creates a regular file ({@code dfs_open} with {@code O_CREAT}). The name and the object appear
   * together, atomically.
   *
   * @param parent the directory
   * @param name the new entry name
   * @param mode permission bits within {@code 07777}
   * @param owner the owner
   * @param exclusive when true an existing entry gives {@link ErrorKind#EXISTS}; when false an
   *     existing file is returned unchanged, an existing directory gives {@link
   *     ErrorKind#IS_DIRECTORY} and an existing symlink {@link ErrorKind#EXISTS}
   * @return the attributes of the created (or existing) file
   */
  Attributes create(ObjectId parent, String name, int mode, Ownership owner, boolean exclusive);

  /**
   * Creates a directory ({@code dfs_mkdir}); concurrent creators of one name have one winner.
   *
   * @param parent the parent directory
   * @param name the new entry name
   * @param mode permission bits within {@code 07777}
   * @param owner the owner
   * @return the new directory's attributes
   * @throws DfsException {@link ErrorKind#EXISTS} if the name exists
   */
  Attributes mkdir(ObjectId parent, String name, int mode, Ownership owner);

  /**
   * Creates a symbolic link. The target is stored as given, never resolved.
   *
   * @param parent the directory
   * @param name the new entry name
   * @param target the link target, see {@link Limits#checkSymlinkTarget}
   * @param owner the owner
   * @return the new link's attributes (mode {@code 0777})
   * @throws DfsException {@link ErrorKind#EXISTS} if the name exists
   */
  Attributes symlink(ObjectId parent, String name, String target, Ownership owner);

  /**
   * Reads a symlink's target ({@code dfs_get_symlink_value}).
   *
   * @param id the symlink
   * @return the target
   * @throws DfsException {@link ErrorKind#NOT_SYMLINK} if the object is not a symlink
   */
  String readlink(ObjectId id);

  /**
   * Removes an entry ({@code dfs_remove} without {@code force}). A directory must be empty. A
   * removed file stays readable and writable through handles already open, and its storage is
   * reclaimed when the last one closes (or at the next start-up after a crash).
   *
   * @param parent the directory
   * @param name the entry name
   * @param kind which object types may be removed
   * @return the id of the removed object
   * @throws DfsException {@link ErrorKind#NOT_FOUND}, {@link ErrorKind#NOT_EMPTY}, {@link
   *     ErrorKind#IS_DIRECTORY} or {@link ErrorKind#NOT_DIRECTORY} per {@code kind}
   */
  ObjectId remove(ObjectId parent, String name, RemoveKind kind);

  /**
   * Renames an entry, atomically ({@code renameat2}). Object ids never change. With {@link
   * RenameMode#REPLACE} POSIX rules apply: a file may replace a file or symlink, a directory may
   * replace an empty directory ({@link ErrorKind#NOT_EMPTY} otherwise); a directory over a
   * non-directory gives {@link ErrorKind#NOT_DIRECTORY}, a non-directory over a directory {@link
   * ErrorKind#IS_DIRECTORY}; renaming an entry onto itself does nothing. A directory can never be
   * moved into its own subtree ({@link ErrorKind#INVALID_ARGUMENT}), in any mode. A replaced file
   * is reclaimed like a removed one.
   *
   * @param srcParent the source directory
   * @param srcName the source name
   * @param dstParent the destination directory
   * @param dstName the destination name
   * @param mode replace, no-replace or exchange
   * @throws DfsException {@link ErrorKind#NOT_FOUND} if the source (or, for {@link
   *     RenameMode#EXCHANGE}, the destination) is missing; {@link ErrorKind#EXISTS} for {@link
   *     RenameMode#NO_REPLACE} over an existing entry
   */
  void rename(ObjectId srcParent, String srcName, ObjectId dstParent, String dstName, RenameMode mode);

  /**
   * Creates a regular file with no name ({@code O_TMPFILE}): writes to it are invisible until
   * {@link #link} publishes it. An unlinked object that is never linked is discarded when its last
   * handle closes and, after a crash, at start-up. This is how uploads and checkpoints appear whole
   * or not at all. Requires {@link Capability#UNLINKED_OBJECTS}.
   *
   * @param mode permission bits within {@code 07777}
   * @param owner the owner
   * @return the new object's attributes; keep a handle open while writing it
   */
  Attributes createUnlinked(int mode, Ownership owner);

  /**
   * Publishes an unlinked object under a name, atomically. Durability of its data is the caller's:
   * sync the handle first if the published name must never show a torn object after a crash.
   * Requires {@link Capability#UNLINKED_OBJECTS}.
   *
   * @param id an object from {@link #createUnlinked}, not yet linked
   * @param parent the directory
   * @param name the entry name
   * @param mode {@link RenameMode#REPLACE} to replace an existing file (as {@link #rename} does),
   *     {@link RenameMode#NO_REPLACE} to fail if the name exists; {@link RenameMode#EXCHANGE} is
   *     invalid
   * @return the published object's attributes
   * @throws DfsException {@link ErrorKind#INVALID_ARGUMENT} if the object already has a name
   */
  Attributes link(ObjectId id, ObjectId parent, String name, RenameMode mode);

  /**
   * Lists a directory in sorted order (UTF-8 byte order of names) from a cursor ({@code
   * dfs_readdir} / {@code dfs_readdirplus}, but sorted and resumable; see {@link DirCursor}).
   *
   * @param dir the directory
   * @param from where to start; {@link DirCursor#START} for the beginning
   * @param maxEntries most entries to return, 1 to {@link Limits#MAX_READDIR_ENTRIES}
   * @param withAttributes whether to fill {@link DirEntry#attributes()}
   * @return a page of entries and the cursor to continue from
   */
  DirPage readdir(ObjectId dir, DirCursor from, int maxEntries, boolean withAttributes);

  /**
   * Returns a cursor positioned just after {@code name}, whether or not it exists
   * ({@code dfs_dir_anchor_set}): S3's {@code start-after} and SMB resume-by-name.
   *
   * @param name an entry name (need not exist)
   * @return a cursor from which {@link #readdir} returns the names sorting after {@code name}
   */
  DirCursor cursorAfter(String name);

  /**
   * Lists a directory in position order from a position: every entry whose {@link
   * DirEntry#position()} is greater than {@code afterPosition}, in increasing position order. A
   * position is given to an entry when it is inserted (create, mkdir, symlink, link, and the
   * destination of a rename, which gets a new one), is greater than every position the directory
   * gave before, and is never given again in that directory; positions survive restarts. So a
   * listing resumed from the last position returned, whatever happened meanwhile, returns each
   * entry that existed during the whole listing exactly once, never an entry removed before the
   * listing reached it, and may return entries inserted during it. This is what NFS READDIR cookies
   * (8 bytes, valid across restarts; RFC 8881 §18.23) and SMB QUERY_DIRECTORY resume need; the
   * engine resolves a position in one seek. A position never changes meaning, so NFS's cookie
   * verifier can stay constant. Names are not sorted; S3 uses {@link #readdir}.
   *
   * @param dir the directory
   * @param afterPosition {@link DirEntry#NO_POSITION} (0) for the beginning, else a position
   *     returned before ({@link DirPositionPage#last()} or an entry's); any value up to {@link
   *     Long#MAX_VALUE} is accepted, one never given resumes at the next higher position
   * @param maxEntries most entries to return, 1 to {@link Limits#MAX_READDIR_ENTRIES}
   * @param withAttributes whether to fill {@link DirEntry#attributes()}
   * @return a page of entries and the position to continue after
   * @throws DfsException {@link ErrorKind#INVALID_ARGUMENT} for a negative position or a
   *     {@code maxEntries} out of range
   */
  DirPositionPage readdirByPosition(
      ObjectId dir, long afterPosition, int maxEntries, boolean withAttributes);

  /**
   * Looks up one name in a directory ignoring case, as Windows and macOS clients do: the names
   * compared are folded with {@link CaseFolding} (Unicode simple case folding, as NTFS does), and
   * the name is found through an index, never by scanning the directory. Symlinks are not
   * followed. Requires {@link Capability#CASE_INSENSITIVE_LOOKUP}.
   *
   * @param parent the directory
   * @param name the name to look for, in any case
   * @return the entry with its stored name and attributes, and whether several names match
   * @throws DfsException {@link ErrorKind#NOT_FOUND} if no entry equals {@code name} ignoring case
   */
  CaseLookup lookupIgnoreCase(ObjectId parent, String name);

  // ---- Files ----

  /**
   * Opens a file by id ({@code dfs_open} / {@code dfs_obj_global2local}). A handle is cheap; close
   * it when done.
   *
   * @param id the file
   * @param mode the access it grants
   * @return an open handle
   * @throws DfsException {@link ErrorKind#IS_DIRECTORY} for a directory, {@link
   *     ErrorKind#INVALID_ARGUMENT} for a symlink
   */
  FileHandle open(ObjectId id, OpenMode mode);

  /**
   * Reads a small file whole, with its attributes and extended attributes: exactly what {@link
   * #open} for reading, {@link FileHandle#attributes}, {@link #listXattrs}, {@link #getXattr} of
   * each name asked for that is listed, reads from offset 0 until the size the attributes give
   * (when it is at most {@code maxBytes}) or end of file, and {@link FileHandle#close} return when
   * made in that order, and with their guarantees and no more: a writer running at the same time
   * may be seen between two of them, as it may by a caller making those calls.
   *
   * <p>WHY: an S3 GET or HEAD and a dataset sample make these calls back to back; a remote backend
   * answers them in one round trip instead of five or more (issue 13). A decorator that checks or
   * refuses {@link #open} or {@link #getXattr} must check this call the same way, or leave it to
   * this default, which runs on top of its own methods.
   *
   * @param id the file
   * @param maxBytes the largest size whose content is returned, 0 to {@link
   *     Limits#MAX_SMALL_READ_BYTES}; a larger file gets {@code data == null} (open it instead)
   * @param xattrs the extended attribute names whose values are wanted, at most {@link
   *     Limits#MAX_SMALL_READ_XATTRS}; names not set are left out of the result (all of them on a
   *     backend without {@link Capability#XATTRS})
   * @return the attributes, names, values and content
   * @throws DfsException as {@link #open} ({@link ErrorKind#IS_DIRECTORY} for a directory, {@link
   *     ErrorKind#INVALID_ARGUMENT} for a symlink), and {@link ErrorKind#INVALID_ARGUMENT} for
   *     arguments outside {@link Limits#checkSmallRead}
   */
  default SmallRead readSmall(ObjectId id, int maxBytes, Set<String> xattrs) {
    Limits.checkSmallRead(maxBytes, xattrs);
    try (FileHandle h = open(id, OpenMode.READ)) {
      Attributes a = h.attributes();
      List<String> names;
      try {
        names = listXattrs(id);
      } catch (DfsException e) {
        if (e.kind() != ErrorKind.UNSUPPORTED) {
          throw e;
        }
        names = List.of(); // a backend without Capability.XATTRS: an object has none
      }
      Map<String, byte[]> values = new HashMap<>();
      for (String name : xattrs) {
        if (names.contains(name)) {
          try {
            values.put(name, getXattr(id, name));
          } catch (DfsException e) {
            // Removed between the listing and the read: as a caller of the two would see it.
            if (e.kind() != ErrorKind.NO_SUCH_XATTR) {
              throw e;
            }
          }
        }
      }
      byte[] data = null;
      if (a.size() <= maxBytes) {
        ByteBuffer buf = ByteBuffer.allocate((int) a.size());
        while (buf.hasRemaining()) {
          if (h.read(buf.position(), buf) < 0) {
            break; // truncated meanwhile
          }
        }
        data = buf.hasRemaining() ? Arrays.copyOf(buf.array(), buf.position()) : buf.array();
      }
      return new SmallRead(a, names, values, data);
    }
  }

  // ---- Extended attributes (Capability.XATTRS) ----

  /**
   * Reads an extended attribute.
   *
   * @param id the object
   * @param name the attribute name
   * @return a copy of its value
   * @throws DfsException {@link ErrorKind#NO_SUCH_XATTR} if absent
   */
  byte[] getXattr(ObjectId id, String name);

  /**
   * Sets an extended attribute; moves the change counter and change time.
   *
   * @param id the object
   * @param name the attribute name, see {@link Limits#checkXattr}
   * @param value the value, at most {@link Limits#MAX_XATTR_VALUE_BYTES}
   * @param mode create, replace or either
   */
  void setXattr(ObjectId id, String name, byte[] value, XattrMode mode);

  /**
   * Removes an extended attribute; moves the change counter and change time.
   *
   * @param id the object
   * @param name the attribute name
   * @throws DfsException {@link ErrorKind#NO_SUCH_XATTR} if absent
   */
  void removeXattr(ObjectId id, String name);

  /**
   * Lists extended attribute names in sorted order.
   *
   * @param id the object
   * @return an immutable list
   */
  List<String> listXattrs(ObjectId id);

  // ---- Watch (Capability.WATCH) ----

  /**
   * Subscribes to changes ({@link Capability#WATCH}): SMB CHANGE_NOTIFY watches a directory or a
   * subtree, SMB lease breaks and NFS delegation recalls watch one object. Changes made through any
   * {@link Volume} instance of this backend are seen (and in node mode, of any process). An event is
   * published only after its change has committed, never for a failed operation.
   *
   * <p>Delivery: events reach {@code listener} on {@code executor}, one at a time and in the order
   * the changes committed, through a queue of {@code queueCapacity} events per subscription. A
   * writer never waits for a subscriber: when the queue is full its events are dropped and {@link
   * ChangeEvent#OVERFLOW} is delivered in their place. Data changes are coalesced: while the last
   * event queued for a subscriber is a {@link ChangeKind#MODIFIED} of the same object, a further
   * data change replaces it (with the newer change counter) instead of queuing another, so a stream
   * of writes costs about one event per delivery and the subscriber still sees the latest counter.
   * The executor must hand the work off (never run it on the calling thread): the writer of a
   * change calls it.
   *
   * <p>Which events: for {@link WatchScope#OBJECT}, changes to the target itself; for {@link
   * WatchScope#DIRECTORY}, changes to the target's entries (the entry's directory and name are in
   * the event), plus the target's own removal or rename; {@link WatchScope#SUBTREE} adds the
   * entries of every directory below. A rename between two watched directories is one {@link
   * ChangeKind#RENAMED} event to each.
   *
   * @param target the object to watch; a directory for {@link WatchScope#DIRECTORY} and {@link
   *     WatchScope#SUBTREE}
   * @param scope what to watch
   * @param queueCapacity the subscription's queue size, 1 to {@link
   *     WatchSubscription#MAX_QUEUE_CAPACITY}
   * @param executor where to run {@code listener}
   * @param listener the receiver
   * @return the subscription, to close when done
   * @throws DfsException {@link ErrorKind#STALE} for a missing target, {@link
   *     ErrorKind#NOT_DIRECTORY} for a directory scope on a non-directory, {@link
   *     ErrorKind#INVALID_ARGUMENT} for a bad capacity, {@link ErrorKind#UNSUPPORTED} without {@link
   *     Capability#WATCH}
   */
  default WatchSubscription watch(ObjectId target, WatchScope scope, int queueCapacity,
      Executor executor, WatchListener listener) {
    throw new DfsException(ErrorKind.UNSUPPORTED, "watch on volume '" + name() + "' (expected: a backend with WATCH)");
  }

  // ---- Locks and share reservations (Capability.LOCKS, Capability.SHARE_MODES) ----

  /**
   * Opens a session to hold byte-range locks ({@link Capability#LOCKS}) and share reservations
   * ({@link Capability#SHARE_MODES}) on this volume's files. Close it when its holder goes away
   * (an NFS client id expires, an SMB session logs off or its connection drops): that releases
   * everything it holds.
   *
   * @param description who holds the session, for people (e.g. {@code "nfs client 10.0.0.7 #42"}),
   *     at most {@link LockSession#MAX_DESCRIPTION_LENGTH} characters
   * @return a new open session
   * @throws DfsException {@link ErrorKind#INVALID_ARGUMENT} for a longer description, {@link
   *     ErrorKind#UNSUPPORTED} when the backend offers neither facet
   */
  default LockSession openSession(String description) {
    throw new DfsException(ErrorKind.UNSUPPORTED,
        "lock session on volume '" + name() + "' (expected: a backend with LOCKS or SHARE_MODES)");
  }

  // ---- Retention and legal hold (Capability.RETENTION) ----

  /**
   * Returns a file's retention and legal hold ({@link Capability#RETENTION}). A retention period
   * that has expired is still returned (with its past date) until it is replaced or removed.
   *
   * @param id the file
   * @return its state, {@link Retention#NONE} if none was ever set
   * @throws DfsException {@link ErrorKind#UNSUPPORTED} without {@link Capability#RETENTION}
   */
  default Retention getRetention(ObjectId id) {
    throw new DfsException(ErrorKind.UNSUPPORTED,
        "retention on volume '" + name() + "' (expected: a backend with RETENTION)");
  }

  /**
   * Sets, extends, shortens or removes a file's retention period ({@link Capability#RETENTION});
   * the legal hold is left as it is. The backend enforces it with its own (injected) clock, for
   * every caller: while the period lasts ({@code retainUntil} after now) or a legal hold is on
   * ({@link #setLegalHold}) it refuses with {@link ErrorKind#RETAINED}
   *
   * <ul>
   *   <li>{@link #remove} of the file, and {@link #rename} or {@link #link} with {@link
   *       RenameMode#REPLACE} onto its name (replacing it);
   *   <li>{@link FileHandle#write}, {@link FileHandle#truncate}, {@link FileHandle#punchHole},
   *       {@link FileHandle#allocate} that would change the size, {@link FileHandle#copyTo} into
   *       it, and {@link #setAttributes} with a size;
   *   <li>{@link #setXattr} and {@link #removeXattr} (the retention is not an extended attribute
   *       and is changed only through these calls), except in the access-control namespace
   *       ({@link Retention#protects}), which like the mode and owner stays changeable.
   * </ul>
   *
   * <p>Opening the file, reading it, changing its mode, owner or times, and renaming it to
   * another name (also with {@link RenameMode#EXCHANGE}) stay allowed: the file keeps its data and
   * a name. S3 versioning relies on this, moving the current version of a key into its reserved
   * versions area by a rename when a new version takes the key.
   *
   * <p>Changes to a period in effect: a {@link RetentionMode#COMPLIANCE} period can only be kept
   * or extended (same mode, same or later date) until it expires; a {@link
   * RetentionMode#GOVERNANCE} period likewise, unless {@code bypassGovernance} is true, which also
   * allows a shorter date, another mode or removal. Only an object protocol that has checked the
   * caller's right to bypass (S3 {@code x-amz-bypass-governance-retention}) sets it; file
   * protocols never do. An expired period may be replaced or removed freely.
   *
   * <p>Unlinked objects: a retention or hold may be set on an object from {@link #createUnlinked}
   * before it is published, so that its name appears already protected (no moment shows it
   * unprotected, even across a crash). It takes effect when {@link #link} gives the object its
   * name: until then nothing but its creator can reach it, and the creator may still write it and
   * set its attributes (S3 stamps the version id on it just before linking). An unlinked object
   * that is never published is discarded at its last close as any other, since nothing ever named
   * it.
   *
   * <p>The change is durable with the namespace ({@link #syncNamespace}) and survives restarts.
   *
   * @param id a regular file
   * @param mode the new mode, or null to remove the period
   * @param retainUntil the new date, or null to remove the period; null exactly when {@code mode}
   *     is
   * @param bypassGovernance whether a {@link RetentionMode#GOVERNANCE} period in effect may be
   *     shortened, changed to another mode or removed
   * @return the file's state after the change
   * @throws DfsException {@link ErrorKind#RETAINED} for a change the rules above refuse, {@link
   *     ErrorKind#INVALID_ARGUMENT} for a mode without a date or the reverse or for a directory or
   *     symlink, {@link ErrorKind#UNSUPPORTED} without {@link Capability#RETENTION}
   */
  default Retention setRetention(ObjectId id, @Nullable RetentionMode mode,
      @Nullable Instant retainUntil, boolean bypassGovernance) {
    throw new DfsException(ErrorKind.UNSUPPORTED,
        "retention on volume '" + name() + "' (expected: a backend with RETENTION)");
  }

  /**
   * Puts a legal hold on a file or takes it off ({@link Capability#RETENTION}), at any time; the
   * retention period is left as it is. While the hold is on the file is protected as under a
   * retention period in effect (see {@link #setRetention}), whatever its period says.
   *
   * @param id a regular file
   * @param on whether the hold is on
   * @return the file's state after the change
   * @throws DfsException {@link ErrorKind#INVALID_ARGUMENT} for a directory or symlink, {@link
   *     ErrorKind#UNSUPPORTED} without {@link Capability#RETENTION}
   */
  default Retention setLegalHold(ObjectId id, boolean on) {
    throw new DfsException(ErrorKind.UNSUPPORTED,
        "legal hold on volume '" + name() + "' (expected: a backend with RETENTION)");
  }

  // ---- Whole volume ----

  /**
   * Returns space and object counts ({@code statfs}).
   *
   * @return the figures now
   */
  FsStats statfs();

  /**
   * Makes every completed change in this volume durable: namespace changes, attributes, extended
   * attributes, and the data of every file, including files other callers hold open and files
   * closed without a sync. Costly when many files are being written; to publish one file use
   * {@link FileHandle#syncData()} and {@link #syncNamespace()} instead.
   */
  void sync();

  /**
   * Makes the namespace durable without touching file data ({@code fsync} of the metadata log
   * only): after it returns, a crash loses none of the changes to this volume that completed
   * before the call through {@link #create}, {@link #mkdir}, {@link #symlink}, {@link #remove},
   * {@link #rename}, {@link #link}, {@link #setAttributes}, {@link #setXattr} and {@link
   * #removeXattr}, and none of the state a {@link FileHandle#syncData()} that returned before the
   * call queued. It does NOT make durable writes to files (their bytes, size or times) made
   * after the file's last {@link FileHandle#syncData()} or {@link FileHandle#sync()}: a name made
   * durable this way may, after a crash, name a file whose later writes are lost. Other callers'
   * open files are never flushed, so its cost does not grow with concurrent writers; concurrent
   * callers may share one log sync. Implementations may make more durable than asked (another
   * volume's changes, or everything, as {@link #sync()} does).
   */
  void syncNamespace();

  /**
   * Resolves a {@code /}-separated path from the root, one component at a time, following
   * symlinks in the middle of the path and, when asked, at the end (like {@code dfs_lookup}).
   * {@code .} components are skipped and {@code ..} goes to the parent but never above the root;
   * empty components (repeated slashes) are skipped.
   *
   * @param path an absolute or root-relative path
   * @param followLast whether a symlink in the last component is followed
   * @return the attributes of the object the path names
   * @throws DfsException {@link ErrorKind#NOT_FOUND}, {@link ErrorKind#NOT_DIRECTORY}, or {@link
   *     ErrorKind#TOO_MANY_LINKS} after {@link Limits#MAX_SYMLINK_FOLLOWS} links
   */
  default Attributes resolve(String path, boolean followLast) {
    return PathResolver.resolve(this, path, followLast);
  }

  /**
   * Creates every missing directory along a path, like {@code mkdir -p}; existing directories are
   * kept as they are.
   *
   * @param path a root-relative path
   * @param mode permission bits for the directories created
   * @param owner owner of the directories created
   * @return the attributes of the last directory
   * @throws DfsException {@link ErrorKind#NOT_DIRECTORY} if a component exists and is not a
   *     directory
   */
  default Attributes mkdirs(String path, int mode, Ownership owner) {
    Attributes dir = getAttributes(root());
    List<String> parts = new ArrayList<>();
    for (String part : path.split("/")) {
      if (!part.isEmpty()) {
        parts.add(part);
      }
    }
    // Look before creating: the usual case (an S3 PUT under an existing prefix) finds every
    // component, and a lookup is a read where a mkdir is a write that fails. A directory created
    // by someone else between the lookup and the mkdir is found by the second lookup.
    for (String part : parts) {
      Attributes existing;
      try {
        existing = lookup(dir.id(), part);
      } catch (DfsException e) {
        if (e.kind() != ErrorKind.NOT_FOUND) {
          throw e;
        }
        try {
          dir = mkdir(dir.id(), part, mode, owner);
          continue;
        } catch (DfsException raced) {
          if (raced.kind() != ErrorKind.EXISTS) {
            throw raced;
          }
          existing = lookup(dir.id(), part);
        }
      }
      if (!existing.isDirectory()) {
        throw new DfsException(
            ErrorKind.NOT_DIRECTORY,
            "path component: '" + part + "' of '" + path + "' is a " + existing.type()
                + " (expected: DIRECTORY)");
      }
      dir = existing;
    }
    return dir;
  }
}
