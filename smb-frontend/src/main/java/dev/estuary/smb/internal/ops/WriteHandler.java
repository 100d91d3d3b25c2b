package dev.estuary.smb.internal.ops;

import dev.estuary.dfs.FileHandle;
import dev.estuary.smb.internal.codec.NtStatus;
import dev.estuary.smb.internal.codec.ReadWrite;
import dev.estuary.smb.internal.state.Open;
import dev.estuary.smb.internal.state.OpenCaching;

/**
 * WRITE ([MS-SMB2] 3.3.5.13): the whole buffer at Offset (the decoder refused more than MaxWriteSize and
 * the dispatcher checked the CreditCharge). Offsets of 2^63 and above, and writes ending past the
 * largest NTFS file, are STATUS_INVALID_PARAMETER. An open without FILE_WRITE_DATA or FILE_APPEND_DATA
 * is STATUS_ACCESS_DENIED, one with FILE_APPEND_DATA only may write at the end only; directories are
 * STATUS_INVALID_DEVICE_REQUEST; only TCP is served (Channel NONE). Bytes locked by another open (any lock),
 * or by this open's own shared lock, are STATUS_FILE_LOCK_CONFLICT ([MS-FSA] 2.1.5.3). SMB2_WRITEFLAG_WRITE_THROUGH, and a
 * file opened with FILE_WRITE_THROUGH, make the data durable before the answer ({@link FileHandle#syncData}).
 * WRITE_UNBUFFERED needs nothing more: the server keeps no write cache of its own.
 */
public final class WriteHandler implements SmbHandler {
  /** NTFS's largest file size (16 TiB - 64 KiB); a write ending beyond it is STATUS_INVALID_PARAMETER. */
  static final long MAX_FILE_SIZE = 0xfffffff0000L;

  /** A handler. */
  public WriteHandler() {}

  @Override
  public SmbReply handle(SmbRequest request) {
    ReadWrite.WriteRequest w = (ReadWrite.WriteRequest) request.body();
    Open o = SmbFiles.open(request, w.fileId());
    if (o == null) {
      return SmbReply.error(NtStatus.FILE_CLOSED, w);
    }
    if (w.channel() != 0) {
      return SmbReply.error(NtStatus.INVALID_PARAMETER, w);
    }
    if (o.isDirectory()) {
      return SmbReply.error(NtStatus.INVALID_DEVICE_REQUEST, w);
    }
    FileHandle h = o.handle();
    boolean writeData = o.granted(SmbFiles.FILE_WRITE_DATA);
    boolean append = o.granted(SmbFiles.FILE_APPEND_DATA);
    if (h == null || !(writeData || append) || !h.mode().canWrite()) {
      return SmbReply.error(NtStatus.ACCESS_DENIED, w);
    }
    long offset = w.offset();
    long length = w.data().length();
    if (offset < 0 || (length > 0 && offset + length > MAX_FILE_SIZE)) {
      // Offsets of 2^63 and above (including all ones) and writes past NTFS's largest file size are
      // STATUS_INVALID_PARAMETER, as Windows answers over SMB2 (smbtorture smb2.rw.invalid).
      return SmbReply.error(NtStatus.INVALID_PARAMETER, w);
    }
    if (length == 0) {
      return SmbReply.of(NtStatus.SUCCESS, new ReadWrite.WriteResponse(0));
    }
    if (!writeData && offset < h.size()) {
      // Append-only access writes at the end only ([MS-FSA] 2.1.5.3).
      return SmbReply.error(NtStatus.ACCESS_DENIED, w);
    }
    if (SmbFiles.lockConflict(o, true, offset, length)) {
      return SmbReply.error(NtStatus.FILE_LOCK_CONFLICT, w);
    }
    int n;
    try (OpenCaching.Change change = OpenCaching.change(o)) {
      n = h.write(offset, w.data().asReadOnlyBuffer());
    }
    o.position(offset + n);
    if ((w.flags() & ReadWrite.WRITEFLAG_WRITE_THROUGH) != 0
        || (o.createOptions() & CreateHandler.FILE_WRITE_THROUGH) != 0) {
      h.syncData();
    }
    return SmbReply.of(NtStatus.SUCCESS, new ReadWrite.WriteResponse(n));
  }
}
