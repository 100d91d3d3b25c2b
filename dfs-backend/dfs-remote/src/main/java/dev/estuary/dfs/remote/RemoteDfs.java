package dev.estuary.dfs.remote;

import dev.estuary.dfs.Capability;
import dev.estuary.dfs.Dfs;
import dev.estuary.dfs.ErrorKind;
import dev.estuary.dfs.Ownership;
import dev.estuary.dfs.Volume;
import dev.estuary.dfs.VolumeInfo;
import dev.estuary.dfs.remote.internal.Decode;
import dev.estuary.dfs.remote.internal.DescriptorProtocol;
import dev.estuary.dfs.remote.internal.Encode;
import dev.estuary.dfs.remote.internal.client.ClientCore;
import dev.estuary.dfs.remote.internal.client.RemoteVolume;
import dev.estuary.dfs.remote.internal.proto.CreateVolumeRequest;
import dev.estuary.dfs.remote.internal.proto.DeleteVolumeRequest;
import dev.estuary.dfs.remote.internal.proto.Empty;
import dev.estuary.dfs.remote.internal.proto.RenewRequest;
import dev.estuary.dfs.remote.internal.proto.VolumeInfoMsg;
import dev.estuary.dfs.remote.internal.proto.VolumeName;
import io.grpc.Channel;
import java.util.List;
import java.util.Set;

/**
 * A {@link Dfs} whose volumes live in another process, reached through a {@link RemoteServer}.
 * Thread-safe; one connection (a gRPC channel, reconnecting by itself) serves every call.
 *
 * <p>Every call has the deadline of its {@link RemoteOptions}: while the server is down a call
 * waits for it to come back, then fails with {@link ErrorKind#UNAVAILABLE} naming the endpoint.
 * Handles, lock sessions and watches opened before a server restart fail with {@link
 * ErrorKind#STALE}; a watch whose stream ends delivers one {@link
 * dev.estuary.dfs.ChangeEvent#OVERFLOW}. What this client holds on the server is kept alive by a
 * lease renewed in the background, so it is released if this process dies.
 *
 * <p>Memory: a read or write holds about one chunk ({@link RemoteOptions#chunkSize()}) beyond the
 * caller's buffer and gRPC's flow-control window; a watch holds at most its queue capacity.
 */
public final class RemoteDfs implements Dfs {
  private final ClientCore core;

  private RemoteDfs(ClientCore core) {
    this.core = core;
  }

  /**
   * Connects to a server.
   *
   * @param endpoint where it listens
   * @param options deadline, token, TLS trust, chunk size
   * @return the connected backend; close it when done
   * @throws dev.estuary.dfs.DfsException {@link ErrorKind#UNAVAILABLE} naming the endpoint if it does
   *     not answer within the deadline, {@link ErrorKind#ACCESS_DENIED} if it refuses the token
   */
  public static RemoteDfs connect(RemoteEndpoint endpoint, RemoteOptions options) {
    return new RemoteDfs(new ClientCore(endpoint, options));
  }

  /**
   * Returns the connection, for other clients of the same server (the identity service) to share;
   * it carries the node token when one is configured, and a call on it that waits for ready with a
   * deadline waits for a server that is away at most {@link RemoteOptions#outageWait()}.
   *
   * @return the channel
   */
  public Channel channel() {
    return core.channel();
  }

  /**
   * Returns the server this backend talks to.
   *
   * @return the endpoint
   */
  public RemoteEndpoint endpoint() {
    return core.endpoint();
  }

  @Override
  public Set<Capability> capabilities() {
    return core.capabilities();
  }

  @Override
  public VolumeInfo createVolume(String name, int rootMode, Ownership owner) {
    return Decode.volumeInfo(core.call(core.backendStub(), s -> s.createVolume(CreateVolumeRequest
        .newBuilder().setName(Encode.text(name)).setRootMode(rootMode).setOwner(Encode.owner(owner)).build())));
  }

  @Override
  public List<VolumeInfo> listVolumes() {
    return core.call(core.backendStub(), s -> s.listVolumes(Empty.getDefaultInstance()))
        .getVolumesList().stream().map(Decode::volumeInfo).toList();
  }

  @Override
  public Volume volume(String name) {
    VolumeName request = VolumeName.newBuilder().setName(Encode.text(name)).build();
    VolumeInfoMsg v = core.quick(DescriptorProtocol.OPEN_VOLUME, request, VolumeInfoMsg.parser(),
        () -> core.call(core.backendStub(), s -> s.openVolume(request)));
    return new RemoteVolume(core, v.getName(), Decode.oid(v.getRoot()));
  }

  @Override
  public void deleteVolume(String name, boolean recursive) {
    core.call(core.backendStub(), s -> s.deleteVolume(DeleteVolumeRequest.newBuilder()
        .setName(Encode.text(name)).setRecursive(recursive).build()));
  }

  @Override
  public void sync() {
    core.call(core.backendStub(), s -> s.sync(Empty.getDefaultInstance()));
  }

  /**
   * Fails waiting lock requests with {@link ErrorKind#CLOSED}, syncs the backend, releases
   * everything this client holds on the server and closes the connection. A server that cannot be
   * reached is not waited for (its lease then releases what this client held). Idempotent.
   */
  @Override
  public void close() {
    core.beforeClose(core::failPendingLocks);
    core.beforeClose(() -> core.call(core.backendStubNoWait(), s -> s.sync(Empty.getDefaultInstance())));
    core.beforeClose(() -> core.call(core.backendStubNoWait(),
        s -> s.goodbye(RenewRequest.newBuilder().setClient(core.client()).build())));
    core.close();
  }

  @Override
  public String toString() {
    return "RemoteDfs[" + core.endpoint() + "]";
  }
}
