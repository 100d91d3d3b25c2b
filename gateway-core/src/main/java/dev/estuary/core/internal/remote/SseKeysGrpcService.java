package dev.estuary.core.internal.remote;

import com.google.protobuf.ByteString;
import dev.estuary.core.KeyWrapper;
import dev.estuary.core.MasterKeys;
import dev.estuary.core.internal.remote.proto.DataKey;
import dev.estuary.core.internal.remote.proto.SseKeysGrpc;
import dev.estuary.core.internal.remote.proto.WrappedKey;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.io.UncheckedIOException;

/**
 * The engine daemon's side of S3 SSE-S3 in node mode: wraps and unwraps data keys under the
 * master keys of its data directory, so the keys themselves never leave the daemon.
 */
public final class SseKeysGrpcService extends SseKeysGrpc.SseKeysImplBase {
  /** The largest data key accepted: SSE-S3 uses 32 bytes; anything much larger is a mistake. */
  static final int MAX_KEY_BYTES = 1024;

  private final KeyWrapper keys;

  /**
   * Creates the service.
   *
   * @param keys the daemon's master keys
   */
  public SseKeysGrpcService(KeyWrapper keys) {
    this.keys = keys;
  }

  @Override
  public void wrap(DataKey request, StreamObserver<WrappedKey> out) {
    if (request.getKey().size() > MAX_KEY_BYTES || request.getKey().isEmpty()) {
      out.onError(Status.INVALID_ARGUMENT.withDescription("data key: " + request.getKey().size()
          + " bytes (expected: 1 to " + MAX_KEY_BYTES + ")").asRuntimeException());
      return;
    }
    MasterKeys.Wrapped w;
    try {
      w = keys.wrap(request.getKey().toByteArray());
    } catch (UncheckedIOException e) {
      out.onError(Status.INTERNAL.withDescription(e.getMessage()).asRuntimeException());
      return;
    }
    out.onNext(WrappedKey.newBuilder().setMasterKeyId(w.keyId())
        .setWrapped(ByteString.copyFrom(w.wrapped())).build());
    out.onCompleted();
  }

  @Override
  public void unwrap(WrappedKey request, StreamObserver<DataKey> out) {
    byte[] key;
    try {
      key = keys.unwrap(new MasterKeys.Wrapped(request.getMasterKeyId(),
          request.getWrapped().toByteArray()));
    } catch (IllegalStateException e) {
      out.onError(Status.FAILED_PRECONDITION.withDescription(e.getMessage()).asRuntimeException());
      return;
    }
    out.onNext(DataKey.newBuilder().setKey(ByteString.copyFrom(key)).build());
    out.onCompleted();
  }
}
