package dev.estuary.core.internal.remote;

import com.google.protobuf.ByteString;
import dev.estuary.core.KeyWrapper;
import dev.estuary.core.MasterKeys;
import dev.estuary.core.internal.remote.proto.DataKey;
import dev.estuary.core.internal.remote.proto.SseKeysGrpc;
import dev.estuary.core.internal.remote.proto.WrappedKey;
import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.ErrorKind;
import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The {@link KeyWrapper} of a frontend process in node mode: every wrap and unwrap is a call to
 * the engine daemon's {@link SseKeysGrpcService} (one per SSE-S3 object written or read), so the
 * master keys stay in the daemon's data directory. A refusal of the daemon (unknown master key,
 * altered wrapped key) is the {@link IllegalStateException} {@link MasterKeys} throws, a refused
 * key {@link ErrorKind#INVALID_ARGUMENT}; a daemon that cannot be reached within the deadline is
 * {@link DfsException} {@link ErrorKind#IO_ERROR}.
 */
public final class RemoteSseKeys implements KeyWrapper {
  private final SseKeysGrpc.SseKeysBlockingStub stub;
  private final String endpoint;
  private final Duration deadline;

  /**
   * Creates the client.
   *
   * @param channel the channel to the engine daemon
   * @param endpoint the daemon's address, for error messages
   * @param deadline the longest wait of one call, a reconnection included
   */
  public RemoteSseKeys(Channel channel, String endpoint, Duration deadline) {
    this.stub = SseKeysGrpc.newBlockingStub(channel);
    this.endpoint = endpoint;
    this.deadline = deadline;
  }

  private SseKeysGrpc.SseKeysBlockingStub call() {
    return stub.withWaitForReady().withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public MasterKeys.Wrapped wrap(byte[] dataKey) {
    try {
      WrappedKey w = call().wrap(DataKey.newBuilder().setKey(ByteString.copyFrom(dataKey)).build());
      return new MasterKeys.Wrapped(w.getMasterKeyId(), w.getWrapped().toByteArray());
    } catch (StatusRuntimeException e) {
      throw failure("wrap", e);
    }
  }

  @Override
  public byte[] unwrap(MasterKeys.Wrapped wrapped) {
    try {
      return call().unwrap(WrappedKey.newBuilder().setMasterKeyId(wrapped.keyId())
          .setWrapped(ByteString.copyFrom(wrapped.wrapped())).build()).getKey().toByteArray();
    } catch (StatusRuntimeException e) {
      throw failure("unwrap", e);
    }
  }

  private RuntimeException failure(String what, StatusRuntimeException e) {
    Status s = e.getStatus();
    if (s.getCode() == Status.Code.FAILED_PRECONDITION) {
      return new IllegalStateException(s.getDescription());
    }
    if (s.getCode() == Status.Code.INVALID_ARGUMENT) {
      return new DfsException(ErrorKind.INVALID_ARGUMENT, String.valueOf(s.getDescription()));
    }
    return new DfsException(ErrorKind.IO_ERROR, "SSE key service at " + endpoint + ": " + what
        + " failed (" + s.getCode() + (s.getDescription() == null ? "" : ": " + s.getDescription())
        + ")");
  }
}
