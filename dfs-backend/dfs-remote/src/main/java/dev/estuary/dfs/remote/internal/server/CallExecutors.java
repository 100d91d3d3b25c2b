package dev.estuary.dfs.remote.internal.server;

import dev.estuary.dfs.remote.internal.proto.BackendGrpc;
import dev.estuary.dfs.remote.internal.proto.FilesGrpc;
import dev.estuary.dfs.remote.internal.proto.NamespaceGrpc;
import dev.estuary.dfs.remote.internal.proto.XattrsGrpc;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallExecutorSupplier;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Chooses, per call, the thread a method's handler runs on. The server's own executor is
 * {@code directExecutor()}, so a call this supplier answers {@code null} for runs on the Netty
 * event loop that read its request: the short metadata reads below, which the backend answers from
 * memory or with a read of its metadata store, and never with an fsync, a lock wait or file I/O.
 * Every other call (anything that writes, syncs, reads or writes file data, or may wait for a lock)
 * is handed to the worker pool, so that it never stalls the connection it came on.
 *
 * <p>Why: handing a 1 µs getAttributes to a pool thread and its reply back to the event loop costs
 * two thread wake-ups per call, which on this class of VM was most of the round trip
 * (bench/remote-bench: 115-225 µs median before, see dfs-backend/dfs-remote/README.md).
 */
public final class CallExecutors implements ServerCallExecutorSupplier {
  /** The methods run on the event loop (full gRPC method names). */
  private static final Set<String> INLINE = Stream.of(
          NamespaceGrpc.getGetAttributesMethod(),
          NamespaceGrpc.getLookupMethod(),
          NamespaceGrpc.getLocationMethod(),
          NamespaceGrpc.getReadlinkMethod(),
          NamespaceGrpc.getLookupIgnoreCaseMethod(),
          XattrsGrpc.getGetMethod(),
          XattrsGrpc.getListMethod(),
          FilesGrpc.getAttributesMethod(),
          FilesGrpc.getSizeMethod(),
          BackendGrpc.getRenewMethod())
      .map(MethodDescriptor::getFullMethodName)
      .collect(Collectors.toUnmodifiableSet());

  private final Executor workers;

  /**
   * Creates the supplier.
   *
   * @param workers where every call not run on the event loop goes
   */
  public CallExecutors(Executor workers) {
    this.workers = workers;
  }

  /**
   * Whether a method runs on the event loop.
   *
   * @param fullMethodName e.g. {@code estuary.remote.Namespace/GetAttributes}
   * @return true for the short metadata reads
   */
  public static boolean inline(String fullMethodName) {
    return INLINE.contains(fullMethodName);
  }

  @Override
  public <ReqT, RespT> @Nullable Executor getExecutor(ServerCall<ReqT, RespT> call, Metadata metadata) {
    return inline(call.getMethodDescriptor().getFullMethodName()) ? null : workers;
  }
}
