package dev.estuary.dfs.remote.internal.server;

import com.google.protobuf.ByteString;
import dev.estuary.dfs.remote.internal.Decode;
import dev.estuary.dfs.remote.internal.proto.BytesReply;
import dev.estuary.dfs.remote.internal.proto.Empty;
import dev.estuary.dfs.remote.internal.proto.ObjectRequest;
import dev.estuary.dfs.remote.internal.proto.XattrNames;
import dev.estuary.dfs.remote.internal.proto.XattrRequest;
import dev.estuary.dfs.remote.internal.proto.XattrsGrpc;
import io.grpc.stub.StreamObserver;

/** Extended attributes of a {@link dev.estuary.dfs.Volume}'s objects. */
public final class XattrService extends XattrsGrpc.XattrsImplBase {
  private static final Empty EMPTY = Empty.getDefaultInstance();
  private final ServerContext ctx;

  /**
   * Creates the handler.
   *
   * @param ctx the shared server state
   */
  public XattrService(ServerContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public void get(XattrRequest r, StreamObserver<BytesReply> out) {
    Calls.unary(out, () -> BytesReply.newBuilder().setValue(ByteString.copyFrom(
        ctx.volume(r.getVolume()).getXattr(Decode.oid(r.getId()), r.getName()))).build());
  }

  @Override
  public void set(XattrRequest r, StreamObserver<Empty> out) {
    Calls.unary(out, () -> {
      ctx.volume(r.getVolume()).setXattr(Decode.oid(r.getId()), r.getName(),
          r.getValue().toByteArray(), Decode.xattrMode(r.getModeValue()));
      return EMPTY;
    });
  }

  @Override
  public void remove(XattrRequest r, StreamObserver<Empty> out) {
    Calls.unary(out, () -> {
      ctx.volume(r.getVolume()).removeXattr(Decode.oid(r.getId()), r.getName());
      return EMPTY;
    });
  }

  @Override
  public void list(ObjectRequest r, StreamObserver<XattrNames> out) {
    Calls.unary(out, () -> XattrNames.newBuilder()
        .addAllNames(ctx.volume(r.getVolume()).listXattrs(Decode.oid(r.getId()))).build());
  }
}
