package dev.estuary.dfs.remote.internal.server;

import dev.estuary.dfs.Capability;
import dev.estuary.dfs.VolumeInfo;
import dev.estuary.dfs.remote.internal.Decode;
import dev.estuary.dfs.remote.internal.Encode;
import dev.estuary.dfs.remote.internal.proto.BackendGrpc;
import dev.estuary.dfs.remote.internal.proto.CreateVolumeRequest;
import dev.estuary.dfs.remote.internal.proto.DeleteVolumeRequest;
import dev.estuary.dfs.remote.internal.proto.Empty;
import dev.estuary.dfs.remote.internal.proto.HelloReply;
import dev.estuary.dfs.remote.internal.proto.HelloRequest;
import dev.estuary.dfs.remote.internal.proto.RenewRequest;
import dev.estuary.dfs.remote.internal.proto.VolumeInfoMsg;
import dev.estuary.dfs.remote.internal.proto.VolumeList;
import dev.estuary.dfs.remote.internal.proto.VolumeName;
import io.grpc.stub.StreamObserver;

/** The {@link dev.estuary.dfs.Dfs} itself (volumes, sync) and the clients' leases. */
public final class BackendService extends BackendGrpc.BackendImplBase {
  private static final Empty EMPTY = Empty.getDefaultInstance();
  private final ServerContext ctx;

  /**
   * Creates the handler.
   *
   * @param ctx the shared server state
   */
  public BackendService(ServerContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public void hello(HelloRequest request, StreamObserver<HelloReply> out) {
    Calls.unary(out, () -> {
      ctx.references().renew(request.getClient());
      HelloReply.Builder b = HelloReply.newBuilder()
          .setLeaseMillis(ctx.references().lease().toMillis());
      for (Capability c : ctx.dfs().capabilities()) {
        b.addCapabilitiesValue(c.ordinal());
      }
      return b.build();
    });
  }

  @Override
  public void renew(RenewRequest request, StreamObserver<Empty> out) {
    Calls.unary(out, () -> {
      ctx.references().renew(request.getClient());
      return EMPTY;
    });
  }

  @Override
  public void goodbye(RenewRequest request, StreamObserver<Empty> out) {
    Calls.unary(out, () -> {
      ctx.references().end(request.getClient());
      return EMPTY;
    });
  }

  @Override
  public void createVolume(CreateVolumeRequest request, StreamObserver<VolumeInfoMsg> out) {
    Calls.unary(out, () -> Encode.volumeInfo(ctx.dfs().createVolume(
        request.getName(), request.getRootMode(), Decode.owner(request.getOwner()))));
  }

  @Override
  public void listVolumes(Empty request, StreamObserver<VolumeList> out) {
    Calls.unary(out, () -> {
      VolumeList.Builder b = VolumeList.newBuilder();
      for (VolumeInfo v : ctx.dfs().listVolumes()) {
        b.addVolumes(Encode.volumeInfo(v));
      }
      return b.build();
    });
  }

  @Override
  public void openVolume(VolumeName request, StreamObserver<VolumeInfoMsg> out) {
    Calls.unary(out, () -> {
      var v = ctx.dfs().volume(request.getName());
      return VolumeInfoMsg.newBuilder().setName(v.name()).setRoot(Encode.oid(v.root())).build();
    });
  }

  @Override
  public void deleteVolume(DeleteVolumeRequest request, StreamObserver<Empty> out) {
    Calls.unary(out, () -> {
      ctx.dfs().deleteVolume(request.getName(), request.getRecursive());
      return EMPTY;
    });
  }

  @Override
  public void sync(Empty request, StreamObserver<Empty> out) {
    Calls.unary(out, () -> {
      ctx.dfs().sync();
      return EMPTY;
    });
  }
}
