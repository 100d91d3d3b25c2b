package dev.estuary.smb.internal.ops;

import dev.estuary.smb.internal.codec.FileId;
import dev.estuary.smb.internal.codec.NtStatus;
import dev.estuary.smb.internal.codec.ReadWrite;
import dev.estuary.smb.internal.ipc.PipeTable;
import dev.estuary.smb.internal.ipc.RpcPipe;
import dev.estuary.smb.internal.state.SessionState;
import dev.estuary.smb.internal.state.TreeState;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * READ from a named pipe ([MS-SMB2] 3.3.5.12): the head answer of the pipe, STATUS_BUFFER_OVERFLOW with
 * as much as fits when the answer is longer than Length (the rest comes with the next read, message-mode
 * semantics; 3.3.4.4 lists this as a non-error). A read of an empty pipe blocks on Windows until the
 * server side writes, so here it goes async (3.3.4.2) and completes with the next answer, or
 * STATUS_PIPE_BROKEN when the pipe closes first; CANCEL ends it with STATUS_CANCELLED. MinimumCount does
 * not apply to pipes: a message is returned whole or in Length pieces.
 */
public final class PipeReadHandler implements SmbHandler {
  /** A handler. */
  public PipeReadHandler() {}

  @Override
  public SmbReply handle(SmbRequest request) {
    ReadWrite.ReadRequest r = (ReadWrite.ReadRequest) request.body();
    PipeTable.PipeOpen open = find(request, r.fileId());
    if (open == null) {
      return SmbReply.error(NtStatus.FILE_CLOSED, r);
    }
    if (r.channel() != 0 || !r.channelInfo().isEmpty()) {
      return SmbReply.error(NtStatus.INVALID_PARAMETER, r);
    }
    RpcPipe.Chunk c = open.pipe().read(r.length());
    if (c != null) {
      return reply(c);
    }
    return SmbReply.pending(r, new Wait(open.pipe(), pipe -> {
      RpcPipe.Chunk next = pipe.read(r.length());
      return next == null ? SmbReply.error(NtStatus.PIPE_BROKEN, r) : reply(next);
    }));
  }

  private static SmbReply reply(RpcPipe.Chunk c) {
    return SmbReply.of(c.overflow() ? NtStatus.BUFFER_OVERFLOW : NtStatus.SUCCESS,
        new ReadWrite.ReadResponse(0, c.data()));
  }

  /**
   * The pipe open a request names on its tree.
   *
   * @param request the request (its session and tree)
   * @param fileId the FileId it names
   * @return the open, or null when the session has none with that id on that tree
   */
  static PipeTable.@Nullable PipeOpen find(SmbRequest request, FileId fileId) {
    SessionState s = request.session();
    TreeState t = request.tree();
    // 3.3.5.2.7.2: inside a related compound the all-ones FileId names the previous request's open.
    FileId id = fileId.isRelatedPlaceholder() && request.previousFileId() != null ? request.previousFileId() : fileId;
    return s == null || t == null ? null : s.pipes().get(id, t.treeId());
  }

  /** Waits for the pipe's next answer, then answers with a reply built from the pipe (which reads it). */
  static final class Wait implements AsyncWork {
    private final RpcPipe pipe;
    private final Function<RpcPipe, SmbReply> answer;
    private @Nullable Runnable waiter;

    /**
     * A wait.
     *
     * @param pipe the pipe
     * @param answer builds the final reply once the pipe has output or closed
     */
    Wait(RpcPipe pipe, Function<RpcPipe, SmbReply> answer) {
      this.pipe = pipe;
      this.answer = answer;
    }

    @Override
    public void start(Completion done) {
      Runnable w = () -> done.complete(answer.apply(pipe));
      waiter = w;
      pipe.await(w);
    }

    @Override
    public void cancel() {
      Runnable w = waiter;
      if (w != null) {
        pipe.cancelWait(w);
      }
    }
  }
}
