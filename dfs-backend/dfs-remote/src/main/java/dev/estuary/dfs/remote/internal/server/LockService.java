package dev.estuary.dfs.remote.internal.server;

import dev.estuary.dfs.ByteRange;
import dev.estuary.dfs.LockInfo;
import dev.estuary.dfs.LockSession;
import dev.estuary.dfs.ObjectId;
import dev.estuary.dfs.ShareReservation;
import dev.estuary.dfs.remote.internal.Decode;
import dev.estuary.dfs.remote.internal.Encode;
import dev.estuary.dfs.remote.internal.proto.CancelLockRequest;
import dev.estuary.dfs.remote.internal.proto.Cancelled;
import dev.estuary.dfs.remote.internal.proto.Empty;
import dev.estuary.dfs.remote.internal.proto.Flag;
import dev.estuary.dfs.remote.internal.proto.LockList;
import dev.estuary.dfs.remote.internal.proto.LockProgress;
import dev.estuary.dfs.remote.internal.proto.LockRequest;
import dev.estuary.dfs.remote.internal.proto.LocksGrpc;
import dev.estuary.dfs.remote.internal.proto.OpenSessionRequest;
import dev.estuary.dfs.remote.internal.proto.OptionalLock;
import dev.estuary.dfs.remote.internal.proto.ReservationRef;
import dev.estuary.dfs.remote.internal.proto.ReserveRequest;
import dev.estuary.dfs.remote.internal.proto.SessionRef;
import dev.estuary.dfs.remote.internal.proto.SessionReply;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Lock sessions, byte-range locks and share reservations. A blocking {@code Lock} call is answered
 * when the backend's future completes (granted, LOCKED at the end of the wait, or CLOSED); {@code
 * CancelLock} withdraws it through the backend future's {@code cancel}, whose answer (whether the
 * request was withdrawn before being granted) goes back to the client's {@code cancel}.
 */
public final class LockService extends LocksGrpc.LocksImplBase {
  private static final Empty EMPTY = Empty.getDefaultInstance();
  private static final LockProgress QUEUED = LockProgress.newBuilder().setGranted(false).build();
  private static final LockProgress GRANTED = LockProgress.newBuilder().setGranted(true).build();
  private final ServerContext ctx;
  private final ConcurrentHashMap<PendingKey, CompletableFuture<Void>> pending = new ConcurrentHashMap<>();

  private record PendingKey(long session, long request) {}

  /**
   * Creates the handler.
   *
   * @param ctx the shared server state
   */
  public LockService(ServerContext ctx) {
    this.ctx = ctx;
  }

  private LockSession session(long ref) {
    return ctx.references().get(ref, LockSession.class, "lock session");
  }

  private static ObjectId file(LockRequest r) {
    return Decode.oid(r.getFile());
  }

  private static ByteRange range(LockRequest r) {
    return Decode.range(r.getRange());
  }

  private static OptionalLock optional(Optional<LockInfo> l) {
    return l.map(i -> OptionalLock.newBuilder().setLock(Encode.lockInfo(i)).build())
        .orElse(OptionalLock.getDefaultInstance());
  }

  @Override
  public void openSession(OpenSessionRequest r, StreamObserver<SessionReply> out) {
    Calls.unary(out, () -> {
      LockSession s = ctx.volume(r.getVolume()).openSession(r.getDescription());
      long ref = ctx.references().add(r.getClient(), s, s, 0);
      return SessionReply.newBuilder().setSession(ref).setId(s.id()).build();
    });
  }

  @Override
  public void tryLock(LockRequest r, StreamObserver<OptionalLock> out) {
    Calls.unary(out, () -> optional(session(r.getSession()).tryLock(file(r), r.getOwner(),
        Decode.lockStyle(r.getStyleValue()), Decode.lockType(r.getTypeValue()), range(r))));
  }

  @Override
  public void lock(LockRequest r, StreamObserver<LockProgress> out) {
    ServerCallStreamObserver<LockProgress> call = (ServerCallStreamObserver<LockProgress>) out;
    CompletableFuture<Void> f;
    try {
      f = session(r.getSession()).lock(file(r), r.getOwner(), Decode.lockStyle(r.getStyleValue()),
          Decode.lockType(r.getTypeValue()), range(r), Duration.ofNanos(r.getMaxWaitNanos()));
    } catch (RuntimeException e) {
      out.onError(Calls.status(e));
      return;
    }
    PendingKey key = new PendingKey(r.getSession(), r.getRequest());
    pending.put(key, f);
    // A client whose call went away (it died, or gave up at its deadline) must not be granted a
    // lock it will never know it holds.
    call.setOnCancelHandler(() -> f.cancel(false));
    synchronized (call) {
      call.onNext(QUEUED);
    }
    f.whenCompleteAsync((v, t) -> {
      pending.remove(key, f);
      synchronized (call) {
        if (call.isCancelled()) {
          return;
        }
        if (t == null) {
          out.onNext(GRANTED);
          out.onCompleted();
        } else {
          Throwable cause = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
          if (cause instanceof CancellationException) {
            // Withdrawn by CancelLock: its answer tells the client; the call just ends.
            out.onCompleted();
          } else {
            out.onError(Calls.status(cause));
          }
        }
      }
    }, ctx.executor());
  }

  @Override
  public void cancelLock(CancelLockRequest r, StreamObserver<Cancelled> out) {
    Calls.unary(out, () -> {
      CompletableFuture<Void> f = pending.get(new PendingKey(r.getSession(), r.getRequest()));
      return Cancelled.newBuilder().setWithdrawn(f != null && f.cancel(false)).build();
    });
  }

  @Override
  public void test(LockRequest r, StreamObserver<OptionalLock> out) {
    Calls.unary(out, () -> optional(session(r.getSession()).test(file(r), r.getOwner(),
        Decode.lockStyle(r.getStyleValue()), Decode.lockType(r.getTypeValue()), range(r))));
  }

  @Override
  public void testIo(LockRequest r, StreamObserver<OptionalLock> out) {
    Calls.unary(out, () -> optional(session(r.getSession()).testIo(file(r), r.getOwner(),
        Decode.lockStyle(r.getStyleValue()), r.getWrite(), range(r))));
  }

  @Override
  public void unlock(LockRequest r, StreamObserver<Empty> out) {
    Calls.unary(out, () -> {
      session(r.getSession()).unlock(file(r), r.getOwner(), Decode.lockStyle(r.getStyleValue()), range(r));
      return EMPTY;
    });
  }

  @Override
  public void unlockAll(LockRequest r, StreamObserver<Empty> out) {
    Calls.unary(out, () -> {
      session(r.getSession()).unlockAll(file(r), r.getOwner());
      return EMPTY;
    });
  }

  @Override
  public void list(LockRequest r, StreamObserver<LockList> out) {
    Calls.unary(out, () -> {
      LockList.Builder b = LockList.newBuilder();
      for (LockInfo l : session(r.getSession()).locks(file(r))) {
        b.addLocks(Encode.lockInfo(l));
      }
      return b.build();
    });
  }

  @Override
  public void reserve(ReserveRequest r, StreamObserver<ReservationRef> out) {
    Calls.unary(out, () -> {
      ShareReservation res = session(r.getSession()).reserve(Decode.oid(r.getFile()),
          Decode.shareAccess(r.getAccessValueList()), Decode.shareAccess(r.getDenyValueList()));
      long ref = ctx.references().addChild(r.getSession(), res, res);
      return ReservationRef.newBuilder().setReservation(ref).build();
    });
  }

  @Override
  public void changeReservation(ReserveRequest r, StreamObserver<Empty> out) {
    Calls.unary(out, () -> {
      ctx.references().get(r.getReservation(), ShareReservation.class, "share reservation")
          .change(Decode.shareAccess(r.getAccessValueList()), Decode.shareAccess(r.getDenyValueList()));
      return EMPTY;
    });
  }

  @Override
  public void closeReservation(ReservationRef r, StreamObserver<Empty> out) {
    Calls.unary(out, () -> {
      ctx.references().close(r.getReservation());
      return EMPTY;
    });
  }

  @Override
  public void isOpen(SessionRef r, StreamObserver<Flag> out) {
    Calls.unary(out, () -> {
      LockSession s;
      try {
        s = session(r.getSession());
      } catch (RuntimeException e) {
        return Flag.newBuilder().setValue(false).build();
      }
      return Flag.newBuilder().setValue(s.isOpen()).build();
    });
  }

  @Override
  public void closeSession(SessionRef r, StreamObserver<Empty> out) {
    Calls.unary(out, () -> {
      ctx.references().close(r.getSession());
      return EMPTY;
    });
  }
}
