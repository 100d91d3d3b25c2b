package dev.estuary.smb.internal.ops;

import dev.estuary.core.CheckedVolume;
import dev.estuary.dfs.Attributes;
import dev.estuary.dfs.FsStats;
import dev.estuary.smb.internal.codec.Bytes;
import dev.estuary.smb.internal.codec.ErrorResponse;
import dev.estuary.smb.internal.codec.FullEa;
import dev.estuary.smb.internal.codec.Fscc;
import dev.estuary.smb.internal.codec.Info;
import dev.estuary.smb.internal.codec.NtStatus;
import dev.estuary.smb.internal.codec.OutputResponse;
import dev.estuary.smb.internal.codec.SecurityDescriptor;
import dev.estuary.smb.internal.codec.SmbCommand;
import dev.estuary.smb.internal.codec.SmbDecodeException;
import dev.estuary.smb.internal.state.Open;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * QUERY_INFO ([MS-SMB2] 3.3.5.20) for the file, file system and security classes clients use.
 *
 * <p>File ([MS-FSCC] 2.4): Basic, Standard, Internal (the backend's file number), EA (none), Access,
 * Position, Mode, Alignment (byte), All, Name/NormalizedName, AlternateName (no 8.3 names exist:
 * STATUS_OBJECT_NAME_NOT_FOUND, as NTFS answers with short names disabled), Stream (the one unnamed
 * {@code ::$DATA} stream of a file; none for a directory), NetworkOpen, AttributeTag and FileId. The
 * set-only classes (Rename, Link, Disposition, Allocation, EndOfFile...) are STATUS_INVALID_INFO_CLASS;
 * FullEa lists the EAs ({@link SmbEas}); other defined classes STATUS_NOT_SUPPORTED.
 *
 * <p>File system ([MS-FSCC] 2.5): Volume, Size, Device, Attribute, FullSize, ObjectId, SectorSize;
 * others STATUS_NOT_SUPPORTED or STATUS_INVALID_INFO_CLASS. Security: a descriptor from the owner, group
 * and mode bits ({@link SecurityMapping}); asking for the SACL needs ACCESS_SYSTEM_SECURITY, never
 * granted: STATUS_PRIVILEGE_NOT_HELD. Quota: STATUS_NOT_SUPPORTED.
 *
 * <p>An OutputBufferLength below a class's fixed size is STATUS_INFO_LENGTH_MISMATCH; variable parts that
 * do not fit are cut with STATUS_BUFFER_OVERFLOW ([MS-SMB2] 3.3.5.20.1).
 */
public final class QueryInfoHandler implements SmbHandler {
  /**
   * FILE_CASE_PRESERVED_NAMES | FILE_UNICODE_ON_DISK | FILE_SUPPORTS_SPARSE_FILES | FILE_SUPPORTS_OBJECT_IDS |
   * FILE_SUPPORTS_EXTENDED_ATTRIBUTES ([MS-FSCC] 2.5.1): names keep their case and are Unicode; files can be
   * marked sparse and their holes queried ({@link SetSparseFsctl}, {@link QueryAllocatedRangesFsctl});
   * every object has an object id ({@link ObjectIdFsctl}, [MS-FSA] 2.1.5.10.1 requires the volume to say so);
   * EAs are kept (as {@code user.} xattrs).
   */
  static final int FS_ATTRIBUTES = 0x2 | 0x4 | 0x40 | 0x00010000 | 0x00800000;
  /** Bytes per sector and sectors per allocation unit reported for the volume. */
  static final int SECTOR = 512;
  static final int SECTORS_PER_UNIT = 8;

  private final ServerServices services;

  /**
   * A handler.
   *
   * @param services the server's services
   */
  public QueryInfoHandler(ServerServices services) {
    this.services = services;
  }

  /** An answer before the length check: the bytes and the fixed part's size. */
  private record Out(NtStatus status, byte @Nullable [] data, int fixed) {}

  @Override
  public SmbReply handle(SmbRequest request) {
    Info.QueryRequest q = (Info.QueryRequest) request.body();
    Open o = SmbFiles.open(request, q.fileId());
    if (o == null) {
      return SmbReply.error(NtStatus.FILE_CLOSED, q);
    }
    CheckedVolume v = o.files().view();
    Out out = switch (q.infoType()) {
      case Info.INFO_FILE -> file(q, o, v);
      case Info.INFO_FILESYSTEM -> fs(q, o, v);
      case Info.INFO_SECURITY -> security(q, o, v);
      case Info.INFO_QUOTA -> new Out(NtStatus.NOT_SUPPORTED, null, 0);
      default -> new Out(NtStatus.INVALID_PARAMETER, null, 0);
    };
    if (out.status() == NtStatus.BUFFER_TOO_SMALL && out.data() != null) {
      // 3.3.5.20.3: the ERROR response's ErrorData carries the size the descriptor needs.
      return SmbReply.of(out.status(), new ErrorResponse(SmbCommand.QUERY_INFO, 0, Bytes.of(out.data())));
    }
    if (out.data() == null) {
      return SmbReply.error(out.status(), q);
    }
    if (q.outputBufferLength() < out.fixed()) {
      return SmbReply.error(NtStatus.INFO_LENGTH_MISMATCH, q);
    }
    byte[] data = out.data();
    NtStatus status = out.status();
    if (data.length > q.outputBufferLength()) {
      data = java.util.Arrays.copyOf(data, q.outputBufferLength());
      status = NtStatus.BUFFER_OVERFLOW;
    }
    return SmbReply.of(status, new OutputResponse(SmbCommand.QUERY_INFO, Bytes.of(data)));
  }

  private static Out ok(ByteBuf b, int fixed) {
    byte[] d = ByteBufUtil.getBytes(b);
    b.release();
    return new Out(NtStatus.SUCCESS, d, fixed);
  }

  private static Out refuse(NtStatus s) {
    return new Out(s, null, 0);
  }

  private Out file(Info.QueryRequest q, Open o, CheckedVolume v) {
    int cls = q.fileInfoClass();
    boolean needsAttributes = switch (cls) {
      case Fscc.FILE_BASIC_INFORMATION, Fscc.FILE_ALL_INFORMATION, Fscc.FILE_NETWORK_OPEN_INFORMATION,
          Fscc.FILE_ATTRIBUTE_TAG_INFORMATION -> true;
      default -> false;
    };
    if (needsAttributes && !o.granted(SmbFiles.FILE_READ_ATTRIBUTES)) {
      return refuse(NtStatus.ACCESS_DENIED);
    }
    ByteBuf b = Unpooled.buffer();
    switch (cls) {
      case Fscc.FILE_BASIC_INFORMATION -> {
        Fscc.writeBasic(b, info(o, v));
        return ok(b, 40);
      }
      case Fscc.FILE_STANDARD_INFORMATION -> {
        Fscc.writeStandard(b, info(o, v));
        return ok(b, 24);
      }
      case Fscc.FILE_INTERNAL_INFORMATION -> {
        b.writeLongLE(v.getAttributes(o.id()).fileNumber());
        return ok(b, 8);
      }
      case Fscc.FILE_EA_INFORMATION -> {
        b.writeIntLE(SmbEas.size(v, o.id()));
        return ok(b, 4);
      }
      case Fscc.FILE_ACCESS_INFORMATION -> {
        b.writeIntLE(o.grantedAccess());
        return ok(b, 4);
      }
      case Fscc.FILE_POSITION_INFORMATION -> {
        b.writeLongLE(o.position());
        return ok(b, 8);
      }
      case Fscc.FILE_MODE_INFORMATION -> {
        b.writeIntLE(mode(o));
        return ok(b, 4);
      }
      case Fscc.FILE_ALIGNMENT_INFORMATION -> {
        b.writeIntLE(0);
        return ok(b, 4);
      }
      case Fscc.FILE_ALL_INFORMATION -> {
        Fscc.writeAll(b, info(o, v), SmbEas.size(v, o.id()), o.grantedAccess(), o.position(), mode(o),
            "\\" + o.path());
        return ok(b, 100);
      }
      case Fscc.FILE_NAME_INFORMATION, Fscc.FILE_NORMALIZED_NAME_INFORMATION -> {
        Fscc.writeName(b, cls == Fscc.FILE_NAME_INFORMATION ? "\\" + o.path() : o.path());
        return ok(b, 4);
      }
      case Fscc.FILE_ALTERNATE_NAME_INFORMATION -> {
        b.release();
        return refuse(NtStatus.OBJECT_NAME_NOT_FOUND);
      }
      case Fscc.FILE_STREAM_INFORMATION -> {
        Attributes a = v.getAttributes(o.id());
        if (!a.isDirectory()) {
          Fscc.writeDataStream(b, a.size(), a.allocatedBytes());
        }
        return ok(b, 0);
      }
      case Fscc.FILE_NETWORK_OPEN_INFORMATION -> {
        Fscc.writeNetworkOpen(b, info(o, v));
        return ok(b, 56);
      }
      case Fscc.FILE_ATTRIBUTE_TAG_INFORMATION -> {
        b.writeIntLE(info(o, v).attributes());
        b.writeIntLE(0); // ReparseTag: no reparse points
        return ok(b, 8);
      }
      case Fscc.FILE_ID_INFORMATION -> {
        b.writeLongLE(CreateHandler.volumeId(o.files().volumeName()));
        b.writeLongLE(v.getAttributes(o.id()).fileNumber());
        b.writeLongLE(0);
        return ok(b, 24);
      }
      case Fscc.FILE_FULL_EA_INFORMATION -> {
        b.release();
        return fullEa(q, o, v);
      }
      case Fscc.FILE_RENAME_INFORMATION, Fscc.FILE_LINK_INFORMATION, Fscc.FILE_DISPOSITION_INFORMATION,
          Fscc.FILE_ALLOCATION_INFORMATION, Fscc.FILE_END_OF_FILE_INFORMATION,
          Fscc.FILE_VALID_DATA_LENGTH_INFORMATION, Fscc.FILE_DISPOSITION_INFORMATION_EX,
          Fscc.FILE_RENAME_INFORMATION_EX, Fscc.FILE_DIRECTORY_INFORMATION, Fscc.FILE_FULL_DIRECTORY_INFORMATION,
          Fscc.FILE_BOTH_DIRECTORY_INFORMATION, Fscc.FILE_NAMES_INFORMATION,
          Fscc.FILE_ID_BOTH_DIRECTORY_INFORMATION, Fscc.FILE_ID_FULL_DIRECTORY_INFORMATION -> {
        // [MS-FSA] 2.1.5.12: classes that are set-only or directory-only cannot be queried.
        b.release();
        return refuse(NtStatus.INVALID_INFO_CLASS);
      }
      default -> {
        b.release();
        return refuse(cls > 0 && cls < 80 ? NtStatus.NOT_SUPPORTED : NtStatus.INVALID_INFO_CLASS);
      }
    }
  }

  /** SL_RESTART_SCAN. */
  static final int SL_RESTART_SCAN = 0x1;
  /** SL_RETURN_SINGLE_ENTRY. */
  static final int SL_RETURN_SINGLE_ENTRY = 0x2;
  /** SL_INDEX_SPECIFIED. */
  static final int SL_INDEX_SPECIFIED = 0x4;

  /**
   * FileFullEaInformation ([MS-FSA] 2.1.5.12.x, [MS-SMB2] 2.2.37): the EAs named in the input buffer
   * (FILE_GET_EA_INFORMATION; an absent one comes back with an empty value), or else the open's EAs from
   * Open.NextEaEntry on (from the first with SL_RESTART_SCAN, one with SL_RETURN_SINGLE_ENTRY), as many
   * whole entries as fit. No EAs at all is STATUS_NO_EAS_ON_FILE, none left STATUS_NO_MORE_EAS, not even
   * the next one fitting STATUS_BUFFER_TOO_SMALL, some left over STATUS_BUFFER_OVERFLOW.
   */
  private Out fullEa(Info.QueryRequest q, Open o, CheckedVolume v) {
    if (!o.granted(SmbFiles.FILE_READ_EA)) {
      return refuse(NtStatus.ACCESS_DENIED);
    }
    if ((q.flags() & SL_INDEX_SPECIFIED) != 0) {
      // SMB2 carries no EaIndex to go with it (2.2.37).
      return refuse(NtStatus.INVALID_PARAMETER);
    }
    List<FullEa> all = SmbEas.list(v, o.id());
    List<FullEa> pick;
    if (!q.input().isEmpty()) {
      List<String> names;
      try {
        names = FullEa.decodeNames(q.input());
      } catch (SmbDecodeException e) {
        return refuse(e.status());
      }
      pick = new ArrayList<>();
      for (String n : names) {
        FullEa found = null;
        for (FullEa ea : all) {
          if (ea.name().equalsIgnoreCase(n)) {
            found = ea;
          }
        }
        pick.add(found != null ? found : new FullEa(0, n, Bytes.EMPTY));
      }
    } else {
      if (all.isEmpty()) {
        return refuse(NtStatus.NO_EAS_ON_FILE);
      }
      int from = (q.flags() & SL_RESTART_SCAN) != 0 ? 0 : o.nextEa();
      if (from >= all.size()) {
        return refuse(NtStatus.NO_MORE_EAS);
      }
      pick = all.subList(from, all.size());
    }
    List<FullEa> fit = new ArrayList<>();
    for (FullEa ea : pick) {
      List<FullEa> more = new ArrayList<>(fit);
      more.add(ea);
      if (FullEa.listSize(more) > q.outputBufferLength()
          || ((q.flags() & SL_RETURN_SINGLE_ENTRY) != 0 && !fit.isEmpty())) {
        break;
      }
      fit = more;
    }
    if (fit.isEmpty()) {
      return refuse(NtStatus.BUFFER_TOO_SMALL);
    }
    if (q.input().isEmpty()) {
      o.nextEa(all.size() - pick.size() + fit.size());
    }
    ByteBuf b = Unpooled.buffer();
    FullEa.encodeList(b, fit);
    byte[] d = ByteBufUtil.getBytes(b);
    b.release();
    boolean single = (q.flags() & SL_RETURN_SINGLE_ENTRY) != 0;
    return new Out(fit.size() < pick.size() && !single ? NtStatus.BUFFER_OVERFLOW : NtStatus.SUCCESS, d, 0);
  }

  /** FileModeInformation: the CreateOptions bits that are open modes ([MS-FSCC] 2.4.26). */
  private static int mode(Open o) {
    return o.createOptions() & (0x2 | 0x4 | 0x8 | 0x10 | 0x20 | 0x1000);
  }

  private Fscc.FileInfo info(Open o, CheckedVolume v) {
    return SmbFiles.info(v, v.getAttributes(o.id()), services.objects().deletePending(o.shared()),
        services.objects());
  }

  private Out fs(Info.QueryRequest q, Open o, CheckedVolume v) {
    ByteBuf b = Unpooled.buffer();
    switch (q.fileInfoClass()) {
      case Fscc.FS_VOLUME_INFORMATION -> {
        Attributes root = v.getAttributes(v.root());
        Fscc.writeFsVolume(b, SmbFiles.filetime(root.birthTime()), (int) CreateHandler.volumeId(v.name()), v.name());
        // The fixed sizes of FileFsVolumeInformation (24) and FileFsAttributeInformation (16) are those
        // Windows checks OutputBufferLength against (smbtorture smb2.getinfo.qfs_buffercheck).
        return ok(b, 24);
      }
      case Fscc.FS_SIZE_INFORMATION -> {
        FsStats s = v.statfs();
        long unit = (long) SECTOR * SECTORS_PER_UNIT;
        b.writeLongLE(s.totalBytes() / unit);
        b.writeLongLE(s.availableBytes() / unit);
        b.writeIntLE(SECTORS_PER_UNIT);
        b.writeIntLE(SECTOR);
        return ok(b, 24);
      }
      case Fscc.FS_FULL_SIZE_INFORMATION -> {
        FsStats s = v.statfs();
        long unit = (long) SECTOR * SECTORS_PER_UNIT;
        b.writeLongLE(s.totalBytes() / unit);
        b.writeLongLE(s.availableBytes() / unit);
        b.writeLongLE(s.freeBytes() / unit);
        b.writeIntLE(SECTORS_PER_UNIT);
        b.writeIntLE(SECTOR);
        return ok(b, 32);
      }
      case Fscc.FS_DEVICE_INFORMATION -> {
        b.writeIntLE(0x7); // FILE_DEVICE_DISK
        b.writeIntLE(0x20); // FILE_DEVICE_IS_MOUNTED
        return ok(b, 8);
      }
      case Fscc.FS_ATTRIBUTE_INFORMATION -> {
        Fscc.writeFsAttribute(b, FS_ATTRIBUTES, SmbPaths.MAX_NAME, "NTFS");
        return ok(b, 16);
      }
      case Fscc.FS_OBJECT_ID_INFORMATION -> {
        // ObjectId: the volume's stable id; ExtendedInfo unused.
        b.writeLongLE(CreateHandler.volumeId(v.name()));
        b.writeLongLE(0);
        b.writeZero(48);
        return ok(b, 64);
      }
      case Fscc.FS_SECTOR_SIZE_INFORMATION -> {
        for (int i = 0; i < 4; i++) {
          b.writeIntLE(SECTOR);
        }
        b.writeIntLE(0x3); // SSINFO_FLAGS_ALIGNED_DEVICE | SSINFO_FLAGS_PARTITION_ALIGNED_ON_DEVICE
        b.writeIntLE(0);
        b.writeIntLE(0);
        return ok(b, 28);
      }
      case Fscc.FS_CONTROL_INFORMATION -> {
        // FileFsControlInformation ([MS-FSCC] 2.5.2): this server keeps no NTFS quotas, so no content
        // indexing or quota flags and no limits (-1 means none).
        b.writeLongLE(0);
        b.writeLongLE(0);
        b.writeLongLE(0);
        b.writeLongLE(-1);
        b.writeLongLE(-1);
        b.writeIntLE(0);
        b.writeIntLE(0);
        return ok(b, 48);
      }
      case 2, 9, 10 -> {
        // FileFsLabelInformation (set only), driver path, volume flags: not served.
        b.release();
        return refuse(NtStatus.NOT_SUPPORTED);
      }
      default -> {
        b.release();
        return refuse(NtStatus.INVALID_INFO_CLASS);
      }
    }
  }

  private Out security(Info.QueryRequest q, Open o, CheckedVolume v) {
    int parts = q.additionalInformation();
    if ((parts & SecurityDescriptor.SACL) != 0) {
      return refuse(NtStatus.PRIVILEGE_NOT_HELD);
    }
    if (!o.granted(SmbFiles.READ_CONTROL)) {
      return refuse(NtStatus.ACCESS_DENIED);
    }
    SecurityDescriptor sd = SecurityMapping.describe(services.identity().sids(), v.getAttributes(o.id()), parts);
    byte[] data = sd.encode().toArray();
    if (data.length > q.outputBufferLength()) {
      // [MS-SMB2] 3.3.5.20.3: a descriptor that does not fit is STATUS_BUFFER_TOO_SMALL with its size.
      ByteBuf b = Unpooled.buffer(4);
      b.writeIntLE(data.length);
      return new Out(NtStatus.BUFFER_TOO_SMALL, ByteBufUtil.getBytes(b), 0);
    }
    return new Out(NtStatus.SUCCESS, data, 0);
  }
}
