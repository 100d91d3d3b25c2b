package dev.estuary.smb.internal.ops;

import dev.estuary.smb.internal.codec.Bytes;
import dev.estuary.smb.internal.codec.Ioctl;
import dev.estuary.smb.internal.codec.NtStatus;
import dev.estuary.smb.internal.ipc.PipeTable;
import dev.estuary.smb.internal.ipc.RpcPipe;
import dev.estuary.smb.internal.state.TreeState;

/**
 * FSCTL_PIPE_TRANSCEIVE ([MS-SMB2] 3.3.5.15.3, [MS-FSCC] 2.3.47-48): writes the input to the pipe and
 * reads one answer of at most MaxOutputResponse bytes, STATUS_BUFFER_OVERFLOW when it is longer (the client
 * reads the rest with READ). A pipe that still holds unread answers is STATUS_PIPE_BUSY ([MS-FSCC] 2.3.48),
 * since the read could not be matched to this write. When the write produced no answer yet (a first
 * fragment of a request), the IOCTL goes async until one comes. Only IPC$ trees have pipes: elsewhere the
 * control code is STATUS_NOT_SUPPORTED (3.3.5.15.3).
 */
final class PipeTransceive {
  private PipeTransceive() {}

  static SmbReply handle(SmbRequest request, Ioctl.Request r) {
    TreeState t = request.tree();
    if (t == null || !t.isPipe()) {
      return SmbReply.error(NtStatus.NOT_SUPPORTED, r);
    }
    PipeTable.PipeOpen open = PipeReadHandler.find(request, r.fileId());
    if (open == null) {
      return SmbReply.error(NtStatus.FILE_CLOSED, r);
    }
    RpcPipe pipe = open.pipe();
    if (pipe.broken()) {
      return SmbReply.error(NtStatus.PIPE_DISCONNECTED, r);
    }
    if (pipe.hasOutput()) {
      return SmbReply.error(NtStatus.PIPE_BUSY, r);
    }
    pipe.write(r.input());
    RpcPipe.Chunk c = pipe.read(r.maxOutputResponse());
    if (c != null) {
      return reply(r, c);
    }
    return SmbReply.pending(r, new PipeReadHandler.Wait(pipe, p -> {
      RpcPipe.Chunk next = p.read(r.maxOutputResponse());
      return next == null ? SmbReply.error(NtStatus.PIPE_BROKEN, r) : reply(r, next);
    }));
  }

  private static SmbReply reply(Ioctl.Request r, RpcPipe.Chunk c) {
    return SmbReply.of(c.overflow() ? NtStatus.BUFFER_OVERFLOW : NtStatus.SUCCESS,
        new Ioctl.Response(r.ctlCode(), r.fileId(), Bytes.EMPTY, c.data(), 0));
  }
}
