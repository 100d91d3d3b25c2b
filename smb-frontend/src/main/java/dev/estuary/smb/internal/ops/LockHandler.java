package dev.estuary.smb.internal.ops;

import dev.estuary.dfs.ByteRange;
import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.ErrorKind;
import dev.estuary.dfs.LockSession;
import dev.estuary.dfs.LockStyle;
import dev.estuary.dfs.LockType;
import dev.estuary.dfs.ObjectId;
import dev.estuary.smb.internal.codec.Lock;
import dev.estuary.smb.internal.codec.NtStatus;
import dev.estuary.smb.internal.codec.SimpleMessages;
import dev.estuary.smb.internal.codec.SmbCommand;
import dev.estuary.smb.internal.state.Open;
import dev.estuary.smb.internal.state.OpenCaching;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.jspecify.annotations.Nullable;

/**
 * LOCK ([MS-SMB2] 3.3.5.14): byte-range locks of an open, held in the backend's lock facet (the tree's
 * {@link LockSession}, owner = the open, style {@link LockStyle#WINDOWS}), so NFS clients of the same
 * file see them and SMB opens of other sessions and servers conflict with them.
 *
 * <p>The first element decides the kind of request: all unlocks ({@code SMB2_LOCKFLAG_UNLOCK} alone in
 * every element) or all locks (shared or exclusive, each optionally {@code FAIL_IMMEDIATELY}); any other
 * combination is STATUS_INVALID_PARAMETER (3.3.5.14.1, 3.3.5.14.2). Unlocks are applied in order and stop
 * at the first range not held (STATUS_RANGE_NOT_LOCKED). Locks are all or none: on a conflict the ones this
 * request took are released again and the request fails with STATUS_LOCK_NOT_GRANTED. Only a request of
 * one lock may omit FAIL_IMMEDIATELY (else STATUS_INVALID_PARAMETER); that lock, when it conflicts, waits ([MS-FSA] 2.1.5.7: the request is pended): the answer goes
 * async and completes once the range is free; CANCEL withdraws it (STATUS_CANCELLED), and a CLOSE, TREE
 * DISCONNECT or LOGOFF meanwhile ends it with STATUS_RANGE_NOT_LOCKED, as Windows answers (smbtorture
 * smb2.lock.cancel-tdis).
 *
 * <p>LockSequenceNumber/Index (3.3.5.14: replay detection) applies only to resilient, durable or persistent
 * opens, which this server does not grant, so it is ignored.
 */
public final class LockHandler implements SmbHandler {
  /** A handler. */
  public LockHandler() {}

  @Override
  public SmbReply handle(SmbRequest request) {
    Lock.Request l = (Lock.Request) request.body();
    Open o = SmbFiles.open(request, l.fileId());
    if (o == null) {
      return SmbReply.error(NtStatus.FILE_CLOSED, l);
    }
    List<Lock.Element> elements = l.locks();
    boolean unlock = (elements.get(0).flags() & Lock.UNLOCK) != 0;
    List<@Nullable ByteRange> ranges = new ArrayList<>(elements.size());
    for (Lock.Element e : elements) {
      int f = e.flags();
      boolean valid = unlock ? f == Lock.UNLOCK
          : (f & ~Lock.FAIL_IMMEDIATELY) == Lock.SHARED || (f & ~Lock.FAIL_IMMEDIATELY) == Lock.EXCLUSIVE;
      if (!valid && !unlock) {
        return SmbReply.error(NtStatus.INVALID_PARAMETER, l);
      }
      if (!unlock && elements.size() > 1 && (f & Lock.FAIL_IMMEDIATELY) == 0) {
        // Only a request of one lock may wait (3.3.5.14.2; smbtorture smb2.lock.valid-request).
        return SmbReply.error(NtStatus.INVALID_PARAMETER, l);
      }
      if (!valid) {
        // In an unlock request a bad element fails only when reached: the unlocks before it are done and
        // a range not held before it answers RANGE_NOT_LOCKED, as Windows does.
        ranges.add(null);
        continue;
      }
      // [MS-FSA] 2.1.5.7/2.1.5.8: a range whose last byte lies beyond 2^64 - 1 is STATUS_INVALID_LOCK_RANGE.
      if (e.length() != 0 && Long.compareUnsigned(e.offset() + e.length() - 1, e.offset()) < 0) {
        return SmbReply.error(NtStatus.INVALID_LOCK_RANGE, l);
      }
      // A Length of all ones can only start at 0 or 1 here: to the end (ByteRange.TO_END is all ones too).
      ranges.add(new ByteRange(e.offset(), e.length()));
    }
    if (o.isDirectory()) {
      return SmbReply.error(NtStatus.INVALID_PARAMETER, l);
    }
    LockSession session = o.files().locks();
    ObjectId file = o.id();
    String owner = o.lockOwner();
    SimpleMessages.Empty ok = new SimpleMessages.Empty(SmbCommand.LOCK);
    if (unlock) {
      for (ByteRange r : ranges) {
        if (r == null) {
          return SmbReply.error(NtStatus.INVALID_PARAMETER, l);
        }
        try {
          session.unlock(file, owner, LockStyle.WINDOWS, r);
        } catch (DfsException ex) {
          if (ex.kind() == ErrorKind.NOT_LOCKED) {
            return SmbReply.error(NtStatus.RANGE_NOT_LOCKED, l);
          }
          throw ex;
        }
      }
      return SmbReply.of(NtStatus.SUCCESS, ok);
    }
    // [MS-FSA] 2.1.5.7: locking needs read or write access to the data.
    if (!o.granted(SmbFiles.FILE_READ_DATA | SmbFiles.FILE_WRITE_DATA | SmbFiles.FILE_APPEND_DATA)) {
      return SmbReply.error(NtStatus.ACCESS_DENIED, l);
    }
    o.markLocked();
    List<ByteRange> taken = new ArrayList<>(ranges.size());
    for (int i = 0; i < ranges.size(); i++) {
      Lock.Element e = elements.get(i);
      LockType type = (e.flags() & Lock.EXCLUSIVE) != 0 ? LockType.EXCLUSIVE : LockType.SHARED;
      ByteRange range = java.util.Objects.requireNonNull(ranges.get(i), "range");
      if (session.tryLock(file, owner, LockStyle.WINDOWS, type, range).isEmpty()) {
        taken.add(range);
        continue;
      }
      if ((e.flags() & Lock.FAIL_IMMEDIATELY) == 0) {
        return SmbReply.pending(l, new Wait(session, file, owner, type, range));
      }
      // All or none: give back what this request took, newest first.
      for (int j = taken.size() - 1; j >= 0; j--) {
        session.unlock(file, owner, LockStyle.WINDOWS, taken.get(j));
      }
      return SmbReply.error(NtStatus.LOCK_NOT_GRANTED, l);
    }
    OpenCaching caching = o.caching();
    if (caching != null) {
      // [MS-FSA] 2.1.4.12: a byte-range lock on a file with other opens breaks level II oplocks.
      caching.oplocks().breakForLock(caching.holder());
    }
    return SmbReply.of(NtStatus.SUCCESS, ok);
  }

  /** A blocking lock waiting in the backend's queue (arrival order, [MS-FSA] 2.1.5.7). */
  static final class Wait implements AsyncWork {
    private final LockSession session;
    private final ObjectId file;
    private final String owner;
    private final LockType type;
    private final ByteRange range;
    private @Nullable CompletableFuture<Void> future;

    Wait(LockSession session, ObjectId file, String owner, LockType type, ByteRange range) {
      this.session = session;
      this.file = file;
      this.owner = owner;
      this.type = type;
      this.range = range;
    }

    @Override
    public void start(Completion done) {
      CompletableFuture<Void> f;
      try {
        f = session.lock(file, owner, LockStyle.WINDOWS, type, range, LockSession.MAX_WAIT);
      } catch (DfsException e) {
        done.complete(SmbReply.error(SmbErrors.statusOf(e.kind()), new SimpleMessages.Empty(SmbCommand.LOCK)));
        return;
      }
      future = f;
      f.whenComplete((v, err) -> done.complete(answer(err)));
    }

    private static SmbReply answer(@Nullable Throwable err) {
      SimpleMessages.Empty body = new SimpleMessages.Empty(SmbCommand.LOCK);
      Throwable t = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
      if (t == null) {
        return SmbReply.of(NtStatus.SUCCESS, body);
      }
      if (t instanceof DfsException d && d.kind() == ErrorKind.LOCKED) {
        // The longest wait passed with the range still held.
        return SmbReply.error(NtStatus.LOCK_NOT_GRANTED, body);
      }
      // Withdrawn because the open, its tree or its session went (unlockAll, or the lock session closed).
      return SmbReply.error(t instanceof CancellationException || t instanceof DfsException
          ? NtStatus.RANGE_NOT_LOCKED : NtStatus.INTERNAL_ERROR, body);
    }

    @Override
    public void cancel() {
      CompletableFuture<Void> f = future;
      if (f != null && !f.cancel(false) && !f.isCompletedExceptionally()) {
        // Granted just before the CANCEL: the client is told CANCELLED, so it must not hold the lock.
        try {
          session.unlock(file, owner, LockStyle.WINDOWS, range);
        } catch (DfsException e) {
          // Already released with the open or the session.
        }
      }
    }
  }
}
