package dev.estuary.smb.internal.ops;

import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.ErrorKind;
import dev.estuary.dfs.FileHandle;
import dev.estuary.dfs.SeekKind;
import dev.estuary.dfs.Volume;
import dev.estuary.smb.internal.codec.Bytes;
import dev.estuary.smb.internal.codec.FileRanges;
import dev.estuary.smb.internal.codec.Ioctl;
import dev.estuary.smb.internal.codec.NtStatus;
import dev.estuary.smb.internal.codec.SmbDecodeException;
import dev.estuary.smb.internal.state.Open;
import java.util.ArrayList;
import java.util.List;

/**
 * FSCTL_QUERY_ALLOCATED_RANGES ([MS-FSCC] 2.3.47, [MS-FSA] 2.1.5.10.22): the data ranges of a file inside
 * the queried range, found through the backend's {@link FileHandle#seek} (SEEK_DATA / SEEK_HOLE). A file
 * not marked sparse ({@link SetSparseFsctl}) answers the whole queried range up to its end as one range,
 * as NTFS does. A short input, a negative offset or length, or a range ending past 2^63 - 1 is
 * STATUS_INVALID_PARAMETER, as is a directory; an output buffer smaller than one range is
 * STATUS_BUFFER_TOO_SMALL when there is a range to return (with none, the empty answer fits any buffer:
 * smbtorture smb2.ioctl.sparse_qar_malformed); an input longer than one FILE_ALLOCATED_RANGE_BUFFER is
 * read for its first one; ranges that do not all fit answer STATUS_BUFFER_OVERFLOW with those that do. An
 * open without FILE_READ_DATA is STATUS_ACCESS_DENIED.
 */
public final class QueryAllocatedRangesFsctl implements Fsctl {
  /** A handler. */
  public QueryAllocatedRangesFsctl() {}

  @Override
  public SmbReply handle(SmbRequest request, Ioctl.Request r) throws SmbDecodeException {
    Open o = SmbFiles.open(request, r.fileId());
    if (o == null) {
      return SmbReply.error(NtStatus.FILE_CLOSED, r);
    }
    FileRanges.Range q = FileRanges.Range.decode(r.input());
    if (q.fileOffset() < 0 || q.length() < 0 || q.fileOffset() > Long.MAX_VALUE - q.length() || o.isDirectory()) {
      return SmbReply.error(NtStatus.INVALID_PARAMETER, r);
    }
    FileHandle h = o.handle();
    if (h == null || !o.granted(SmbFiles.FILE_READ_DATA)) {
      return SmbReply.error(NtStatus.ACCESS_DENIED, r);
    }
    int room = r.maxOutputResponse() / FileRanges.SIZE;
    long end = Math.min(q.fileOffset() + q.length(), h.size());
    List<FileRanges.Range> ranges = new ArrayList<>();
    boolean overflow = false;
    Volume v = o.files().view();
    if ((SmbFiles.storedDos(v, v.getAttributes(o.id())) & SmbFiles.ATTR_SPARSE_FILE) == 0) {
      if (end > q.fileOffset()) {
        if (room == 0) {
          return SmbReply.error(NtStatus.BUFFER_TOO_SMALL, r);
        }
        ranges.add(new FileRanges.Range(q.fileOffset(), end - q.fileOffset()));
      }
    } else {
      long pos = q.fileOffset();
      while (pos < end) {
        long data;
        try {
          data = h.seek(pos, SeekKind.DATA);
        } catch (DfsException e) {
          if (e.kind() != ErrorKind.NO_DATA) {
            throw e;
          }
          break;
        }
        if (data >= end) {
          break;
        }
        long hole = Math.min(h.seek(data, SeekKind.HOLE), end);
        if (room == 0) {
          return SmbReply.error(NtStatus.BUFFER_TOO_SMALL, r);
        }
        if (ranges.size() == room) {
          overflow = true;
          break;
        }
        ranges.add(new FileRanges.Range(data, hole - data));
        pos = hole;
      }
    }
    return SmbReply.of(overflow ? NtStatus.BUFFER_OVERFLOW : NtStatus.SUCCESS,
        new Ioctl.Response(r.ctlCode(), r.fileId(), Bytes.EMPTY, FileRanges.Range.encode(ranges), 0));
  }
}
