package dev.estuary.dfs.remote.internal.client;

import dev.estuary.dfs.ByteRange;
import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.ErrorKind;
import dev.estuary.dfs.LockInfo;
import dev.estuary.dfs.LockSession;
import dev.estuary.dfs.LockStyle;
import dev.estuary.dfs.LockType;
import dev.estuary.dfs.ObjectId;
import dev.estuary.dfs.ShareAccess;
import dev.estuary.dfs.ShareReservation;
import dev.estuary.dfs.remote.internal.Decode;
import dev.estuary.dfs.remote.internal.Encode;
import dev.estuary.dfs.remote.internal.proto.CancelLockRequest;
import dev.estuary.dfs.remote.internal.proto.LockInfoMsg;
import dev.estuary.dfs.remote.internal.proto.LockProgress;
import dev.estuary.dfs.remote.internal.proto.LockRequest;
import dev.estuary.dfs.remote.internal.proto.OptionalLock;
import dev.estuary.dfs.remote.internal.proto.ReserveRequest;
import dev.estuary.dfs.remote.internal.proto.SessionRef;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A {@link LockSession} held on the server under this client's lease. A blocking {@link #lock}
 * waits on the server; its future completes on a gRPC thread when the server's does.
 */
final class RemoteLockSession implements LockSession {
  private final ClientCore core;
  private final long ref;
  private final SessionRef sessionRef;
  private final long id;
  private final String description;
  private final AtomicBoolean closed = new AtomicBoolean();

  RemoteLockSession(ClientCore core, long ref, long id, String description) {
    this.core = core;
    this.ref = ref;
    this.sessionRef = SessionRef.newBuilder().setSession(ref).build();
    this.id = id;
    this.description = description;
  }

  private void checkOpen() {
    if (closed.get()) {
      throw new DfsException(ErrorKind.CLOSED, "lock session " + id + " (" + description + ") is closed");
    }
  }

  private LockRequest.Builder request(ObjectId file, String owner, LockStyle style) {
    return LockRequest.newBuilder().setSession(ref).setFile(Encode.oid(file)).setOwner(Encode.text(owner))
        .setStyleValue(style.ordinal());
  }

  private static Optional<LockInfo> optional(OptionalLock l) {
    return l.hasLock() ? Optional.of(Decode.lockInfo(l.getLock())) : Optional.empty();
  }

  long ref() {
    return ref;
  }

  boolean isClosedLocally() {
    return closed.get();
  }

  @Override
  public long id() {
    return id;
  }

  @Override
  public String description() {
    return description;
  }

  @Override
  public Optional<LockInfo> tryLock(ObjectId file, String owner, LockStyle style, LockType type, ByteRange range) {
    checkOpen();
    return optional(core.call(core.locks, s -> s.tryLock(request(file, owner, style)
        .setTypeValue(type.ordinal()).setRange(Encode.range(range)).build())));
  }

  @Override
  public CompletableFuture<Void> lock(ObjectId file, String owner, LockStyle style, LockType type,
      ByteRange range, Duration maxWait) {
    checkOpen();
    if (maxWait.isNegative() || maxWait.compareTo(MAX_WAIT) > 0) {
      throw new DfsException(ErrorKind.INVALID_ARGUMENT, "lock wait: " + maxWait
          + " (expected: 0 to " + MAX_WAIT + ")");
    }
    long request = core.nextRequest();
    LockRequest r = request(file, owner, style).setTypeValue(type.ordinal())
        .setRange(Encode.range(range)).setMaxWaitNanos(maxWait.toNanos()).setRequest(request).build();
    Duration deadline = maxWait.plus(core.options().lockMargin()).plus(core.options().deadline());
    Pending future = new Pending(request);
    core.pendingLocks().add(future);
    future.whenComplete((v, t) -> core.pendingLocks().remove(future));
    CompletableFuture<Void> queued = new CompletableFuture<>();
    core.call(core.locksAsync, deadline.toNanos(), s -> {
      s.lock(r, new StreamObserver<LockProgress>() {
        @Override
        public void onNext(LockProgress p) {
          if (p.getGranted()) {
            queued.complete(null);
            future.grant();
          } else {
            queued.complete(null);
          }
        }

        @Override
        public void onError(Throwable t) {
          if (!queued.completeExceptionally(t)) {
            future.fail(core.error(t, deadline));
          }
        }

        @Override
        public void onCompleted() {
          // After "granted", or after a withdrawal, whose CancelLock answer completes the future.
          core.pendingLocks().remove(future);
        }
      });
      return null;
    });
    try {
      queued.get(core.options().deadline().toNanos(), TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      throw core.error(e.getCause());
    } catch (TimeoutException e) {
      throw core.error(io.grpc.Status.DEADLINE_EXCEEDED.asRuntimeException());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DfsException(ErrorKind.IO_ERROR, "lock request interrupted", e);
    }
    return future;
  }

  /**
   * The future of a blocking request. {@code cancel} asks the server to withdraw the request and
   * answers as the backend's own future does: true if it was withdrawn, false (with the lock
   * held) if it had been granted first.
   */
  private final class Pending extends CompletableFuture<Void> {
    private final long request;

    Pending(long request) {
      this.request = request;
    }

    void grant() {
      super.complete(null);
    }

    void fail(Throwable t) {
      super.completeExceptionally(t);
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
      if (isDone()) {
        return false;
      }
      boolean withdrawn = core.call(core.locks, s -> s.cancelLock(CancelLockRequest.newBuilder()
          .setSession(ref).setRequest(request).build())).getWithdrawn();
      if (withdrawn) {
        return super.cancel(mayInterruptIfRunning);
      }
      // Granted (or failed) on the server before the cancel reached it: its answer is on the way.
      try {
        get(core.options().deadline().toNanos(), TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (ExecutionException | TimeoutException | java.util.concurrent.CancellationException e) {
        // The outcome is the future's own; cancel only reports that it did not withdraw.
      }
      return false;
    }
  }

  @Override
  public Optional<LockInfo> test(ObjectId file, String owner, LockStyle style, LockType type, ByteRange range) {
    checkOpen();
    return optional(core.call(core.locks, s -> s.test(request(file, owner, style)
        .setTypeValue(type.ordinal()).setRange(Encode.range(range)).build())));
  }

  @Override
  public Optional<LockInfo> testIo(ObjectId file, String owner, LockStyle style, boolean write, ByteRange range) {
    checkOpen();
    return optional(core.call(core.locks, s -> s.testIo(request(file, owner, style)
        .setWrite(write).setRange(Encode.range(range)).build())));
  }

  @Override
  public void unlock(ObjectId file, String owner, LockStyle style, ByteRange range) {
    checkOpen();
    core.call(core.locks, s -> s.unlock(request(file, owner, style).setRange(Encode.range(range)).build()));
  }

  @Override
  public void unlockAll(ObjectId file, String owner) {
    checkOpen();
    core.call(core.locks, s -> s.unlockAll(LockRequest.newBuilder().setSession(ref)
        .setFile(Encode.oid(file)).setOwner(Encode.text(owner)).build()));
  }

  @Override
  public List<LockInfo> locks(ObjectId file) {
    checkOpen();
    List<LockInfo> out = new ArrayList<>();
    for (LockInfoMsg m : core.call(core.locks, s -> s.list(LockRequest.newBuilder().setSession(ref)
        .setFile(Encode.oid(file)).build())).getLocksList()) {
      out.add(Decode.lockInfo(m));
    }
    return List.copyOf(out);
  }

  @Override
  public ShareReservation reserve(ObjectId file, Set<ShareAccess> access, Set<ShareAccess> deny) {
    checkOpen();
    long reservation = core.call(core.locks, s -> s.reserve(ReserveRequest.newBuilder()
        .setSession(ref).setFile(Encode.oid(file)).addAllAccessValue(Encode.shareAccess(access))
        .addAllDenyValue(Encode.shareAccess(deny)).build())).getReservation();
    return new RemoteShareReservation(core, this, reservation, file, access, deny);
  }

  @Override
  public boolean isOpen() {
    if (closed.get() || core.isClosed()) {
      return false;
    }
    return core.call(core.locks, s -> s.isOpen(sessionRef)).getValue();
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true) && !core.isClosed()) {
      try {
        core.call(core.locks, s -> s.closeSession(sessionRef));
      } catch (DfsException e) {
        if (e.kind() != ErrorKind.IO_ERROR && e.kind() != ErrorKind.UNAVAILABLE && e.kind() != ErrorKind.STALE) {
          throw e;
        }
      }
    }
  }

  @Override
  public String toString() {
    return "RemoteLockSession[" + id + " " + description + "]";
  }
}
