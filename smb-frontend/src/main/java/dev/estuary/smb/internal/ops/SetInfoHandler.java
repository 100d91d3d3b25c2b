package dev.estuary.smb.internal.ops;

import dev.estuary.core.CheckedVolume;
import dev.estuary.dfs.Attributes;
import dev.estuary.dfs.Capability;
import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.DirCursor;
import dev.estuary.dfs.ErrorKind;
import dev.estuary.dfs.FileHandle;
import dev.estuary.dfs.RenameMode;
import dev.estuary.dfs.ReservedNames;
import dev.estuary.dfs.SetAttributes;
import dev.estuary.dfs.ShareAccess;
import dev.estuary.dfs.ShareReservation;
import dev.estuary.smb.internal.codec.Bytes;
import dev.estuary.smb.internal.codec.FullEa;
import dev.estuary.smb.internal.codec.Fscc;
import dev.estuary.smb.internal.codec.Info;
import dev.estuary.smb.internal.codec.NtStatus;
import dev.estuary.smb.internal.codec.SecurityDescriptor;
import dev.estuary.smb.internal.codec.SimpleMessages;
import dev.estuary.smb.internal.codec.SmbDecodeException;
import dev.estuary.smb.internal.codec.WireNames;
import dev.estuary.smb.internal.state.Open;
import dev.estuary.smb.internal.state.OpenCaching;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

/**
 * SET_INFO ([MS-SMB2] 3.3.5.21, [MS-FSA] 2.1.5.15) for the classes clients send.
 *
 * <p>File: Basic (times, where 0 and -1/-2 mean "leave as is", and the DOS attributes), EndOfFile (the
 * size), Allocation (below the size it truncates; above, it reserves the space through the backend's
 * allocate, or is a hint on a backend without it), Disposition and DispositionEx (delete-pending: the object goes when its last open
 * closes; POSIX semantics are served as the plain form), Rename (with and without ReplaceIfExists, the
 * target relative to the share root), Position. Link is STATUS_NOT_SUPPORTED: the backend has no hard
 * links. FullEa sets and removes EAs ({@link SmbEas}); query-only classes STATUS_INVALID_INFO_CLASS, other
 * defined classes STATUS_NOT_SUPPORTED.
 *
 * <p>Security: owner and group must stay what they are (ownership changes go through the POSIX tools);
 * a DACL of owner, group and Everyone allowed ACEs sets the mode bits ({@link SecurityMapping}), any other
 * DACL is STATUS_NOT_SUPPORTED. File system and quota information cannot be set: STATUS_NOT_SUPPORTED.
 */
public final class SetInfoHandler implements SmbHandler {
  /** FILE_ATTRIBUTE_TEMPORARY. */
  static final int ATTR_TEMPORARY = 0x100;
  /** FILE_DISPOSITION_DELETE. */
  static final int DISPOSITION_DELETE = 0x1;
  /** FILE_DISPOSITION_POSIX_SEMANTICS. */
  static final int DISPOSITION_POSIX = 0x2;
  /** FILE_DISPOSITION_IGNORE_READONLY_ATTRIBUTE. */
  static final int DISPOSITION_IGNORE_READONLY = 0x10;

  private final ServerServices services;

  /**
   * A handler.
   *
   * @param services the server's services
   */
  public SetInfoHandler(ServerServices services) {
    this.services = services;
  }

  @Override
  public SmbReply handle(SmbRequest request) throws SmbDecodeException {
    Info.SetRequest s = (Info.SetRequest) request.body();
    Open o = SmbFiles.open(request, s.fileId());
    if (o == null) {
      return SmbReply.error(NtStatus.FILE_CLOSED, s);
    }
    CheckedVolume v = o.files().view();
    NtStatus status = switch (s.infoType()) {
      case Info.INFO_FILE -> file(s, o, v);
      case Info.INFO_SECURITY -> security(s, o, v);
      case Info.INFO_FILESYSTEM, Info.INFO_QUOTA -> NtStatus.NOT_SUPPORTED;
      default -> NtStatus.INVALID_PARAMETER;
    };
    if (status != NtStatus.SUCCESS) {
      return SmbReply.error(status, s);
    }
    return SmbReply.of(NtStatus.SUCCESS, new SimpleMessages.SetInfoResponse());
  }

  private static ByteBuffer le(Bytes b) {
    return b.asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
  }

  private NtStatus file(Info.SetRequest s, Open o, CheckedVolume v) {
    Bytes in = s.buffer();
    return switch (s.fileInfoClass()) {
      case Fscc.FILE_BASIC_INFORMATION -> in.length() < 36 ? NtStatus.INFO_LENGTH_MISMATCH : basic(le(in), o, v);
      case Fscc.FILE_END_OF_FILE_INFORMATION -> in.length() < 8 ? NtStatus.INFO_LENGTH_MISMATCH
          : endOfFile(le(in).getLong(0), o, v, false);
      case Fscc.FILE_ALLOCATION_INFORMATION -> in.length() < 8 ? NtStatus.INFO_LENGTH_MISMATCH
          : endOfFile(le(in).getLong(0), o, v, true);
      case Fscc.FILE_DISPOSITION_INFORMATION -> in.length() < 1 ? NtStatus.INFO_LENGTH_MISMATCH
          : disposition(in.get(0) != 0, false, o, v);
      case Fscc.FILE_DISPOSITION_INFORMATION_EX -> {
        if (in.length() < 4) {
          yield NtStatus.INFO_LENGTH_MISMATCH;
        }
        int flags = le(in).getInt(0);
        yield disposition((flags & DISPOSITION_DELETE) != 0, (flags & DISPOSITION_IGNORE_READONLY) != 0, o, v);
      }
      case Fscc.FILE_RENAME_INFORMATION -> rename(in, o, v);
      // The backend has no hard links (Volume.link only publishes an unlinked object), so a second name
      // cannot be made: refused as NTFS-less servers do.
      case Fscc.FILE_LINK_INFORMATION -> NtStatus.NOT_SUPPORTED;
      case Fscc.FILE_POSITION_INFORMATION -> {
        if (in.length() < 8) {
          yield NtStatus.INFO_LENGTH_MISMATCH;
        }
        long p = le(in).getLong(0);
        if (p < 0) {
          yield NtStatus.INVALID_PARAMETER;
        }
        o.position(p);
        yield NtStatus.SUCCESS;
      }
      case Fscc.FILE_FULL_EA_INFORMATION -> fullEa(in, o, v);
      case Fscc.FILE_STANDARD_INFORMATION, Fscc.FILE_INTERNAL_INFORMATION, Fscc.FILE_EA_INFORMATION,
          Fscc.FILE_ACCESS_INFORMATION, Fscc.FILE_NAME_INFORMATION, Fscc.FILE_ALL_INFORMATION,
          Fscc.FILE_ALTERNATE_NAME_INFORMATION, Fscc.FILE_STREAM_INFORMATION, Fscc.FILE_NETWORK_OPEN_INFORMATION,
          Fscc.FILE_ATTRIBUTE_TAG_INFORMATION, Fscc.FILE_ALIGNMENT_INFORMATION, Fscc.FILE_ID_INFORMATION,
          Fscc.FILE_NORMALIZED_NAME_INFORMATION, Fscc.FILE_DIRECTORY_INFORMATION,
          Fscc.FILE_FULL_DIRECTORY_INFORMATION, Fscc.FILE_BOTH_DIRECTORY_INFORMATION, Fscc.FILE_NAMES_INFORMATION,
          Fscc.FILE_ID_BOTH_DIRECTORY_INFORMATION, Fscc.FILE_ID_FULL_DIRECTORY_INFORMATION ->
          NtStatus.INVALID_INFO_CLASS;
      default -> s.fileInfoClass() > 0 && s.fileInfoClass() < 80 ? NtStatus.NOT_SUPPORTED
          : NtStatus.INVALID_INFO_CLASS;
    };
  }

  /** FileFullEaInformation ([MS-FSA] 2.1.5.15.4): sets and removes EAs ({@link SmbEas}). */
  private static NtStatus fullEa(Bytes in, Open o, CheckedVolume v) {
    if (!o.granted(SmbFiles.FILE_WRITE_EA)) {
      return NtStatus.ACCESS_DENIED;
    }
    List<FullEa> eas;
    try {
      eas = FullEa.decodeList(in);
    } catch (SmbDecodeException e) {
      return e.status();
    }
    NtStatus bad = SmbEas.check(eas);
    if (bad != null) {
      return bad;
    }
    SmbEas.apply(v, o.id(), eas);
    return NtStatus.SUCCESS;
  }

  /** FileBasicInformation ([MS-FSA] 2.1.5.15.1). */
  private NtStatus basic(ByteBuffer b, Open o, CheckedVolume v) {
    if (!o.granted(SmbFiles.FILE_WRITE_ATTRIBUTES)) {
      return NtStatus.ACCESS_DENIED;
    }
    long creation = b.getLong(0);
    long access = b.getLong(8);
    long write = b.getLong(16);
    int attrs = b.getInt(32);
    for (long t : new long[] {creation, access, write, b.getLong(24)}) {
      if (t < -2) {
        return NtStatus.INVALID_PARAMETER;
      }
    }
    Attributes a = v.getAttributes(o.id());
    // 2.1.5.15.1: a ChangeTime the user set stays until a later change sets or updates it; changing only
    // the attributes or other times in this same request must not replace it with the backend's change time.
    long backendChange = SmbFiles.filetime(a.changeTime());
    long userChange = SmbFiles.changeTime(v, a, services.objects());
    long keptChange = userChange != backendChange ? userChange : 0;
    if (attrs != 0) {
      if ((attrs & SmbFiles.ATTR_DIRECTORY) != 0 && !a.isDirectory()
          || (attrs & ATTR_TEMPORARY) != 0 && a.isDirectory()) {
        // [MS-FSA] 2.1.5.15.1: DIRECTORY on a file, TEMPORARY on a directory.
        return NtStatus.INVALID_PARAMETER;
      }
      if ((attrs & SmbFiles.ATTR_NORMAL) != 0 && (attrs & ~SmbFiles.ATTR_NORMAL) != 0) {
        // NORMAL is valid only alone ([MS-FSCC] 2.6); other unsupported bits are ignored as NTFS does.
        attrs &= ~SmbFiles.ATTR_NORMAL;
      }
    }
    SetAttributes.Builder sa = SetAttributes.builder();
    // 0 leaves a time as it is; -1 and -2 stop and resume the server's own updates (2.1.5.15.1), which
    // this server does not track per open, so they leave it as is too.
    if (creation > 0) {
      sa.birthTime(SmbFiles.instant(creation));
    }
    if (access > 0) {
      sa.accessTime(SmbFiles.instant(access));
    }
    if (write > 0) {
      sa.modifyTime(SmbFiles.instant(write));
    }
    SetAttributes changes = sa.build();
    if (!changes.isEmpty()) {
      a = v.setAttributes(o.id(), changes);
    }
    if (attrs != 0) {
      SmbFiles.storeDos(v, a, attrs);
    }
    long change = b.getLong(24) > 0 ? b.getLong(24) : keptChange;
    if (change > 0) {
      // The backend cannot take a ChangeTime; the object table answers it until the object changes again.
      services.objects().changeTimeSet(o.shared(), change, v.getAttributes(o.id()).change());
    }
    return NtStatus.SUCCESS;
  }

  /** FileEndOfFileInformation and FileAllocationInformation ([MS-FSA] 2.1.5.15.4, 2.1.5.15.2). */
  private NtStatus endOfFile(long size, Open o, CheckedVolume v, boolean allocation) {
    if (o.isDirectory()) {
      return NtStatus.INVALID_PARAMETER;
    }
    if (!o.granted(SmbFiles.FILE_WRITE_DATA)) {
      return NtStatus.ACCESS_DENIED;
    }
    if (size < 0) {
      return NtStatus.INVALID_PARAMETER;
    }
    FileHandle h = o.handle();
    long current = h != null ? h.size() : v.getAttributes(o.id()).size();
    if (allocation && size >= current) {
      // Allocation beyond the end reserves the space when the backend can ([MS-FSA] 2.1.5.15.2), so a
      // preallocated copy fails early with DISK_FULL; without ALLOCATE it is a hint sparse files need not.
      if (h != null && size > current && services.dfs().capabilities().contains(Capability.ALLOCATE)) {
        try (OpenCaching.Change change = OpenCaching.allocation(o, true)) {
          h.allocate(0, size, true);
        }
      }
      return NtStatus.SUCCESS;
    }
    try (OpenCaching.Change change = OpenCaching.change(o)) {
      if (h != null) {
        h.truncate(size);
      } else {
        v.setAttributes(o.id(), SetAttributes.builder().size(size).build());
      }
    }
    return NtStatus.SUCCESS;
  }

  /** FileDispositionInformation(Ex) ([MS-FSA] 2.1.5.15.3). */
  private NtStatus disposition(boolean delete, boolean ignoreReadOnly, Open o, CheckedVolume v) {
    if (!o.granted(SmbFiles.DELETE)) {
      return NtStatus.ACCESS_DENIED;
    }
    if (delete) {
      if (o.path().isEmpty()) {
        return NtStatus.CANNOT_DELETE;
      }
      Attributes a = v.getAttributes(o.id());
      if (!a.isDirectory() && !ignoreReadOnly && (SmbFiles.storedDos(v, a) & SmbFiles.ATTR_READONLY) != 0) {
        return NtStatus.CANNOT_DELETE;
      }
      if (SmbFiles.retained(services, v, a)) {
        // Unlike the read-only attribute, FILE_DISPOSITION_IGNORE_READONLY_ATTRIBUTE cannot lift it.
        return NtStatus.CANNOT_DELETE;
      }
      if (a.isDirectory() && !v.readdir(o.id(), DirCursor.START, 1, false).entries().isEmpty()) {
        return NtStatus.DIRECTORY_NOT_EMPTY;
      }
    }
    services.objects().deletePending(o.shared(), delete);
    return NtStatus.SUCCESS;
  }

  /**
   * FileRenameInformation, SMB2 layout ([MS-FSCC] 2.4.42.2): ReplaceIfExists (1), Reserved (7),
   * RootDirectory (8, must be 0), FileNameLength (4), FileName.
   */
  private NtStatus rename(Bytes in, Open o, CheckedVolume v) {
    if (in.length() < 20) {
      return NtStatus.INFO_LENGTH_MISMATCH;
    }
    ByteBuffer b = le(in);
    boolean replace = b.get(0) != 0;
    long root = b.getLong(8);
    long nameLen = Integer.toUnsignedLong(b.getInt(16));
    if (root != 0 || (nameLen & 1) != 0 || 20 + nameLen > in.length() || nameLen == 0) {
      return NtStatus.INVALID_PARAMETER;
    }
    byte[] n = new byte[(int) nameLen];
    b.position(20);
    b.get(n);
    String target = new String(n, StandardCharsets.UTF_16LE);
    if (target.startsWith("\\")) {
      target = target.substring(1);
    }
    if (!o.granted(SmbFiles.DELETE) || o.path().isEmpty()) {
      return NtStatus.ACCESS_DENIED;
    }
    SmbPaths.Resolved dst;
    try {
      List<String> parts = SmbPaths.split(target);
      if (parts.isEmpty()) {
        return NtStatus.OBJECT_NAME_INVALID;
      }
      dst = SmbPaths.resolve(v, parts);
    } catch (SmbPaths.PathException e) {
      return e.status();
    }
    if (dst.parent().id().equals(v.root()) && ReservedNames.isReservedAtRoot(dst.name())) {
      return NtStatus.ACCESS_DENIED;
    }
    Attributes existing = dst.target();
    boolean sameObject = existing != null && existing.id().equals(o.id());
    if (existing != null && !sameObject) {
      if (!replace) {
        return NtStatus.OBJECT_NAME_COLLISION;
      }
      if (existing.isDirectory()) {
        // [MS-FSA] 2.1.5.15.12: a directory is never replaced.
        return NtStatus.ACCESS_DENIED;
      }
      if (services.objects().isOpen(o.files().volumeName(), existing.id())) {
        // An open target cannot be replaced ([MS-FSA] 2.1.5.15.12.1).
        return NtStatus.ACCESS_DENIED;
      }
    }
    if (o.isDirectory() && services.objects().hasOpenBelow(o.files().volumeName(), o.id())) {
      // [MS-FSA] 2.1.5.15.12: a directory with open files below it cannot be renamed.
      return NtStatus.ACCESS_DENIED;
    }
    // A rename to a name that differs only in case keeps the object and takes the new spelling.
    String newName = sameObject ? WireNames.fromWire(lastComponent(target)) : dst.name();
    // Renaming changes the parent directory as deleting an entry does: Windows treats it as an open of the
    // parent for DELETE that shares nothing of DELETE, so an open of the parent holding DELETE access or
    // not sharing DELETE makes it STATUS_SHARING_VIOLATION (smbtorture smb2.rename.*_delete_access).
    ShareReservation parentCheck;
    try {
      parentCheck = o.files().locks().reserve(o.parent(), EnumSet.of(ShareAccess.DELETE),
          EnumSet.of(ShareAccess.DELETE));
    } catch (DfsException e) {
      if (e.kind() == ErrorKind.SHARING_VIOLATION) {
        return NtStatus.SHARING_VIOLATION;
      }
      throw e;
    }
    try (parentCheck) {
      v.rename(o.parent(), o.name(), dst.parent().id(), newName, replace ? RenameMode.REPLACE
          : RenameMode.NO_REPLACE);
    } catch (DfsException e) {
      if (e.kind() == ErrorKind.EXISTS) {
        return NtStatus.OBJECT_NAME_COLLISION;
      }
      throw e;
    }
    o.moved(dst.parent().id(), SmbFiles.child(dst.parentPath(), WireNames.toWire(newName)));
    return NtStatus.SUCCESS;
  }

  private static String lastComponent(String path) {
    return path.substring(path.lastIndexOf('\\') + 1);
  }

  /** SET_INFO security ([MS-SMB2] 3.3.5.21.3). */
  private NtStatus security(Info.SetRequest s, Open o, CheckedVolume v) throws SmbDecodeException {
    int parts = s.additionalInformation();
    if ((parts & SecurityDescriptor.SACL) != 0) {
      return NtStatus.PRIVILEGE_NOT_HELD;
    }
    if ((parts & ~(SecurityDescriptor.OWNER | SecurityDescriptor.GROUP | SecurityDescriptor.DACL
        | SecurityDescriptor.DACL_PROTECTION)) != 0) {
      // [MS-DTYP] 2.4.7: label, attribute, scope and backup parts have no place on a POSIX object; they are
      // refused rather than silently dropped. The DACL protection flags only say whether to inherit.
      return NtStatus.NOT_SUPPORTED;
    }
    if ((parts & (SecurityDescriptor.OWNER | SecurityDescriptor.GROUP)) != 0 && !o.granted(SmbFiles.WRITE_OWNER)
        || (parts & SecurityDescriptor.DACL) != 0 && !o.granted(SmbFiles.WRITE_DAC)) {
      return NtStatus.ACCESS_DENIED;
    }
    SecurityDescriptor sd = SecurityDescriptor.decode(s.buffer());
    Attributes a = v.getAttributes(o.id());
    var sids = services.identity().sids();
    if ((parts & SecurityDescriptor.OWNER) != 0 && sd.owner() != null
        && !sd.owner().equals(Bytes.of(sids.userSid(a.uid()).toBytes()))) {
      return NtStatus.NOT_SUPPORTED;
    }
    if ((parts & SecurityDescriptor.GROUP) != 0 && sd.group() != null
        && !sd.group().equals(Bytes.of(sids.groupSid(a.gid()).toBytes()))) {
      return NtStatus.NOT_SUPPORTED;
    }
    if ((parts & SecurityDescriptor.DACL) != 0 && sd.dacl() == null) {
      // A NULL DACL (or none present) would grant everyone everything ([MS-DTYP] 2.4.6): not mapped to 0777.
      return NtStatus.NOT_SUPPORTED;
    }
    if ((parts & SecurityDescriptor.DACL) != 0 && sd.dacl() != null) {
      Optional<Integer> mode = SecurityMapping.modeOf(sd.dacl(), a, sids);
      if (mode.isEmpty()) {
        return NtStatus.NOT_SUPPORTED;
      }
      if (mode.get() != a.mode()) {
        v.setAttributes(o.id(), SetAttributes.builder().mode(mode.get()).build());
      }
    }
    return NtStatus.SUCCESS;
  }
}
