package dev.estuary.dataset.internal.server;

import dev.estuary.core.Principal;
import dev.estuary.dataset.internal.codec.CheckpointLimits;
import dev.estuary.dataset.internal.ops.AbortCheckpointOp;
import dev.estuary.dataset.internal.ops.BeginCheckpointOp;
import dev.estuary.dataset.internal.ops.CheckpointUploads;
import dev.estuary.dataset.internal.ops.CommitCheckpointOp;
import dev.estuary.dataset.internal.ops.GetBatchOp;
import dev.estuary.dataset.internal.ops.GetOp;
import dev.estuary.dataset.internal.ops.OpContext;
import dev.estuary.dataset.internal.ops.ReadCheckpointOp;
import dev.estuary.dataset.internal.ops.ReadRangeOp;
import dev.estuary.dataset.internal.ops.ScanOp;
import dev.estuary.dataset.internal.ops.StatOp;
import dev.estuary.dataset.internal.ops.StatusMap;
import dev.estuary.dataset.internal.ops.WriteCheckpointBlocksOp;
import dev.estuary.dataset.internal.ops.WriteCheckpointOp;
import dev.estuary.dataset.proto.AbortCheckpointRequest;
import dev.estuary.dataset.proto.AbortCheckpointResponse;
import dev.estuary.dataset.proto.BeginCheckpointRequest;
import dev.estuary.dataset.proto.BeginCheckpointResponse;
import dev.estuary.dataset.proto.CheckpointBlock;
import dev.estuary.dataset.proto.CommitCheckpointRequest;
import dev.estuary.dataset.proto.DataChunk;
import dev.estuary.dataset.proto.DatasetServiceGrpc;
import dev.estuary.dataset.proto.GetBatchRequest;
import dev.estuary.dataset.proto.GetBatchResponse;
import dev.estuary.dataset.proto.GetRequest;
import dev.estuary.dataset.proto.ReadCheckpointRequest;
import dev.estuary.dataset.proto.ReadRangeRequest;
import dev.estuary.dataset.proto.ScanRequest;
import dev.estuary.dataset.proto.ScanResponse;
import dev.estuary.dataset.proto.StatRequest;
import dev.estuary.dataset.proto.StatResponse;
import dev.estuary.dataset.proto.WriteCheckpointBlocksResponse;
import dev.estuary.dataset.proto.WriteCheckpointRequest;
import dev.estuary.dataset.proto.WriteCheckpointResponse;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * Binds the RPCs of {@code estuary.dataset.v1.DatasetService} to their handlers: streaming answers
 * go through a {@link StreamPump}, the checkpoint upload through a {@link CheckpointUpload} watched by
 * the {@link IdleReaper}.
 * Handlers run on the server's bounded executor (every gRPC callback does).
 */
final class DatasetGrpcService extends DatasetServiceGrpc.DatasetServiceImplBase {
  private final Executor io;
  private final ScanOp scan;
  private final GetOp get;
  private final GetBatchOp getBatch;
  private final ReadRangeOp readRange;
  private final WriteCheckpointOp writeCheckpoint;
  private final ReadCheckpointOp readCheckpoint;
  private final StatOp stat;
  private final IdleReaper idle;
  private final BeginCheckpointOp beginCheckpoint;
  private final WriteCheckpointBlocksOp writeBlocks;
  private final CommitCheckpointOp commitCheckpoint;
  private final AbortCheckpointOp abortCheckpoint;

  DatasetGrpcService(OpContext ctx, CheckpointLimits checkpoints, IdleReaper idle) {
    this.idle = idle;
    this.io = ctx.io();
    this.scan = new ScanOp(ctx);
    this.get = new GetOp(ctx);
    this.getBatch = new GetBatchOp(ctx);
    this.readRange = new ReadRangeOp(ctx);
    this.writeCheckpoint = new WriteCheckpointOp(ctx, checkpoints);
    this.readCheckpoint = new ReadCheckpointOp(ctx);
    this.stat = new StatOp(ctx);
    CheckpointUploads uploads = new CheckpointUploads(ctx, writeCheckpoint);
    idle.watch(uploads);
    this.beginCheckpoint = new BeginCheckpointOp(uploads);
    this.writeBlocks = new WriteCheckpointBlocksOp(uploads);
    this.commitCheckpoint = new CommitCheckpointOp(uploads);
    this.abortCheckpoint = new AbortCheckpointOp(uploads);
  }

  private static Principal principal() {
    return AuthInterceptor.PRINCIPAL.get();
  }

  @Override
  public void scan(ScanRequest req, StreamObserver<ScanResponse> out) {
    Principal p = principal();
    StreamPump.start((ServerCallStreamObserver<ScanResponse>) out, io, wake -> scan.start(p, req, wake));
  }

  @Override
  public void get(GetRequest req, StreamObserver<DataChunk> out) {
    Principal p = principal();
    StreamPump.start((ServerCallStreamObserver<DataChunk>) out, io, wake -> get.start(p, req));
  }

  @Override
  public void getBatch(GetBatchRequest req, StreamObserver<GetBatchResponse> out) {
    Principal p = principal();
    StreamPump.start(
        (ServerCallStreamObserver<GetBatchResponse>) out, io, wake -> getBatch.start(p, req, wake));
  }

  @Override
  public void readRange(ReadRangeRequest req, StreamObserver<DataChunk> out) {
    Principal p = principal();
    StreamPump.start((ServerCallStreamObserver<DataChunk>) out, io, wake -> readRange.start(p, req));
  }

  @Override
  public void readCheckpoint(ReadCheckpointRequest req, StreamObserver<DataChunk> out) {
    Principal p = principal();
    StreamPump.start((ServerCallStreamObserver<DataChunk>) out, io, wake -> readCheckpoint.start(p, req));
  }

  @Override
  public StreamObserver<WriteCheckpointRequest> writeCheckpoint(
      StreamObserver<WriteCheckpointResponse> out) {
    return CheckpointUpload.start(
        (ServerCallStreamObserver<WriteCheckpointResponse>) out, io, writeCheckpoint.begin(principal()), idle);
  }

  @Override
  public void stat(StatRequest req, StreamObserver<StatResponse> out) {
    unary(out, () -> stat.stat(principal(), req));
  }

  @Override
  public void beginCheckpoint(BeginCheckpointRequest req, StreamObserver<BeginCheckpointResponse> out) {
    unary(out, () -> beginCheckpoint.begin(principal(), req));
  }

  @Override
  public StreamObserver<CheckpointBlock> writeCheckpointBlocks(StreamObserver<WriteCheckpointBlocksResponse> out) {
    return BlockUpload.start(
        (ServerCallStreamObserver<WriteCheckpointBlocksResponse>) out, io, writeBlocks.begin(principal()));
  }

  @Override
  public void commitCheckpoint(CommitCheckpointRequest req, StreamObserver<WriteCheckpointResponse> out) {
    unary(out, () -> commitCheckpoint.commit(principal(), req));
  }

  @Override
  public void abortCheckpoint(AbortCheckpointRequest req, StreamObserver<AbortCheckpointResponse> out) {
    unary(out, () -> abortCheckpoint.abort(principal(), req));
  }

  /** Answers a unary call with the handler's result or its failure's status. */
  private static <T> void unary(StreamObserver<T> out, Supplier<T> handler) {
    T r;
    try {
      r = handler.get();
    } catch (RuntimeException e) {
      out.onError(StatusMap.toStatus(e));
      return;
    }
    out.onNext(r);
    out.onCompleted();
  }
}
