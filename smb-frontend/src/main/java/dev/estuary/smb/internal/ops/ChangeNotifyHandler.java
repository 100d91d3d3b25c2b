package dev.estuary.smb.internal.ops;

import dev.estuary.smb.internal.codec.Bytes;
import dev.estuary.smb.internal.codec.Directory;
import dev.estuary.smb.internal.codec.ErrorResponse;
import dev.estuary.smb.internal.codec.NtStatus;
import dev.estuary.smb.internal.codec.OutputResponse;
import dev.estuary.smb.internal.codec.SmbCommand;
import dev.estuary.smb.internal.state.ChangeWatch;
import dev.estuary.smb.internal.state.ObjectTable;
import dev.estuary.smb.internal.state.Open;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;
import org.jspecify.annotations.Nullable;

/**
 * CHANGE_NOTIFY ([MS-SMB2] 3.3.5.19, [MS-FSA] 2.1.5.10): on a directory open, the changes to its entries
 * (or, with SMB2_WATCH_TREE, to its whole subtree) as FILE_NOTIFY_INFORMATION ([MS-FSCC] 2.7.1), seen
 * through the backend's {@link dev.estuary.dfs.Volume#watch}, so changes made over S3, NFS or the dataset
 * service are reported as well. The first request subscribes; changes between requests are kept and
 * returned by the next one at once; otherwise the request goes async until a change matching its
 * CompletionFilter happens. STATUS_NOTIFY_ENUM_DIR says changes were lost (the buffer of OutputBufferLength
 * bytes overflowed, or the backend's queue did); CANCEL ends a waiting request with STATUS_CANCELLED, and
 * closing the open ends it with STATUS_NOTIFY_CLEANUP. A file open is STATUS_INVALID_PARAMETER, an open
 * without FILE_LIST_DIRECTORY STATUS_ACCESS_DENIED, and a CompletionFilter of zero STATUS_INVALID_PARAMETER. Once the directory is delete-pending, waiting
 * and later requests end with STATUS_DELETE_PENDING.
 */
public final class ChangeNotifyHandler implements SmbHandler {
  private final ThreadFactory threads = Thread.ofVirtual().name("smb-notify-", 0).factory();
  /** Hands each event batch to a new virtual thread, as {@code Volume.watch} requires (never the writer's). */
  private final Executor events = r -> threads.newThread(r).start();

  private final ObjectTable objects;

  /**
   * A handler.
   *
   * @param objects the server-wide object table (a watched directory becoming delete-pending)
   */
  public ChangeNotifyHandler(ObjectTable objects) {
    this.objects = objects;
  }

  @Override
  public SmbReply handle(SmbRequest request) {
    Directory.NotifyRequest n = (Directory.NotifyRequest) request.body();
    Open o = SmbFiles.open(request, n.fileId());
    if (o == null) {
      return SmbReply.error(NtStatus.FILE_CLOSED, n);
    }
    if (!o.isDirectory()) {
      return SmbReply.error(NtStatus.INVALID_PARAMETER, n);
    }
    if (!o.granted(SmbFiles.FILE_READ_DATA)) {
      return SmbReply.error(NtStatus.ACCESS_DENIED, n);
    }
    int filter = n.completionFilter();
    // Bits without a meaning are ignored, as Windows does (smbtorture smb2.notify.mask); none at all is refused.
    if (filter == 0) {
      return SmbReply.error(NtStatus.INVALID_PARAMETER, n);
    }
    ChangeWatch w = o.changeWatch();
    if (w == null) {
      // The first request decides the scope, as on Windows: later WATCH_TREE flags do not change it.
      w = ChangeWatch.start(o.files()::view, o.id(), (n.flags() & Directory.WATCH_TREE) != 0, events);
      o.changeWatch(w);
      objects.onDeletePending(o.shared(), w::deletePending);
    }
    ChangeWatch.Result now = w.take(filter, n.outputBufferLength());
    if (now != null) {
      return reply(now.status(), now.output());
    }
    return SmbReply.pending(n, new Wait(w, n.outputBufferLength()));
  }

  private static SmbReply reply(NtStatus status, Bytes output) {
    if (status.isError()) {
      // STATUS_DELETE_PENDING: an error answer carries the ERROR body (2.2.2), not a CHANGE_NOTIFY one.
      return SmbReply.error(status, ErrorResponse.empty(SmbCommand.CHANGE_NOTIFY));
    }
    return SmbReply.of(status, new OutputResponse(SmbCommand.CHANGE_NOTIFY, output));
  }

  /** A request waiting for the next change. */
  static final class Wait implements AsyncWork {
    private final ChangeWatch watch;
    private final int max;
    private ChangeWatch.@Nullable Waiter waiter;

    Wait(ChangeWatch watch, int max) {
      this.watch = watch;
      this.max = max;
    }

    @Override
    public void start(Completion done) {
      ChangeWatch.Waiter w = (status, output) -> done.complete(reply(status, output));
      waiter = w;
      watch.await(w, max);
    }

    @Override
    public void cancel() {
      ChangeWatch.Waiter w = waiter;
      if (w != null) {
        watch.cancel(w);
      }
    }
  }
}
