package dev.estuary.smb.internal.ops;

import dev.estuary.dfs.FileHandle;
import dev.estuary.smb.internal.codec.Bytes;
import dev.estuary.smb.internal.codec.FileRanges;
import dev.estuary.smb.internal.codec.Ioctl;
import dev.estuary.smb.internal.codec.NtStatus;
import dev.estuary.smb.internal.codec.SmbDecodeException;
import dev.estuary.smb.internal.state.Open;
import dev.estuary.smb.internal.state.OpenCaching;

/**
 * FSCTL_SET_ZERO_DATA ([MS-FSCC] 2.3.67, [MS-FSA] 2.1.5.10.35): the range [FileOffset, BeyondFinalZero)
 * reads as zeros afterwards, through the backend's {@link FileHandle#punchHole} (which deallocates, as
 * NTFS does for a sparse file; a non-sparse file reads the same zeros). The size never changes: the part
 * past the end is ignored. A short input, a negative offset or an offset beyond BeyondFinalZero is
 * STATUS_INVALID_PARAMETER, as is a directory; an open without FILE_WRITE_DATA is STATUS_ACCESS_DENIED;
 * bytes another open has locked are STATUS_FILE_LOCK_CONFLICT ([MS-FSA] 2.1.5.3).
 */
public final class SetZeroDataFsctl implements Fsctl {
  /** A handler. */
  public SetZeroDataFsctl() {}

  @Override
  public SmbReply handle(SmbRequest request, Ioctl.Request r) throws SmbDecodeException {
    Open o = SmbFiles.open(request, r.fileId());
    if (o == null) {
      return SmbReply.error(NtStatus.FILE_CLOSED, r);
    }
    FileRanges.ZeroData z = FileRanges.ZeroData.decode(r.input());
    if (z.fileOffset() < 0 || z.beyondFinalZero() < 0 || z.fileOffset() > z.beyondFinalZero()
        || o.isDirectory()) {
      return SmbReply.error(NtStatus.INVALID_PARAMETER, r);
    }
    FileHandle h = o.handle();
    if (h == null || !o.granted(SmbFiles.FILE_WRITE_DATA) || !h.mode().canWrite()) {
      return SmbReply.error(NtStatus.ACCESS_DENIED, r);
    }
    long end = Math.min(z.beyondFinalZero(), h.size());
    if (end > z.fileOffset()) {
      long length = end - z.fileOffset();
      if (SmbFiles.lockConflict(o, true, z.fileOffset(), length)) {
        return SmbReply.error(NtStatus.FILE_LOCK_CONFLICT, r);
      }
      try (OpenCaching.Change change = OpenCaching.change(o)) {
        h.punchHole(z.fileOffset(), length);
      }
    }
    return SmbReply.of(NtStatus.SUCCESS, new Ioctl.Response(r.ctlCode(), r.fileId(), Bytes.EMPTY, Bytes.EMPTY, 0));
  }
}
