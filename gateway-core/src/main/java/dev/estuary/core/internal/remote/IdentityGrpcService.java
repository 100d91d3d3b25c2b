package dev.estuary.core.internal.remote;

import dev.estuary.core.Sid;
import dev.estuary.core.UserStore;
import dev.estuary.core.internal.remote.proto.GenerationEvent;
import dev.estuary.core.internal.remote.proto.GroupReply;
import dev.estuary.core.internal.remote.proto.IdRequest;
import dev.estuary.core.internal.remote.proto.IdentityGrpc;
import dev.estuary.core.internal.remote.proto.NameRequest;
import dev.estuary.core.internal.remote.proto.NfsExportRulesReply;
import dev.estuary.core.internal.remote.proto.NtIdentityReply;
import dev.estuary.core.internal.remote.proto.PasswordRequest;
import dev.estuary.core.internal.remote.proto.PrincipalReply;
import dev.estuary.core.internal.remote.proto.S3IdentityReply;
import dev.estuary.core.internal.remote.proto.SidsReply;
import dev.estuary.core.internal.remote.proto.SidsRequest;
import dev.estuary.core.internal.remote.proto.TokenRequest;
import dev.estuary.core.internal.remote.proto.WatchRequest;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.function.Supplier;

/**
 * The server side of node mode's identity service: answers from the engine daemon's {@link
 * UserStore} and streams its generation to every watching frontend process. Passwords and tokens
 * are checked here, so their hashes never leave the daemon.
 */
public final class IdentityGrpcService extends IdentityGrpc.IdentityImplBase {
  private final UserStore store;
  private final String instance;

  /**
   * Creates the service.
   *
   * @param store the daemon's user store, changed by the admin API of the same process
   * @param instance names this start of the daemon (random), so clients know generations of
   *     different starts apart
   */
  public IdentityGrpcService(UserStore store, String instance) {
    this.store = store;
    this.instance = instance;
  }

  @Override
  public void authenticatePassword(PasswordRequest r, StreamObserver<PrincipalReply> out) {
    answer(out, () -> IdentityMessages.toReply(
        store.authenticatePassword(r.getName(), r.getPassword())));
  }

  @Override
  public void authenticateToken(TokenRequest r, StreamObserver<PrincipalReply> out) {
    answer(out, () -> IdentityMessages.toReply(store.authenticateToken(r.getToken())));
  }

  @Override
  public void s3Identity(NameRequest r, StreamObserver<S3IdentityReply> out) {
    answer(out, () -> IdentityMessages.toS3Reply(store.s3Identity(r.getName())));
  }

  @Override
  public void ntIdentity(NameRequest r, StreamObserver<NtIdentityReply> out) {
    answer(out, () -> IdentityMessages.toNtReply(store.ntIdentity(r.getName())));
  }

  @Override
  public void principal(NameRequest r, StreamObserver<PrincipalReply> out) {
    answer(out, () -> IdentityMessages.toReply(store.principal(r.getName())));
  }

  @Override
  public void principalByUid(IdRequest r, StreamObserver<PrincipalReply> out) {
    answer(out, () -> IdentityMessages.toReply(store.principalByUid(r.getId())));
  }

  @Override
  public void group(NameRequest r, StreamObserver<GroupReply> out) {
    answer(out, () -> IdentityMessages.toGroupReply(store.group(r.getName())));
  }

  @Override
  public void groupByGid(IdRequest r, StreamObserver<GroupReply> out) {
    answer(out, () -> IdentityMessages.toGroupReply(store.groupByGid(r.getId())));
  }

  @Override
  public void sids(SidsRequest r, StreamObserver<SidsReply> out) {
    answer(out, () -> {
      Sid domain = store.sids().domain();
      return SidsReply.newBuilder().setDomainSid(domain.toString()).build();
    });
  }

  @Override
  public void nfsExportRules(NameRequest r, StreamObserver<NfsExportRulesReply> out) {
    answer(out, () -> IdentityMessages.toRulesReply(store.nfsExportRules(r.getName())));
  }

  /**
   * Sends the generation now and after every change until the client cancels. The listener runs
   * under the store's lock, so events leave in the order of the changes; the first send and a
   * concurrent change are ordered by the observer's monitor (gRPC observers are not thread-safe).
   */
  @Override
  public void watch(WatchRequest r, StreamObserver<GenerationEvent> out) {
    ServerCallStreamObserver<GenerationEvent> call = (ServerCallStreamObserver<GenerationEvent>) out;
    Runnable[] remove = new Runnable[1];
    Object monitor = new Object();
    synchronized (monitor) {
      remove[0] = store.onChange(g -> {
        synchronized (monitor) {
          if (!call.isCancelled()) {
            call.onNext(event(g));
          }
        }
      });
      call.setOnCancelHandler(remove[0]);
      call.onNext(event(store.generation()));
    }
  }

  private GenerationEvent event(long generation) {
    return GenerationEvent.newBuilder().setGeneration(generation).setInstance(instance).build();
  }

  private static <T> void answer(StreamObserver<T> out, Supplier<T> body) {
    T reply;
    try {
      reply = body.get();
    } catch (IllegalArgumentException e) {
      out.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
      return;
    }
    out.onNext(reply);
    out.onCompleted();
  }
}
