package dev.estuary.dataset.internal.server;

import dev.estuary.dataset.internal.ops.StatusMap;
import dev.estuary.dataset.internal.ops.WriteCheckpointBlocksOp;
import dev.estuary.dataset.proto.CheckpointBlock;
import dev.estuary.dataset.proto.WriteCheckpointBlocksResponse;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The inbound side of WriteCheckpointBlocks, with the manual flow control of {@link
 * CheckpointUpload}: one block is requested at a time and the next only after it is written (on
 * the bounded executor), so each stream holds at most one block in server memory; the client gets
 * parallelism by opening several streams. A failure, cancel or deadline ends the stream's upload.
 * Idle uploads are ended by the {@link IdleReaper} through the upload registry.
 */
final class BlockUpload implements StreamObserver<CheckpointBlock> {
  private final ServerCallStreamObserver<WriteCheckpointBlocksResponse> out;
  private final Executor executor;
  private final WriteCheckpointBlocksOp.Call call;
  private boolean finished;
  /** Tasks of this call run one after another, in arrival order. */
  private final Object tailLock = new Object();
  private CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);

  private BlockUpload(
      ServerCallStreamObserver<WriteCheckpointBlocksResponse> out, Executor executor, WriteCheckpointBlocksOp.Call call) {
    this.out = out;
    this.executor = executor;
    this.call = call;
  }

  static StreamObserver<CheckpointBlock> start(
      ServerCallStreamObserver<WriteCheckpointBlocksResponse> out, Executor executor, WriteCheckpointBlocksOp.Call call) {
    BlockUpload u = new BlockUpload(out, executor, call);
    out.disableAutoRequest();
    out.setOnCancelHandler(call::fail);
    out.request(1);
    return u;
  }

  @Override
  public void onNext(CheckpointBlock m) {
    serially(() -> handle(m));
  }

  private void serially(Runnable task) {
    synchronized (tailLock) {
      tail = tail.thenRunAsync(task, executor);
    }
  }

  private synchronized void handle(CheckpointBlock m) {
    if (finished) {
      return;
    }
    try {
      call.block(m);
      out.request(1);
    } catch (RuntimeException e) {
      fail(StatusMap.toStatus(e));
    }
  }

  private void fail(RuntimeException status) {
    finished = true;
    call.fail();
    try {
      out.onError(status);
    } catch (RuntimeException ignored) {
      // the call was already cancelled
    }
  }

  @Override
  public void onError(Throwable t) {
    call.fail();
  }

  @Override
  public void onCompleted() {
    serially(() -> {
      synchronized (this) {
        if (!finished) {
          finished = true;
          out.onNext(call.finish());
          out.onCompleted();
        }
      }
    });
  }
}
