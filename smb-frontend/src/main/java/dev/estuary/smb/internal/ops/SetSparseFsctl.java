package dev.estuary.smb.internal.ops;

import dev.estuary.dfs.Volume;
import dev.estuary.smb.internal.codec.Bytes;
import dev.estuary.smb.internal.codec.Ioctl;
import dev.estuary.smb.internal.codec.NtStatus;
import dev.estuary.smb.internal.state.Open;

/**
 * FSCTL_SET_SPARSE ([MS-FSCC] 2.3.64, [MS-FSA] 2.1.5.10.28): marks a file sparse or not. The backend's
 * files are always sparse-capable (holes stay holes), so the request only sets or clears
 * FILE_ATTRIBUTE_SPARSE_FILE, which QUERY_INFO then reports and which decides how
 * FSCTL_QUERY_ALLOCATED_RANGES answers. An empty input means "set" (FILE_SET_SPARSE_BUFFER is optional);
 * a directory is STATUS_INVALID_PARAMETER; an open without FILE_WRITE_DATA, FILE_WRITE_ATTRIBUTES or
 * FILE_APPEND_DATA is STATUS_ACCESS_DENIED.
 */
public final class SetSparseFsctl implements Fsctl {
  /** A handler. */
  public SetSparseFsctl() {}

  @Override
  public SmbReply handle(SmbRequest request, Ioctl.Request r) {
    Open o = SmbFiles.open(request, r.fileId());
    if (o == null) {
      return SmbReply.error(NtStatus.FILE_CLOSED, r);
    }
    if (o.isDirectory()) {
      return SmbReply.error(NtStatus.INVALID_PARAMETER, r);
    }
    if (!o.granted(SmbFiles.FILE_WRITE_DATA | SmbFiles.FILE_WRITE_ATTRIBUTES | SmbFiles.FILE_APPEND_DATA)) {
      return SmbReply.error(NtStatus.ACCESS_DENIED, r);
    }
    boolean sparse = r.input().isEmpty() || r.input().get(0) != 0;
    Volume v = o.files().view();
    SmbFiles.storeSparse(v, v.getAttributes(o.id()), sparse);
    return SmbReply.of(NtStatus.SUCCESS, new Ioctl.Response(r.ctlCode(), r.fileId(), Bytes.EMPTY, Bytes.EMPTY, 0));
  }
}
