package dev.estuary.smb.internal.ops;

import static dev.estuary.smb.internal.ops.SmbFiles.ACCESS_SYSTEM_SECURITY;
import static dev.estuary.smb.internal.ops.SmbFiles.DELETE;
import static dev.estuary.smb.internal.ops.SmbFiles.FILE_ALL_ACCESS;
import static dev.estuary.smb.internal.ops.SmbFiles.FILE_APPEND_DATA;
import static dev.estuary.smb.internal.ops.SmbFiles.FILE_DELETE_CHILD;
import static dev.estuary.smb.internal.ops.SmbFiles.FILE_EXECUTE;
import static dev.estuary.smb.internal.ops.SmbFiles.FILE_READ_ATTRIBUTES;
import static dev.estuary.smb.internal.ops.SmbFiles.FILE_READ_DATA;
import static dev.estuary.smb.internal.ops.SmbFiles.FILE_READ_EA;
import static dev.estuary.smb.internal.ops.SmbFiles.FILE_WRITE_ATTRIBUTES;
import static dev.estuary.smb.internal.ops.SmbFiles.FILE_WRITE_DATA;
import static dev.estuary.smb.internal.ops.SmbFiles.FILE_WRITE_EA;
import static dev.estuary.smb.internal.ops.SmbFiles.MAXIMUM_ALLOWED;
import static dev.estuary.smb.internal.ops.SmbFiles.READ_CONTROL;
import static dev.estuary.smb.internal.ops.SmbFiles.SYNCHRONIZE;
import static dev.estuary.smb.internal.ops.SmbFiles.WRITE_DAC;
import static dev.estuary.smb.internal.ops.SmbFiles.WRITE_OWNER;

import dev.estuary.core.AccessChecker;
import dev.estuary.core.Caller;
import dev.estuary.core.CheckedVolume;
import dev.estuary.dfs.Attributes;
import dev.estuary.dfs.Capability;
import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.DirCursor;
import dev.estuary.dfs.ErrorKind;
import dev.estuary.dfs.FileHandle;
import dev.estuary.dfs.OpenMode;
import dev.estuary.dfs.RemoveKind;
import dev.estuary.dfs.ReservedNames;
import dev.estuary.dfs.SetAttributes;
import dev.estuary.dfs.ShareAccess;
import dev.estuary.dfs.ShareReservation;
import dev.estuary.smb.internal.codec.Bytes;
import dev.estuary.smb.internal.codec.Create;
import dev.estuary.smb.internal.codec.CreateContext;
import dev.estuary.smb.internal.codec.FileId;
import dev.estuary.smb.internal.codec.FullEa;
import dev.estuary.smb.internal.codec.NtStatus;
import dev.estuary.smb.internal.codec.SecurityDescriptor;
import dev.estuary.smb.internal.codec.SmbDecodeException;
import dev.estuary.smb.internal.state.ObjectTable;
import dev.estuary.smb.internal.state.Open;
import dev.estuary.smb.internal.state.OpenCaching;
import dev.estuary.smb.internal.state.Oplocks;
import dev.estuary.smb.internal.state.SessionState;
import dev.estuary.smb.internal.state.TreeFiles;
import dev.estuary.smb.internal.state.TreeState;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * CREATE ([MS-SMB2] 3.3.5.9, with the object store's rules of [MS-FSA] 2.1.5.1): every CreateDisposition,
 * the CreateOptions clients use (DIRECTORY_FILE, NON_DIRECTORY_FILE, DELETE_ON_CLOSE, WRITE_THROUGH; the
 * others are hints or refused), case-insensitive lookup and case-preserving create, the access check
 * against the object's mode bits and the share grant, share access through the backend's share
 * reservations (so SMB opens conflict with each other and with NFS share reservations), delete-pending,
 * and the MxAc and QFid create contexts.
 *
 * <p>Oplocks, leases and durable handles are {@link CreateCaching}'s: an open of an existing file first
 * breaks the caching of other opens that conflicts with it and, when a break needs an acknowledgment, goes
 * async and runs again once the breaks ended ([MS-FSA] 2.1.5.1.2); a sharing violation first breaks
 * handle caching the same way; the open then gets its grant; DHnC and DH2C reconnect a durable open
 * (3.3.5.9.7, 3.3.5.9.12). Extended attributes at create (ExtA) become the new or
 * overwritten object's EAs ({@link SmbEas}); a security descriptor at create (SecD)
 * sets the mode bits of a new object when mode bits can express it, else STATUS_NOT_SUPPORTED; previous
 * versions (TWrp) do not exist: STATUS_OBJECT_NAME_NOT_FOUND. AlSi reserves the space of a new or
 * overwritten file. Other contexts (AAPL, unknown names) are ignored as 3.3.5.9 says.
 */
public final class CreateHandler implements SmbHandler {
  /** FILE_SUPERSEDE. */
  public static final int FILE_SUPERSEDE = 0;
  /** FILE_OPEN. */
  public static final int FILE_OPEN = 1;
  /** FILE_CREATE. */
  public static final int FILE_CREATE = 2;
  /** FILE_OPEN_IF. */
  public static final int FILE_OPEN_IF = 3;
  /** FILE_OVERWRITE. */
  public static final int FILE_OVERWRITE = 4;
  /** FILE_OVERWRITE_IF. */
  public static final int FILE_OVERWRITE_IF = 5;

  /** FILE_DIRECTORY_FILE. */
  public static final int FILE_DIRECTORY_FILE = 0x1;
  /** FILE_WRITE_THROUGH. */
  public static final int FILE_WRITE_THROUGH = 0x2;
  /** FILE_NON_DIRECTORY_FILE. */
  public static final int FILE_NON_DIRECTORY_FILE = 0x40;
  /** FILE_DELETE_ON_CLOSE. */
  public static final int FILE_DELETE_ON_CLOSE = 0x1000;
  /** FILE_OPEN_BY_FILE_ID. */
  public static final int FILE_OPEN_BY_FILE_ID = 0x2000;
  /** FILE_RESERVE_OPFILTER. */
  public static final int FILE_RESERVE_OPFILTER = 0x100000;
  /** FILE_OPEN_REQUIRING_OPLOCK. */
  public static final int FILE_OPEN_REQUIRING_OPLOCK = 0x10000;

  /** FILE_SUPERSEDED. */
  public static final int ACTION_SUPERSEDED = 0;
  /** FILE_OPENED. */
  public static final int ACTION_OPENED = 1;
  /** FILE_CREATED. */
  public static final int ACTION_CREATED = 2;
  /** FILE_OVERWRITTEN. */
  public static final int ACTION_OVERWRITTEN = 3;

  /** FILE_SHARE_READ. */
  public static final int SHARE_READ = 1;
  /** FILE_SHARE_WRITE. */
  public static final int SHARE_WRITE = 2;
  /** FILE_SHARE_DELETE. */
  public static final int SHARE_DELETE = 4;

  private final ServerServices services;

  /**
   * A handler.
   *
   * @param services the server's services
   */
  public CreateHandler(ServerServices services) {
    this.services = services;
  }

  @Override
  public SmbReply handle(SmbRequest request) throws SmbDecodeException {
    Create.Request c = (Create.Request) request.body();
    SessionState session = request.session();
    TreeState tree = request.tree();
    if (session == null || tree == null) {
      return SmbReply.error(NtStatus.NETWORK_NAME_DELETED, c);
    }
    if (tree.isPipe()) {
      // No named pipe is served on IPC$ by this handler.
      return SmbReply.error(NtStatus.OBJECT_NAME_NOT_FOUND, c);
    }
    CreateCaching.Requested caching = CreateCaching.parse(request, c);
    if (caching.reconnect()) {
      // 3.3.5.9.7, 3.3.5.9.12: a reconnect is decided by its context alone; the name, access, disposition
      // and options of the request are ignored (clients send zeros).
      return reconnect(request, c, caching);
    }
    NtStatus invalid = validate(c);
    if (invalid != null) {
      return SmbReply.error(invalid, c);
    }
    for (CreateContext ctx : c.contexts()) {
      if (ctx.is(CreateContext.EXTA)) {
        NtStatus bad = SmbEas.check(FullEa.decodeList(ctx.data()));
        if (bad != null) {
          return SmbReply.error(bad, c);
        }
      }

      if (ctx.is(CreateContext.TWRP)) {
        return SmbReply.error(NtStatus.OBJECT_NAME_NOT_FOUND, c);
      }
      if (ctx.is(CreateContext.MXAC)) {
        ctx.maximalAccessTimestamp(); // validates the length (2.2.13.2.5)
      }
      if (ctx.is(CreateContext.ALSI)) {
        ctx.allocationSize(); // validates the length (2.2.13.2.6)
      }
    }
    if (session.opens().size() >= services.settings().maxOpens()) {
      return SmbReply.error(NtStatus.INSUFFICIENT_RESOURCES, c);
    }
    TreeFiles files = SmbFiles.files(request, services);
    CheckedVolume v = files.view();
    SmbPaths.Resolved at;
    try {
      at = SmbPaths.resolve(v, SmbPaths.split(c.name()));
    } catch (SmbPaths.PathException e) {
      return SmbReply.error(e.status(), c);
    }
    try {
      return at.target() == null ? create(request, c, files, v, at) : openExisting(request, c, files, v, at);
    } catch (Refused e) {
      if (e.wait != null) {
        return SmbReply.pending(c, new CreateCaching.BreakWait(e.wait, () -> CreateCaching.retry(this, request)));
      }
      return SmbReply.error(e.status, c);
    }
  }

  /** A status decided deep inside the open sequence, or a wait for oplock breaks. */
  private static final class Refused extends Exception {
    private static final long serialVersionUID = 1L;
    private final NtStatus status;
    private final transient Oplocks.@Nullable Wait wait;

    Refused(NtStatus status) {
      super(status.name(), null, false, false);
      this.status = status;
      this.wait = null;
    }

    Refused(Oplocks.Wait wait) {
      super("PENDING", null, false, false);
      this.status = NtStatus.PENDING;
      this.wait = wait;
    }
  }

  /** DHnC/DH2C: a durable open back on this session (3.3.5.9.7, 3.3.5.9.12). */
  private SmbReply reconnect(SmbRequest request, Create.Request c, CreateCaching.Requested caching) {
    Object r = CreateCaching.reconnect(services, request, caching);
    if (r instanceof NtStatus status) {
      return SmbReply.error(status, c);
    }
    Open o = (Open) r;
    CheckedVolume v = o.files().view();
    Attributes a;
    try {
      a = v.getAttributes(o.id());
    } catch (DfsException e) {
      close(request, o);
      throw e;
    }
    return answer(c, o, v, a, ACTION_OPENED, 0, true);
  }

  /** The request checks of 3.3.5.9 and [MS-FSA] 2.1.5.1 that need no object. */
  private static @Nullable NtStatus validate(Create.Request c) {
    int opts = c.createOptions();
    if (c.name().startsWith("\\")) {
      return NtStatus.INVALID_PARAMETER;
    }
    if (c.impersonationLevel() < 0 || c.impersonationLevel() > 3) {
      return NtStatus.BAD_IMPERSONATION_LEVEL;
    }
    if (c.createDisposition() < FILE_SUPERSEDE || c.createDisposition() > FILE_OVERWRITE_IF) {
      return NtStatus.INVALID_PARAMETER;
    }
    if ((opts & FILE_DIRECTORY_FILE) != 0 && (opts & FILE_NON_DIRECTORY_FILE) != 0) {
      return NtStatus.INVALID_PARAMETER;
    }
    if ((opts & FILE_DIRECTORY_FILE) != 0 && c.createDisposition() != FILE_OPEN
        && c.createDisposition() != FILE_CREATE && c.createDisposition() != FILE_OPEN_IF) {
      return NtStatus.INVALID_PARAMETER;
    }
    if ((opts & (FILE_OPEN_BY_FILE_ID | FILE_RESERVE_OPFILTER | FILE_OPEN_REQUIRING_OPLOCK)) != 0) {
      // 3.3.5.9: opening by file id is not supported over SMB2; the oplock-filter options need oplocks.
      return NtStatus.NOT_SUPPORTED;
    }
    if ((opts & ~0x00FFFFFF) != 0) {
      return NtStatus.INVALID_PARAMETER;
    }
    int desired = SmbFiles.mapGeneric(c.desiredAccess());
    if ((desired & ACCESS_SYSTEM_SECURITY) != 0) {
      return NtStatus.PRIVILEGE_NOT_HELD;
    }
    if ((desired & ~(FILE_ALL_ACCESS | MAXIMUM_ALLOWED)) != 0 || desired == 0) {
      // 3.3.5.9: DesiredAccess with no bit, or with bits that do not exist, is STATUS_ACCESS_DENIED.
      return NtStatus.ACCESS_DENIED;
    }
    if ((opts & FILE_DELETE_ON_CLOSE) != 0 && (desired & (DELETE | MAXIMUM_ALLOWED)) == 0) {
      return NtStatus.INVALID_PARAMETER;
    }
    if ((c.fileAttributes() & ~0x7FFF) != 0) {
      return NtStatus.INVALID_PARAMETER;
    }
    return null;
  }

  /**
   * The access the caller may have on an object ([MS-SMB2] 3.3.5.9.5 MaximalAccess), from its mode bits
   * and the share grant: reading data, writing data, changing the security (owner or root), deleting
   * (the parent directory's rules).
   */
  static int maximalAccess(CheckedVolume v, TreeState tree, Attributes obj, @Nullable Attributes parent,
      int dos) {
    AccessChecker ch = v.checker();
    Caller caller = v.caller();
    int m = READ_CONTROL | SYNCHRONIZE | FILE_READ_ATTRIBUTES;
    if (ch.mayRead(caller, obj)) {
      m |= FILE_READ_DATA | FILE_READ_EA;
    }
    if (obj.isDirectory() ? ch.maySearch(caller, obj) : ch.mayRead(caller, obj)) {
      m |= FILE_EXECUTE;
    }
    if (ch.mayWrite(caller, obj)) {
      // FILE_DELETE_CHILD means nothing on a file, but FILE_ALL_ACCESS carries it and clients ask for it.
      m |= FILE_WRITE_DATA | FILE_APPEND_DATA | FILE_WRITE_EA | FILE_WRITE_ATTRIBUTES | FILE_DELETE_CHILD;
    }
    if (ch.mayChangeMode(caller, obj)) {
      m |= WRITE_DAC | WRITE_OWNER | FILE_WRITE_ATTRIBUTES;
    }
    if (parent != null && ch.mayRemove(caller, parent, obj)) {
      m |= DELETE;
    }
    if (!obj.isDirectory() && (dos & SmbFiles.ATTR_READONLY) != 0) {
      // [MS-FSA] 2.1.5.1.2.1: a read-only file cannot be opened for writing. It can be opened for DELETE
      // (to clear the attribute, or to rename it); deleting it is what fails, with STATUS_CANNOT_DELETE.
      m &= ~(FILE_WRITE_DATA | FILE_APPEND_DATA);
    }
    return m & tree.maximalAccess();
  }

  private SmbReply openExisting(SmbRequest request, Create.Request c, TreeFiles files, CheckedVolume v,
      SmbPaths.Resolved at) throws Refused {
    Attributes obj = at.target();
    int opts = c.createOptions();
    int disposition = c.createDisposition();
    if (obj.isSymlink()) {
      // Symlinks would be reparse points; none are served, and following one could leave the share.
      throw new Refused(NtStatus.ACCESS_DENIED);
    }
    if (disposition == FILE_CREATE) {
      throw new Refused(NtStatus.OBJECT_NAME_COLLISION);
    }
    if (obj.isDirectory() && (opts & FILE_NON_DIRECTORY_FILE) != 0) {
      throw new Refused(NtStatus.FILE_IS_A_DIRECTORY);
    }
    if (!obj.isDirectory() && (opts & FILE_DIRECTORY_FILE) != 0) {
      throw new Refused(NtStatus.NOT_A_DIRECTORY);
    }
    boolean overwrite = disposition == FILE_SUPERSEDE || disposition == FILE_OVERWRITE
        || disposition == FILE_OVERWRITE_IF;
    if (overwrite && obj.isDirectory()) {
      throw new Refused(NtStatus.INVALID_PARAMETER);
    }
    boolean root = at.name().isEmpty();
    int dos = SmbFiles.storedDos(v, obj);
    int maximal = maximalAccess(v, request.tree(), obj, root ? null : at.parent(), dos);
    int desired = SmbFiles.mapGeneric(c.desiredAccess());
    int granted = grant(desired, maximal);
    if (overwrite && (maximal & FILE_WRITE_DATA) == 0) {
      // Overwriting needs write access even when DesiredAccess does not ask for it ([MS-FSA] 2.1.5.1.2.1).
      throw new Refused(NtStatus.ACCESS_DENIED);
    }
    Oplocks.LeaseRequest lease = CreateCaching.parseQuietly(request, c);
    if (lease != null && services.oplocks().leaseKeyConflicts(lease, files.volumeName(), obj.id())) {
      // 3.3.5.9.8: a lease key names one file per client.
      throw new Refused(NtStatus.INVALID_PARAMETER);
    }
    if ((opts & FILE_DELETE_ON_CLOSE) != 0) {
      if (!obj.isDirectory() && ((dos & SmbFiles.ATTR_READONLY) != 0 || SmbFiles.retained(services, v, obj))) {
        throw new Refused(NtStatus.CANNOT_DELETE);
      }
      if ((granted & DELETE) == 0) {
        throw new Refused(NtStatus.ACCESS_DENIED);
      }
      if (obj.isDirectory() && !v.readdir(obj.id(), DirCursor.START, 1, false).entries().isEmpty()) {
        throw new Refused(NtStatus.DIRECTORY_NOT_EMPTY);
      }
    }
    Open o = register(request, files, v, obj, granted, c, at);
    int action = ACTION_OPENED;
    Attributes now = obj;
    if (overwrite) {
      try (OpenCaching.Change change = OpenCaching.ownChange(o)) {
        now = v.setAttributes(obj.id(), SetAttributes.builder().size(0).build());
        // [MS-FSA] 2.1.5.1.2.1: overwrite replaces the attributes with the requested ones plus ARCHIVE.
        SmbFiles.storeDos(v, now, c.fileAttributes() | SmbFiles.ATTR_ARCHIVE);
      } catch (DfsException e) {
        close(request, o);
        throw e;
      }
      action = disposition == FILE_SUPERSEDE ? ACTION_SUPERSEDED : ACTION_OVERWRITTEN;
      applyEas(c, v, now);
      now = preallocate(c, o, v, now);
    }
    return answer(c, o, v, now, action, maximal);
  }

  private SmbReply create(SmbRequest request, Create.Request c, TreeFiles files, CheckedVolume v,
      SmbPaths.Resolved at) throws Refused {
    int disposition = c.createDisposition();
    if (disposition == FILE_OPEN || disposition == FILE_OVERWRITE) {
      throw new Refused(NtStatus.OBJECT_NAME_NOT_FOUND);
    }
    if (at.parent().id().equals(v.root()) && ReservedNames.isReservedAtRoot(at.name())) {
      throw new Refused(NtStatus.ACCESS_DENIED);
    }
    Oplocks.LeaseRequest lease = CreateCaching.parseQuietly(request, c);
    if (lease != null && services.oplocks().leaseKeyConflicts(lease, files.volumeName(), null)) {
      throw new Refused(NtStatus.INVALID_PARAMETER);
    }
    boolean dir = (c.createOptions() & FILE_DIRECTORY_FILE) != 0;
    int mode = dir ? v.defaults().dirMode() : v.defaults().fileMode();
    for (CreateContext ctx : c.contexts()) {
      if (ctx.is(CreateContext.SECD)) {
        mode = modeFromDescriptor(ctx, v);
      }
    }
    if (!dir && (c.createOptions() & FILE_DELETE_ON_CLOSE) != 0 && (c.fileAttributes() & SmbFiles.ATTR_READONLY) != 0) {
      // [MS-FSA] 2.1.5.1.1: a new read-only file cannot be delete-on-close.
      throw new Refused(NtStatus.CANNOT_DELETE);
    }
    Attributes obj;
    try {
      obj = dir ? v.mkdir(at.parent().id(), at.name(), mode, v.newOwner())
          : v.create(at.parent().id(), at.name(), mode, v.newOwner(), true);
    } catch (DfsException e) {
      if (e.kind() == ErrorKind.EXISTS && disposition != FILE_CREATE) {
        // Created by someone else since the lookup: open it as the disposition says for an existing name.
        SmbPaths.Hit hit = SmbPaths.find(v, at.parent(), at.name());
        if (hit != null) {
          return openExisting(request, c, files, v,
              new SmbPaths.Resolved(at.parent(), at.parentPath(), hit.name(), hit.attributes(), at.ancestors()));
        }
      }
      if (e.kind() == ErrorKind.EXISTS) {
        throw new Refused(NtStatus.OBJECT_NAME_COLLISION);
      }
      throw e;
    }
    int dos = c.fileAttributes() & SmbFiles.DOS_BITS;
    if (!dir) {
      dos |= SmbFiles.ATTR_ARCHIVE;
    }
    if (dos != (dir ? 0 : SmbFiles.ATTR_ARCHIVE)) {
      // A new object has no stored attributes: only a non-default set costs a write.
      SmbFiles.storeDos(v, obj, dos);
    }
    int desired = SmbFiles.mapGeneric(c.desiredAccess());
    // The creator gets what it asked for ([MS-FSA] 2.1.5.1.1), within the share's grant; MAXIMUM_ALLOWED
    // means everything the new object allows it.
    int maximal = maximalAccess(v, request.tree(), obj, at.parent(), dos) | (desired & FILE_ALL_ACCESS
        & request.tree().maximalAccess());
    int granted;
    try {
      granted = grant(desired, maximal);
    } catch (Refused e) {
      undoCreate(v, at, obj);
      throw e;
    }
    Open o;
    try {
      o = register(request, files, v, obj, granted, c, at);
    } catch (RuntimeException | Refused e) {
      undoCreate(v, at, obj);
      throw e;
    }
    applyEas(c, v, obj);
    return answer(c, o, v, preallocate(c, o, v, obj), ACTION_CREATED, maximal);
  }

  /**
   * SMB2_CREATE_EA_BUFFER (2.2.13.2.1) on a new or overwritten object: its EAs as backend {@code user.}
   * xattrs ({@link SmbEas}). handle() decoded and checked the list already.
   */
  private static void applyEas(Create.Request c, CheckedVolume v, Attributes obj) {
    for (CreateContext ctx : c.contexts()) {
      if (ctx.is(CreateContext.EXTA)) {
        try {
          SmbEas.apply(v, obj.id(), FullEa.decodeList(ctx.data()));
        } catch (SmbDecodeException e) {
          throw new IllegalStateException("ExtA decoded in handle() cannot fail here", e);
        }
      }
    }
  }

  /**
   * SMB2_CREATE_ALLOCATION_SIZE (2.2.13.2.6) on a new or overwritten file: reserves the space with the
   * backend's allocate ([MS-FSA] 2.1.5.1: AllocationSize of a created file), so a copy announced this way
   * fails early with STATUS_DISK_FULL rather than half-way. A backend without {@link Capability#ALLOCATE}
   * leaves it a hint, as its sparse files need no reservation.
   */
  private Attributes preallocate(Create.Request c, Open o, CheckedVolume v, Attributes a) {
    FileHandle h = o.handle();
    if (h == null || !h.mode().canWrite() || !services.dfs().capabilities().contains(Capability.ALLOCATE)) {
      return a;
    }
    for (CreateContext ctx : c.contexts()) {
      if (ctx.is(CreateContext.ALSI)) {
        // handle() refused a malformed AlSi, so its data is the 8-byte AllocationSize.
        long size = ctx.data().asReadOnlyBuffer().order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong(0);
        if (size > 0) {
          try (OpenCaching.Change change = OpenCaching.allocation(o, false)) {
            h.allocate(0, size, true);
          }
          return v.getAttributes(a.id());
        }
      }
    }
    return a;
  }

  /**
   * SMB2_CREATE_SD_BUFFER (2.2.13.2.3) on a new object: a descriptor of the shape {@link SecurityMapping}
   * understands (owner and group as the new object gets them, a DACL of owner, group and Everyone allowed
   * ACEs) gives the mode bits; any other cannot be kept and is STATUS_NOT_SUPPORTED, never half applied. An
   * existing object ignores it, as [MS-FSA] 2.1.5.1.2 applies SecurityContext to new objects only.
   */
  private int modeFromDescriptor(CreateContext ctx, CheckedVolume v) throws Refused {
    SecurityDescriptor sd;
    try {
      sd = SecurityDescriptor.decode(ctx.data());
    } catch (SmbDecodeException e) {
      throw new Refused(NtStatus.INVALID_PARAMETER);
    }
    var sids = services.identity().sids();
    var owner = v.newOwner();
    if (sd.owner() != null && !sd.owner().equals(Bytes.of(sids.userSid(owner.uid()).toBytes()))
        || sd.group() != null && !sd.group().equals(Bytes.of(sids.groupSid(owner.gid()).toBytes()))) {
      throw new Refused(NtStatus.NOT_SUPPORTED);
    }
    List<SecurityDescriptor.Ace> dacl = sd.dacl();
    if (dacl == null) {
      throw new Refused(NtStatus.NOT_SUPPORTED);
    }
    return SecurityMapping.modeOf(dacl, owner.uid(), owner.gid(), 0, sids)
        .orElseThrow(() -> new Refused(NtStatus.NOT_SUPPORTED));
  }

  private static void undoCreate(CheckedVolume v, SmbPaths.Resolved at, Attributes obj) {
    try {
      v.remove(at.parent().id(), at.name(), obj.isDirectory() ? RemoveKind.DIRECTORY
          : RemoveKind.NOT_DIRECTORY);
    } catch (DfsException ignored) {
      // Best effort: the create itself is what failed.
    }
  }

  private static int grant(int desired, int maximal) throws Refused {
    int asked = desired & ~MAXIMUM_ALLOWED;
    if ((asked & ~maximal) != 0) {
      throw new Refused(NtStatus.ACCESS_DENIED);
    }
    return (desired & MAXIMUM_ALLOWED) != 0 ? maximal | asked : asked;
  }

  /** Share reservation, data handle, object table and open table: the open exists after this. */
  private Open register(SmbRequest request, TreeFiles files, CheckedVolume v, Attributes obj, int granted,
      Create.Request c, SmbPaths.Resolved at) throws Refused {
    ObjectTable objects = services.objects();
    ObjectTable.Entry shared = objects.acquire(files.volumeName(), obj.id(), at.ancestors());
    if (objects.deletePending(shared)) {
      objects.release(shared, false);
      throw new Refused(NtStatus.DELETE_PENDING);
    }
    ShareReservation res = null;
    FileHandle handle = null;
    try {
      Set<ShareAccess> access = shareAccess(granted);
      if (!access.isEmpty()) {
        // [MS-FSA] 2.1.5.1.2: an open for attributes or security only (no read, write or delete) takes
        // part in no share-mode check, neither as the one checked nor by denying others.
        res = files.locks().reserve(obj.id(), access, deny(c.shareAccess()));
      }
      // [MS-FSA] 2.1.5.1.2: once the share check passed, the open breaks the caching it conflicts with
      // (2.1.4.12); when that needs acknowledgments it lets go of everything and runs again after them.
      int d = c.createDisposition();
      boolean overwrite = d == FILE_SUPERSEDE || d == FILE_OVERWRITE || d == FILE_OVERWRITE_IF;
      // An overwrite changes the data, so it is never a stat open (smbtorture smb2.oplock.exclusive5).
      Oplocks.Wait wait = services.oplocks().breakForOpen(files.volumeName(), obj.id(),
          CreateCaching.parseQuietly(request, c), overwrite ? granted | FILE_WRITE_DATA : granted, overwrite);
      if (wait != null) {
        if (res != null) {
          res.close();
        }
        objects.release(shared, false);
        throw new Refused(wait);
      }
      boolean read = (granted & (FILE_READ_DATA | FILE_EXECUTE)) != 0;
      boolean write = (granted & (FILE_WRITE_DATA | FILE_APPEND_DATA)) != 0;
      if (obj.isFile() && (read || write)) {
        handle = v.open(obj.id(), read && write ? OpenMode.READ_WRITE : read ? OpenMode.READ : OpenMode.WRITE);
      }
    } catch (RuntimeException e) {
      if (res != null) {
        res.close();
      }
      objects.release(shared, false);
      if (e instanceof DfsException d && d.kind() == ErrorKind.SHARING_VIOLATION) {
        // [MS-FSA] 2.1.5.1.2: handle caching held elsewhere is broken first; the open retries after it.
        Oplocks.Wait wait = services.oplocks().breakForSharing(files.volumeName(), obj.id(),
            CreateCaching.parseQuietly(request, c));
        throw wait != null ? new Refused(wait) : new Refused(NtStatus.SHARING_VIOLATION);
      }
      throw e;
    }
    SessionState s = request.session();
    FileId id = s.opens().allocate();
    Open o = new Open(id, request.tree().treeId(), files, obj.id(), obj.isDirectory(), granted,
        c.createOptions(), shared, handle, res, at.name().isEmpty() ? obj.id() : at.parent().id(), at.path());
    s.opens().add(o);
    try {
      CreateCaching.grant(services, request, c, o, granted, obj.isDirectory());
    } catch (SmbDecodeException e) {
      close(request, o);
      throw new Refused(e.status());
    }
    return o;
  }

  private void close(SmbRequest request, Open o) {
    request.session().opens().remove(o);
    SmbFiles.close(o, services.objects());
  }

  private static Set<ShareAccess> shareAccess(int granted) {
    Set<ShareAccess> s = EnumSet.noneOf(ShareAccess.class);
    if ((granted & (FILE_READ_DATA | FILE_EXECUTE)) != 0) {
      s.add(ShareAccess.READ);
    }
    if ((granted & (FILE_WRITE_DATA | FILE_APPEND_DATA)) != 0) {
      s.add(ShareAccess.WRITE);
    }
    if ((granted & DELETE) != 0) {
      s.add(ShareAccess.DELETE);
    }
    return s;
  }

  private static Set<ShareAccess> deny(int shareAccess) {
    Set<ShareAccess> s = EnumSet.allOf(ShareAccess.class);
    if ((shareAccess & SHARE_READ) != 0) {
      s.remove(ShareAccess.READ);
    }
    if ((shareAccess & SHARE_WRITE) != 0) {
      s.remove(ShareAccess.WRITE);
    }
    if ((shareAccess & SHARE_DELETE) != 0) {
      s.remove(ShareAccess.DELETE);
    }
    return s;
  }

  private SmbReply answer(Create.Request c, Open o, CheckedVolume v, Attributes a, int action, int maximal) {
    return answer(c, o, v, a, action, maximal, false);
  }

  private SmbReply answer(Create.Request c, Open o, CheckedVolume v, Attributes a, int action, int maximal,
      boolean reconnect) {
    List<CreateContext> out = new ArrayList<>();
    int oplockLevel = CreateCaching.respond(o, out, reconnect);
    for (CreateContext ctx : c.contexts()) {
      if (ctx.is(CreateContext.MXAC)) {
        out.add(CreateContext.maximalAccessResponse(NtStatus.SUCCESS, maximal));
      } else if (ctx.is(CreateContext.QFID)) {
        out.add(CreateContext.onDiskIdResponse(a.fileNumber(), volumeId(v.name())));
      }
    }
    int attrs = SmbFiles.attributes(v, a);
    return SmbReply.of(NtStatus.SUCCESS, new Create.Response(oplockLevel, 0, action, SmbFiles.filetime(a.birthTime()),
        SmbFiles.filetime(a.accessTime()), SmbFiles.filetime(a.modifyTime()), SmbFiles.changeTime(v, a, services.objects()),
        a.allocatedBytes(), a.isDirectory() ? 0 : a.size(), attrs, o.fileId(), out));
  }

  /**
   * A stable 64-bit id of a volume (QFid's VolumeId, FileFsVolumeInformation's serial number): FNV-1a of
   * its name, which never changes while the volume exists.
   *
   * @param volume the volume name
   * @return the id
   */
  static long volumeId(String volume) {
    long h = 0xcbf29ce484222325L;
    for (byte b : volume.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xFF;
      h *= 0x100000001b3L;
    }
    return h;
  }
}
