package dev.estuary.dfs.remote.internal.server;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.ErrorKind;
import dev.estuary.dfs.remote.internal.DescriptorProtocol;
import dev.estuary.dfs.remote.internal.WireErrors;
import dev.estuary.dfs.remote.internal.proto.BackendGrpc;
import dev.estuary.dfs.remote.internal.proto.NameRequest;
import dev.estuary.dfs.remote.internal.proto.NamespaceGrpc;
import dev.estuary.dfs.remote.internal.proto.ObjectRequest;
import dev.estuary.dfs.remote.internal.proto.ReadSmallRequest;
import dev.estuary.dfs.remote.internal.proto.SmallReadsGrpc;
import dev.estuary.dfs.remote.internal.proto.VolumeName;
import io.grpc.MethodDescriptor;
import io.grpc.stub.StreamObserver;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * The metadata reads (and the opening of a volume, which only reads its root) served on the
 * descriptor socket ({@link DescriptorProtocol#CALL}): each runs
 * the gRPC service's own method with the same request message, its answer or error captured
 * instead of sent over HTTP/2, so the two paths cannot answer differently. Counted like gRPC calls
 * ({@link CallCounter}, the same method names): a round trip is a round trip.
 */
public final class QuickCalls {
  private final BackendService backend;
  private final NamespaceService namespace;
  private final SmallReadService smallReads;
  private final @Nullable CallCounter counter;

  /**
   * Creates the dispatcher.
   *
   * @param backend the gRPC backend service (volumes)
   * @param namespace the gRPC namespace service
   * @param smallReads the gRPC small-read service
   * @param counter counts the calls, or null
   */
  public QuickCalls(BackendService backend, NamespaceService namespace, SmallReadService smallReads,
      @Nullable CallCounter counter) {
    this.backend = backend;
    this.namespace = namespace;
    this.smallReads = smallReads;
    this.counter = counter;
  }

  /**
   * Runs one call.
   *
   * @param method the method ({@link DescriptorProtocol#GET_ATTRIBUTES} and the others)
   * @param request the method's request message
   * @return the method's reply message
   * @throws DfsException the method's error; {@link ErrorKind#INVALID_ARGUMENT} for an unknown
   *     method or a request that does not parse
   */
  byte[] call(int method, byte[] request) {
    return switch (method) {
      case DescriptorProtocol.GET_ATTRIBUTES -> run(NamespaceGrpc.getGetAttributesMethod(),
          ObjectRequest.parser(), request, namespace::getAttributes);
      case DescriptorProtocol.LOOKUP -> run(NamespaceGrpc.getLookupMethod(), NameRequest.parser(),
          request, namespace::lookup);
      case DescriptorProtocol.READ_SMALL -> run(SmallReadsGrpc.getReadSmallMethod(),
          ReadSmallRequest.parser(), request, smallReads::readSmall);
      case DescriptorProtocol.OPEN_VOLUME -> run(BackendGrpc.getOpenVolumeMethod(),
          VolumeName.parser(), request, backend::openVolume);
      default -> throw unknown(method);
    };
  }

  /**
   * The error for a method number this server does not serve.
   *
   * @param method the number the request carried
   * @return the error, naming it and the range served
   */
  static DfsException unknown(long method) {
    return new DfsException(ErrorKind.INVALID_ARGUMENT, "descriptor socket call: method " + method
        + " (expected: " + DescriptorProtocol.GET_ATTRIBUTES + " to "
        + DescriptorProtocol.OPEN_VOLUME + ")");
  }

  private <Q, A extends Message> byte[] run(MethodDescriptor<Q, A> descriptor, Parser<Q> parser,
      byte[] request, BiConsumer<Q, StreamObserver<A>> method) {
    if (counter != null) {
      counter.count(descriptor);
    }
    Q q;
    try {
      q = parser.parseFrom(request);
    } catch (InvalidProtocolBufferException e) {
      throw new DfsException(ErrorKind.INVALID_ARGUMENT, "descriptor socket call "
          + descriptor.getBareMethodName() + ": the request does not parse (" + e.getMessage() + ")");
    }
    Captured<A> out = new Captured<>();
    // These methods answer before they return (Calls.unary): nothing runs later on another thread.
    method.accept(q, out);
    if (out.error != null) {
      throw WireErrors.fromStatus(out.error, "(descriptor socket)", null);
    }
    if (out.reply == null) {
      throw new DfsException(ErrorKind.IO_ERROR, "descriptor socket call "
          + descriptor.getBareMethodName() + ": the method gave no answer");
    }
    return out.reply.toByteArray();
  }

  /** Keeps what a unary method answered. */
  private static final class Captured<A> implements StreamObserver<A> {
    @Nullable A reply;
    @Nullable Throwable error;

    @Override
    public void onNext(A value) {
      reply = value;
    }

    @Override
    public void onError(Throwable t) {
      error = t;
    }

    @Override
    public void onCompleted() {}
  }
}
