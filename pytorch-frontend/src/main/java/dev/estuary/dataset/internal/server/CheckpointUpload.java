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
 * or error aborts the write, as does a half-close without the end message.
 */
final class CheckpointUpload implements StreamObserver<WriteCheckpointRequest> {
  private final ServerCallStreamObserver<WriteCheckpointResponse> out;
  private final Executor executor;
  private final CheckpointWrite write;
  private boolean finished;
  /** Tasks of this call run one after another, in arrival order. */
  private final Object tailLock = new Object();
  private CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);

  private CheckpointUpload(
      ServerCallStreamObserver<WriteCheckpointResponse> out, Executor executor, CheckpointWrite write) {
    this.out = out;
    this.executor = executor;
    this.write = write;
  }

  static StreamObserver<WriteCheckpointRequest> start(
      ServerCallStreamObserver<WriteCheckpointResponse> out, Executor executor, CheckpointWrite write) {
    CheckpointUpload u = new CheckpointUpload(out, executor, write);
    out.disableAutoRequest();
    out.setOnCancelHandler(write::abort);
    out.request(1);
    return u;
  }

  @Override
  public void onNext(WriteCheckpointRequest m) {
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
          out.onNext(r);
          out.onCompleted();
          return;
        }
        case KIND_NOT_SET -> throw new RequestException(
            Status.Code.INVALID_ARGUMENT, "kind: not set (expected: header, data or end)");
      }
      out.request(1);
    } catch (RuntimeException e) {
      fail(e);
    }
  }

  private void fail(Throwable e) {
    finished = true;
    write.abort();
    try {
      out.onError(StatusMap.toStatus(e));
    } catch (RuntimeException ignored) {
      // the call was already cancelled
    }
  }

  @Override
  public void onError(Throwable t) {
    // Cancelled by the client or its deadline: nothing to answer, just drop the write.
    write.abort();
  }

  @Override
  public void onCompleted() {
    serially(() -> {
      synchronized (this) {
        if (!finished) {
          fail(new RequestException(
              Status.Code.INVALID_ARGUMENT,
              "stream: ended without the end message (expected: header, data..., end); nothing was published"));
        }
      }
    });
  }
}
