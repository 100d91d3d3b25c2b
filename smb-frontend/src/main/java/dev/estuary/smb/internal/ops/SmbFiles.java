package dev.estuary.smb.internal.ops;

import dev.estuary.core.CheckedVolume;
import dev.estuary.core.VolumeDefaults;
import dev.estuary.dfs.Attributes;
import dev.estuary.dfs.ByteRange;
import dev.estuary.dfs.Capability;
import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.ErrorKind;
import dev.estuary.dfs.FileHandle;
import dev.estuary.dfs.LockStyle;
import dev.estuary.dfs.RemoveKind;
import dev.estuary.dfs.ShareReservation;
import dev.estuary.dfs.Volume;
import dev.estuary.dfs.XattrMode;
import dev.estuary.smb.internal.codec.FileId;
import dev.estuary.smb.internal.codec.Fscc;
import dev.estuary.smb.internal.state.ChangeWatch;
import dev.estuary.smb.internal.state.ObjectTable;
import dev.estuary.smb.internal.state.Open;
import dev.estuary.smb.internal.state.OpenCaching;
import dev.estuary.smb.internal.state.SessionState;
import dev.estuary.smb.internal.state.TreeFiles;
import dev.estuary.smb.internal.state.TreeState;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the file commands share: the access mask and attribute bits ([MS-SMB2] 2.2.13.1, [MS-FSCC]
 * 2.6), FILETIME conversion ([MS-DTYP] 2.3.3), the DOS attributes kept per object, finding the open of a
 * request (with the related-compound FileId of 3.3.5.2.7.2) and closing an open.
 */
public final class SmbFiles {
  private static final Logger log = LoggerFactory.getLogger(SmbFiles.class);

  private SmbFiles() {}

  // ---- Access mask ([MS-SMB2] 2.2.13.1.1) ----
  /** FILE_READ_DATA / FILE_LIST_DIRECTORY. */
  public static final int FILE_READ_DATA = 0x1;
  /** FILE_WRITE_DATA / FILE_ADD_FILE. */
  public static final int FILE_WRITE_DATA = 0x2;
  /** FILE_APPEND_DATA / FILE_ADD_SUBDIRECTORY. */
  public static final int FILE_APPEND_DATA = 0x4;
  /** FILE_READ_EA. */
  public static final int FILE_READ_EA = 0x8;
  /** FILE_WRITE_EA. */
  public static final int FILE_WRITE_EA = 0x10;
  /** FILE_EXECUTE / FILE_TRAVERSE. */
  public static final int FILE_EXECUTE = 0x20;
  /** FILE_DELETE_CHILD. */
  public static final int FILE_DELETE_CHILD = 0x40;
  /** FILE_READ_ATTRIBUTES. */
  public static final int FILE_READ_ATTRIBUTES = 0x80;
  /** FILE_WRITE_ATTRIBUTES. */
  public static final int FILE_WRITE_ATTRIBUTES = 0x100;
  /** DELETE. */
  public static final int DELETE = 0x10000;
  /** READ_CONTROL. */
  public static final int READ_CONTROL = 0x20000;
  /** WRITE_DAC. */
  public static final int WRITE_DAC = 0x40000;
  /** WRITE_OWNER. */
  public static final int WRITE_OWNER = 0x80000;
  /** SYNCHRONIZE. */
  public static final int SYNCHRONIZE = 0x100000;
  /** ACCESS_SYSTEM_SECURITY. */
  public static final int ACCESS_SYSTEM_SECURITY = 0x1000000;
  /** MAXIMUM_ALLOWED. */
  public static final int MAXIMUM_ALLOWED = 0x2000000;
  /** GENERIC_ALL. */
  public static final int GENERIC_ALL = 0x10000000;
  /** GENERIC_EXECUTE. */
  public static final int GENERIC_EXECUTE = 0x20000000;
  /** GENERIC_WRITE. */
  public static final int GENERIC_WRITE = 0x40000000;
  /** GENERIC_READ. */
  public static final int GENERIC_READ = 0x80000000;
  /** The specific and standard rights a file can carry (FILE_ALL_ACCESS). */
  public static final int FILE_ALL_ACCESS = 0x001F01FF;
  /** FILE_GENERIC_READ ([MS-FSCC] / winnt.h). */
  public static final int FILE_GENERIC_READ = 0x00120089;
  /** FILE_GENERIC_WRITE. */
  public static final int FILE_GENERIC_WRITE = 0x00120116;
  /** FILE_GENERIC_EXECUTE. */
  public static final int FILE_GENERIC_EXECUTE = 0x001200A0;

  // ---- File attributes ([MS-FSCC] 2.6) ----
  /** FILE_ATTRIBUTE_READONLY. */
  public static final int ATTR_READONLY = 0x1;
  /** FILE_ATTRIBUTE_HIDDEN. */
  public static final int ATTR_HIDDEN = 0x2;
  /** FILE_ATTRIBUTE_SYSTEM. */
  public static final int ATTR_SYSTEM = 0x4;
  /** FILE_ATTRIBUTE_DIRECTORY. */
  public static final int ATTR_DIRECTORY = 0x10;
  /** FILE_ATTRIBUTE_ARCHIVE. */
  public static final int ATTR_ARCHIVE = 0x20;
  /** FILE_ATTRIBUTE_NORMAL: a file with no other attribute. */
  public static final int ATTR_NORMAL = 0x80;
  /** FILE_ATTRIBUTE_SPARSE_FILE: set and cleared only by FSCTL_SET_SPARSE ([MS-FSA] 2.1.5.10.28). */
  public static final int ATTR_SPARSE_FILE = 0x200;
  /**
   * The DOS bits clients set through CREATE and SET_INFO, kept per object; the others are derived
   * (directory), kept by an FSCTL (sparse) or not supported.
   */
  public static final int DOS_BITS = ATTR_READONLY | ATTR_HIDDEN | ATTR_SYSTEM | ATTR_ARCHIVE;

  /**
   * The xattr holding an object's DOS attribute bits (4 bytes, little-endian), present only when they
   * differ from the default (ARCHIVE for files, none for directories), so plain files cost no extra
   * write. The {@code estuary.smb.} prefix keeps it apart from user xattrs.
   */
  public static final String DOS_XATTR = "estuary.smb.dosattrib";

  /** FILETIME of the Unix epoch: 100 ns intervals from 1601-01-01 ([MS-DTYP] 2.3.3). */
  private static final long EPOCH_DIFF_SECONDS = 11_644_473_600L;

  /**
   * Maps the generic rights to file rights ([MS-SMB2] 3.3.5.9: the server maps them as the object
   * store's generic mapping says).
   *
   * @param mask DesiredAccess
   * @return the mask with GENERIC_* replaced by their file rights
   */
  public static int mapGeneric(int mask) {
    int m = mask & ~(GENERIC_ALL | GENERIC_EXECUTE | GENERIC_WRITE | GENERIC_READ);
    if ((mask & GENERIC_READ) != 0) {
      m |= FILE_GENERIC_READ;
    }
    if ((mask & GENERIC_WRITE) != 0) {
      m |= FILE_GENERIC_WRITE;
    }
    if ((mask & GENERIC_EXECUTE) != 0) {
      m |= FILE_GENERIC_EXECUTE;
    }
    if ((mask & GENERIC_ALL) != 0) {
      m |= FILE_ALL_ACCESS;
    }
    return m;
  }

  /**
   * The FILETIME of an instant.
   *
   * @param t the instant
   * @return 100 ns intervals since 1601
   */
  public static long filetime(Instant t) {
    return (t.getEpochSecond() + EPOCH_DIFF_SECONDS) * 10_000_000L + t.getNano() / 100;
  }

  /**
   * The instant of a FILETIME.
   *
   * @param ft 100 ns intervals since 1601
   * @return the instant
   */
  public static Instant instant(long ft) {
    return Instant.ofEpochSecond(Math.floorDiv(ft, 10_000_000L) - EPOCH_DIFF_SECONDS,
        Math.floorMod(ft, 10_000_000L) * 100);
  }

  /**
   * Whether a file is under retention or legal hold now ({@link Capability#RETENTION}), so that
   * deleting it must be refused when it is asked for (CREATE with FILE_DELETE_ON_CLOSE, SET_INFO
   * disposition) with STATUS_CANNOT_DELETE, as for a read-only file, instead of failing at CLOSE
   * where a client cannot see it. The backend refuses the removal itself in any case.
   *
   * @param services the server's services (backend and clock)
   * @param v the volume
   * @param a the object
   * @return true for a regular file whose retention is in effect
   */
  public static boolean retained(ServerServices services, Volume v, Attributes a) {
    if (!a.isFile() || !services.dfs().capabilities().contains(Capability.RETENTION)) {
      return false;
    }
    // The backend's own view: whether a file is protected is no secret of its bytes, and deleting
    // needs no read permission on the file (a checked view would refuse the lookup then).
    return services.dfs().volume(v.name()).getRetention(a.id()).inEffect(services.clock().instant());
  }

  /**
   * The DOS bits stored for an object, or its default.
   *
   * @param v the volume
   * @param a the object's attributes
   * @return READONLY/HIDDEN/SYSTEM/ARCHIVE and SPARSE_FILE bits
   */
  public static int storedDos(Volume v, Attributes a) {
    try {
      byte[] b = v.getXattr(a.id(), DOS_XATTR);
      if (b.length == 4) {
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getInt() & (DOS_BITS | ATTR_SPARSE_FILE);
      }
      log.warn("smb: object {}: xattr {} of {} bytes (expected: 4); default attributes used", a.id(), DOS_XATTR,
          b.length);
    } catch (DfsException e) {
      // ACCESS_DENIED: the caller may not read this object's xattrs (a listing of a directory holding
      // files of others); it still sees the entry, with the default attributes.
      if (e.kind() != ErrorKind.NO_SUCH_XATTR && e.kind() != ErrorKind.UNSUPPORTED
          && e.kind() != ErrorKind.ACCESS_DENIED) {
        throw e;
      }
    }
    return a.isDirectory() ? 0 : ATTR_ARCHIVE;
  }

  /**
   * The FileAttributes of an object as SMB reports them.
   *
   * @param v the volume
   * @param a the object
   * @return the attributes
   */
  public static int attributes(Volume v, Attributes a) {
    return withType(storedDos(v, a), a);
  }

  /**
   * Adds the type bit to stored DOS bits: DIRECTORY for directories, NORMAL for a file without any.
   *
   * @param dos the stored bits
   * @param a the object
   * @return FileAttributes
   */
  public static int withType(int dos, Attributes a) {
    if (a.isDirectory()) {
      return dos | ATTR_DIRECTORY;
    }
    return dos == 0 ? ATTR_NORMAL : dos;
  }

  /**
   * Stores DOS bits (removing the xattr when they equal the default). The sparse bit is kept as it is:
   * CREATE and SET_INFO cannot change it ([MS-FSA] 2.1.5.14.2), only {@link #storeSparse} can.
   *
   * @param v the volume (checked: changing attributes needs write permission)
   * @param a the object
   * @param dos the bits to keep; bits outside {@link #DOS_BITS} are ignored
   */
  public static void storeDos(Volume v, Attributes a, int dos) {
    writeDos(v, a, (dos & DOS_BITS) | (storedDos(v, a) & ATTR_SPARSE_FILE));
  }

  /**
   * Sets or clears FILE_ATTRIBUTE_SPARSE_FILE, keeping the other DOS bits (FSCTL_SET_SPARSE).
   *
   * @param v the volume (checked)
   * @param a the object
   * @param sparse the new state
   */
  public static void storeSparse(Volume v, Attributes a, boolean sparse) {
    writeDos(v, a, (storedDos(v, a) & DOS_BITS) | (sparse ? ATTR_SPARSE_FILE : 0));
  }

  private static void writeDos(Volume v, Attributes a, int bits) {
    int dflt = a.isDirectory() ? 0 : ATTR_ARCHIVE;
    if (bits == dflt) {
      try {
        v.removeXattr(a.id(), DOS_XATTR);
      } catch (DfsException e) {
        if (e.kind() != ErrorKind.NO_SUCH_XATTR) {
          throw e;
        }
      }
      return;
    }
    byte[] b = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(bits).array();
    v.setXattr(a.id(), DOS_XATTR, b, XattrMode.UPSERT);
  }

  /**
   * Whether a byte-range lock forbids an open's READ or WRITE of a range ([MS-FSA] 2.1.5.2 and 2.1.5.3:
   * STATUS_FILE_LOCK_CONFLICT): another owner's exclusive lock forbids both, its shared lock forbids
   * writing, and the open's own shared lock forbids its own writes. Locks of NFS clients count too, as
   * the backend holds every protocol's locks.
   *
   * @param o the open doing the I/O
   * @param write whether it writes
   * @param offset the first byte
   * @param length how many bytes (0 conflicts with nothing)
   * @return true if the I/O must fail
   */
  public static boolean lockConflict(Open o, boolean write, long offset, long length) {
    if (length == 0) {
      return false;
    }
    return o.files().locks().testIo(o.id(), o.lockOwner(), LockStyle.WINDOWS, write,
        new ByteRange(offset, length)).isPresent();
  }

  /**
   * The open a request names: its FileId, or inside a related compound the all-ones FileId standing for
   * the previous request's ([MS-SMB2] 3.3.5.2.7.2).
   *
   * @param r the request
   * @param fileId the FileId of its body
   * @return the open, or null when the session has no such open on the request's tree (the caller
   *     answers STATUS_FILE_CLOSED, [MS-SMB2] 3.3.5.10 and the other file commands)
   */
  public static @Nullable Open open(SmbRequest r, FileId fileId) {
    SessionState s = r.session();
    TreeState t = r.tree();
    if (s == null || t == null) {
      return null;
    }
    FileId id = fileId;
    if (fileId.isRelatedPlaceholder()) {
      if (!r.header().isRelated() || r.previousFileId() == null) {
        return null;
      }
      id = r.previousFileId();
    }
    return s.opens().get(id, t.treeId());
  }

  /**
   * The files of the request's tree, made on first use.
   *
   * @param r a request on a disk share
   * @param services the server's services
   * @return the tree's files
   */
  public static TreeFiles files(SmbRequest r, ServerServices services) {
    SessionState s = r.session();
    TreeState t = r.tree();
    if (s == null || t == null || t.caller() == null) {
      throw new IllegalStateException("files of a request without a disk tree (the dispatcher checks both)");
    }
    return s.opens().files(t.treeId(), id -> {
      Volume v = services.dfs().volume(t.share());
      return new TreeFiles(v, VolumeDefaults.read(v), t.caller(), services.access(),
          "smb session " + Long.toHexString(s.sessionId()) + " tree " + id);
    });
  }

  /**
   * What closes an open: its handle and share reservation, then, for the last open of a delete-pending
   * object, the object itself ([MS-FSA] 2.1.5.4), as the open's user.
   *
   * @param objects the server-wide object table
   * @return the closer for {@link dev.estuary.smb.internal.state.OpenTable}
   */
  public static Consumer<Open> closer(ObjectTable objects) {
    return o -> close(o, objects);
  }

  /**
   * Closes an open (already removed from its table).
   *
   * @param o the open
   * @param objects the object table
   * @return whether the object was deleted
   */
  public static boolean close(Open o, ObjectTable objects) {
    FileHandle h = o.handle();
    ShareReservation res = o.reservation();
    ChangeWatch watch = o.changeWatch();
    if (watch != null) {
      // [MS-SMB2] 3.3.4.1 / [MS-FSA] 2.1.5.4: waiting CHANGE_NOTIFY requests end with STATUS_NOTIFY_CLEANUP.
      try {
        watch.close();
      } catch (RuntimeException e) {
        log.warn("smb close of {}: change watch release failed", o.path(), e);
      }
    }
    if (o.hasLocked()) {
      // [MS-FSA] 2.1.5.4: the open's byte-range locks go with it, and its pending lock requests end.
      try {
        o.files().locks().unlockAll(o.id(), o.lockOwner());
      } catch (RuntimeException e) {
        log.warn("smb close of {}: lock release failed", o.path(), e);
      }
    }
    try {
      if (h != null) {
        h.close();
      }
    } catch (RuntimeException e) {
      log.warn("smb close of {}: handle close failed", o.path(), e);
    }
    try {
      if (res != null) {
        res.close();
      }
    } catch (RuntimeException e) {
      log.warn("smb close of {}: share reservation release failed", o.path(), e);
    }
    boolean delete = objects.release(o.shared(), (o.createOptions() & CreateHandler.FILE_DELETE_ON_CLOSE) != 0);
    boolean deleted = false;
    if (delete) {
      CheckedVolume v = o.files().view();
      try {
        // The name may have been reused or renamed by another protocol meanwhile: delete only if it
        // still names this object.
        Attributes now = v.lookup(o.parent(), o.name());
        if (now.id().equals(o.id())) {
          v.remove(o.parent(), o.name(), o.isDirectory() ? RemoveKind.DIRECTORY : RemoveKind.NOT_DIRECTORY);
          deleted = true;
        }
      } catch (DfsException e) {
        log.info("smb delete-on-close of '{}' in {}: {}", o.path(), o.files().volumeName(), e.getMessage());
      }
    }
    OpenCaching caching = o.caching();
    if (caching != null) {
      // Last, so a CREATE that waits for this open's break finds its share reservation gone when it retries.
      caching.release();
    }
    return deleted;
  }

  /**
   * The [MS-FSCC] values of an object. NumberOfLinks does not count the link a pending delete removes
   * ([MS-FSA] 2.1.5.12.27: only links not marked deleted count; Windows and Samba answer 0 for a file with
   * one link and DeletePending set).
   *
   * @param v the volume
   * @param a the object
   * @param deletePending whether it is delete-pending
   * @param objects the object table (client-set ChangeTimes)
   * @return the values
   */
  public static Fscc.FileInfo info(Volume v, Attributes a, boolean deletePending, ObjectTable objects) {
    return new Fscc.FileInfo(filetime(a.birthTime()), filetime(a.accessTime()), filetime(a.modifyTime()),
        changeTime(v, a, objects), a.isDirectory() ? 0 : a.size(), a.isDirectory() ? 0 : a.allocatedBytes(),
        attributes(v, a), a.fileNumber(), deletePending ? Math.max(0, a.linkCount() - 1) : a.linkCount(),
        deletePending, a.isDirectory());
  }

  /**
   * The ChangeTime of an object: one a client set while it is still current ({@link
   * ObjectTable#changeTime}), else the backend's change time.
   *
   * @param v the volume
   * @param a the object
   * @param objects the object table
   * @return the FILETIME
   */
  public static long changeTime(Volume v, Attributes a, ObjectTable objects) {
    return objects.changeTime(v.name(), a.id(), a.change(), filetime(a.changeTime()));
  }

  /**
   * A path from the share root: the parent's path and a name.
   *
   * @param parentPath the parent's path (empty for the root)
   * @param name the name
   * @return the joined path
   */
  public static String child(String parentPath, String name) {
    return parentPath.isEmpty() ? name : parentPath + "\\" + name;
  }
}
