package dev.estuary.smb.internal.ops;

import dev.estuary.smb.internal.codec.FileOps;
import dev.estuary.smb.internal.codec.NtStatus;
import dev.estuary.smb.internal.ipc.PipeTable;
import dev.estuary.smb.internal.state.SessionState;

/**
 * CLOSE of a named pipe ([MS-SMB2] 3.3.5.10): the open and its unread answers go. A pipe has no
 * attributes to report, so the response's Flags never claim POSTQUERY_ATTRIB and the fields are zero.
 */
public final class PipeCloseHandler implements SmbHandler {
  /** A handler. */
  public PipeCloseHandler() {}

  @Override
  public SmbReply handle(SmbRequest request) {
    FileOps.CloseRequest c = (FileOps.CloseRequest) request.body();
    PipeTable.PipeOpen open = PipeReadHandler.find(request, c.fileId());
    SessionState s = request.session();
    if (open == null || s == null) {
      return SmbReply.error(NtStatus.FILE_CLOSED, c);
    }
    s.pipes().close(open);
    return SmbReply.of(NtStatus.SUCCESS, new FileOps.CloseResponse(0, 0, 0, 0, 0, 0, 0, 0));
  }
}
