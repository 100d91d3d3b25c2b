package dev.estuary.dataset.internal.server;

import dev.estuary.dataset.internal.codec.RequestException;
import dev.estuary.dataset.internal.ops.CheckpointWrite;
import dev.estuary.dataset.internal.ops.StatusMap;
import dev.estuary.dataset.proto.WriteCheckpointRequest;
import dev.estuary.dataset.proto.WriteCheckpointResponse;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The inbound side of WriteCheckpoint with manual flow control: one message is requested at a
 * time and the next only after the previous one is written (on the bounded executor), so a fast
 * client can never make the server buffer more than one data message per call. A cancel, deadline
 * or error aborts the write, as does a half-close without the end message, and so does a client
 * that sends nothing for the idle timeout while the server waits for its next message ({@link
 * IdleReaper}): that stream ends with DEADLINE_EXCEEDED.
 */
final class CheckpointUpload implements StreamObserver<WriteCheckpointRequest> {
  private static final long NOT_WAITING = Long.MIN_VALUE;

  private final ServerCallStreamObserver<WriteCheckpointResponse> out;
  private final Executor executor;
  private final CheckpointWrite write;
  private final IdleReaper reaper;
  private boolean finished;
  /** When the server last asked the client for a message it has not sent yet (reaper's clock). */
  private volatile long waitingSince = NOT_WAITING;
  /** Tasks of this call run one after another, in arrival order. */
  private final Object tailLock = new Object();
  private CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);

  private CheckpointUpload(
      ServerCallStreamObserver<WriteCheckpointResponse> out, Executor executor, CheckpointWrite write,
      IdleReaper reaper) {
    this.out = out;
    this.executor = executor;
    this.write = write;
    this.reaper = reaper;
  }

  static StreamObserver<WriteCheckpointRequest> start(
      ServerCallStreamObserver<WriteCheckpointResponse> out, Executor executor, CheckpointWrite write,
      IdleReaper reaper) {
    CheckpointUpload u = new CheckpointUpload(out, executor, write, reaper);
    out.disableAutoRequest();
    out.setOnCancelHandler(u::drop);
    reaper.add(u);
    u.next();
    return u;
  }

  /** Asks the client for the next message; the idle clock runs until it arrives. */
  private void next() {
    waitingSince = reaper.now();
    out.request(1);
  }

  @Override
  public void onNext(WriteCheckpointRequest m) {
    waitingSince = NOT_WAITING;
    serially(() -> handle(m));
  }

  private void serially(Runnable task) {
    synchronized (tailLock) {
      tail = tail.thenRunAsync(task, executor);
    }
  }

  private synchronized void handle(WriteCheckpointRequest m) {
    if (finished) {
      return;
    }
    try {
      switch (m.getKindCase()) {
        case HEADER -> write.header(m.getHeader());
        case DATA -> write.data(m.getData());
        case END -> {
          WriteCheckpointResponse r = write.end(m.getEnd());
          finished = true;
          reaper.remove(this);
          out.onNext(r);
          out.onCompleted();
          return;
        }
        case KIND_NOT_SET -> throw new RequestException(
            Status.Code.INVALID_ARGUMENT, "kind: not set (expected: header, data or end)");
      }
      next();
    } catch (RuntimeException e) {
      fail(StatusMap.toStatus(e));
    }
  }

  /**
   * Ends the stream if the client has owed its next message for at least the timeout. Called by
   * the reaper; the check is repeated in the call's order of tasks, so a message that arrived
   * meanwhile wins.
   */
  void expireIfIdle(long now, long timeoutMillis) {
    long since = waitingSince;
    if (since == NOT_WAITING || now - since < timeoutMillis) {
      return;
    }
    serially(() -> {
      synchronized (this) {
        long s = waitingSince;
        if (!finished && s != NOT_WAITING && reaper.now() - s >= timeoutMillis) {
          fail(Status.DEADLINE_EXCEEDED.withDescription("stream: no message for " + (timeoutMillis / 1000.0)
              + " s (expected: the next message within dataset.checkpoint-idle-timeout); nothing was published")
              .asRuntimeException());
        }
      }
    });
  }

  private void fail(RuntimeException status) {
    finished = true;
    waitingSince = NOT_WAITING;
    reaper.remove(this);
    write.abort();
    try {
      out.onError(status);
    } catch (RuntimeException ignored) {
      // the call was already cancelled
    }
  }

  /** The call ended without an answer from us (client cancel, deadline): drop the write. */
  private void drop() {
    waitingSince = NOT_WAITING;
    reaper.remove(this);
    write.abort();
  }

  @Override
  public void onError(Throwable t) {
    drop();
  }

  @Override
  public void onCompleted() {
    waitingSince = NOT_WAITING;
    serially(() -> {
      synchronized (this) {
        if (!finished) {
          fail(StatusMap.toStatus(new RequestException(
              Status.Code.INVALID_ARGUMENT,
              "stream: ended without the end message (expected: header, data..., end); nothing was published")));
        }
      }
    });
  }
}
