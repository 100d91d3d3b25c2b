package dev.estuary.smb.internal.ops;

import dev.estuary.dfs.FileHandle;
import dev.estuary.smb.internal.codec.NtStatus;
import dev.estuary.smb.internal.codec.ReadWrite;
import dev.estuary.smb.internal.state.Open;

/**
 * WRITE ([MS-SMB2] 3.3.5.13): the whole buffer at Offset (the decoder refused more than MaxWriteSize and
 * the dispatcher checked the CreditCharge). An Offset of all ones appends at the end of the file when
 * the open has FILE_APPEND_DATA ([MS-FSA] 2.1.5.3). An open without FILE_WRITE_DATA or FILE_APPEND_DATA
 * is STATUS_ACCESS_DENIED, one with FILE_APPEND_DATA only may write at the end only; directories are
 * STATUS_INVALID_DEVICE_REQUEST; only TCP is served (Channel NONE). SMB2_WRITEFLAG_WRITE_THROUGH, and a
 * file opened with FILE_WRITE_THROUGH, make the data durable before the answer ({@link FileHandle#syncData}).
 * WRITE_UNBUFFERED needs nothing more: the server keeps no write cache of its own.
 */
public final class WriteHandler implements SmbHandler {
  /** Offset meaning "at the end of the file" ([MS-FSA] 2.1.5.3: FILE_WRITE_TO_END_OF_FILE). */
  static final long END_OF_FILE = -1L;

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
    if (offset == END_OF_FILE) {
      if (!append) {
        return SmbReply.error(NtStatus.INVALID_PARAMETER, w);
      }
      offset = h.size();
    } else if (offset < 0 || offset + w.data().length() < offset) {
      return SmbReply.error(NtStatus.INVALID_PARAMETER, w);
    } else if (!writeData && offset < h.size()) {
      // Append-only access writes at the end only ([MS-FSA] 2.1.5.3).
      return SmbReply.error(NtStatus.ACCESS_DENIED, w);
    }
    int n = h.write(offset, w.data().asReadOnlyBuffer());
    if ((w.flags() & ReadWrite.WRITEFLAG_WRITE_THROUGH) != 0
        || (o.createOptions() & CreateHandler.FILE_WRITE_THROUGH) != 0) {
      h.syncData();
    }
    return SmbReply.of(NtStatus.SUCCESS, new ReadWrite.WriteResponse(n));
  }
}
