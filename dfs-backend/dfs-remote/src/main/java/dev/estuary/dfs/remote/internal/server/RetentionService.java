package dev.estuary.dfs.remote.internal.server;

import dev.estuary.dfs.remote.internal.Decode;
import dev.estuary.dfs.remote.internal.Encode;
import dev.estuary.dfs.remote.internal.proto.LegalHoldRequest;
import dev.estuary.dfs.remote.internal.proto.ObjectRequest;
import dev.estuary.dfs.remote.internal.proto.RetentionMsg;
import dev.estuary.dfs.remote.internal.proto.RetentionsGrpc;
import dev.estuary.dfs.remote.internal.proto.SetRetentionRequest;
import io.grpc.stub.StreamObserver;

/** Retention periods and legal holds of a {@link dev.estuary.dfs.Volume}'s files. */
public final class RetentionService extends RetentionsGrpc.RetentionsImplBase {
  private final ServerContext ctx;

  /**
   * Creates the handler.
   *
   * @param ctx the shared server state
   */
  public RetentionService(ServerContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public void get(ObjectRequest r, StreamObserver<RetentionMsg> out) {
    Calls.unary(out, () -> Encode.retention(ctx.volume(r.getVolume()).getRetention(Decode.oid(r.getId()))));
  }

  @Override
  public void setRetention(SetRetentionRequest r, StreamObserver<RetentionMsg> out) {
    Calls.unary(out, () -> Encode.retention(ctx.volume(r.getVolume()).setRetention(
        Decode.oid(r.getId()), Decode.optionalRetentionMode(r.hasMode(), r.getModeValue()),
        r.hasRetainUntil() ? Decode.time(r.getRetainUntil()) : null, r.getBypassGovernance())));
  }

  @Override
  public void setLegalHold(LegalHoldRequest r, StreamObserver<RetentionMsg> out) {
    Calls.unary(out, () -> Encode.retention(
        ctx.volume(r.getVolume()).setLegalHold(Decode.oid(r.getId()), r.getOn())));
  }
}
