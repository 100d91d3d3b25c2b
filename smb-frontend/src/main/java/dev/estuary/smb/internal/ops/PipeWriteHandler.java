package dev.estuary.smb.internal.ops;

import dev.estuary.smb.internal.codec.NtStatus;
import dev.estuary.smb.internal.codec.ReadWrite;
import dev.estuary.smb.internal.ipc.PipeTable;

/**
 * WRITE to a named pipe ([MS-SMB2] 3.3.5.13): the bytes go to the pipe's DCE/RPC server, which answers
 * every complete PDU into the pipe's output. A pipe broken by a framing error answers
 * STATUS_PIPE_DISCONNECTED; one whose answers wait unread beyond its limit STATUS_PIPE_BUSY.
 */
public final class PipeWriteHandler implements SmbHandler {
  /** A handler. */
  public PipeWriteHandler() {}

  @Override
  public SmbReply handle(SmbRequest request) {
    ReadWrite.WriteRequest w = (ReadWrite.WriteRequest) request.body();
    PipeTable.PipeOpen open = PipeReadHandler.find(request, w.fileId());
    if (open == null) {
      return SmbReply.error(NtStatus.FILE_CLOSED, w);
    }
    if (w.channel() != 0 || !w.channelInfo().isEmpty()) {
      // RDMA channels do not exist on TCP (3.3.5.13).
      return SmbReply.error(NtStatus.INVALID_PARAMETER, w);
    }
    if (open.pipe().broken()) {
      return SmbReply.error(NtStatus.PIPE_DISCONNECTED, w);
    }
    if (open.pipe().full()) {
      return SmbReply.error(NtStatus.PIPE_BUSY, w);
    }
    open.pipe().write(w.data());
    return SmbReply.of(NtStatus.SUCCESS, new ReadWrite.WriteResponse(w.data().length()));
  }
}
