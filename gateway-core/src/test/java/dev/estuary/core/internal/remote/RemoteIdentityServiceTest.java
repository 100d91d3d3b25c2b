package dev.estuary.core.internal.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.estuary.core.IdentityService;
import dev.estuary.core.IdentityServiceContract;
import dev.estuary.core.Permission;
import dev.estuary.core.Principal;
import dev.estuary.core.UserStore;
import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.ErrorKind;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.io.IOException;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The identity service contract on {@link RemoteIdentityService} talking to {@link
 * IdentityGrpcService} (in-process transport), plus what only the remote one does: caching per
 * generation, pushing changes, surviving a daemon restart, failing clearly when it is gone.
 */
class RemoteIdentityServiceTest extends IdentityServiceContract {
  private static final AtomicInteger NAMES = new AtomicInteger();

  private final String name = "identity-" + NAMES.incrementAndGet();
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  private final AtomicInteger calls = new AtomicInteger();
  private Server server;
  private ManagedChannel channel;
  private RemoteIdentityService remote;

  @Override
  protected IdentityService serve(UserStore populated) {
    server = start(populated, "first");
    channel = InProcessChannelBuilder.forName(name).build();
    remote = new RemoteIdentityService(channel, "in-process:" + name, Duration.ofSeconds(2),
        scheduler);
    return remote;
  }

  private Server start(UserStore populated, String instance) {
    try {
      return InProcessServerBuilder.forName(name)
          .addService(io.grpc.ServerInterceptors.intercept(
              new IdentityGrpcService(populated, instance), new io.grpc.ServerInterceptor() {
                @Override
                public <Q, A> io.grpc.ServerCall.Listener<Q> interceptCall(
                    io.grpc.ServerCall<Q, A> call, io.grpc.Metadata headers,
                    io.grpc.ServerCallHandler<Q, A> next) {
                  if (!call.getMethodDescriptor().getBareMethodName().equals("Watch")) {
                    calls.incrementAndGet();
                  }
                  return next.startCall(call, headers);
                }
              }))
          .build().start();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Override
  protected long awaitSettled() {
    await(remote::connected, "watch stream up");
    return remote.generation();
  }

  @AfterEach
  void stop() throws InterruptedException {
    remote.close();
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    scheduler.shutdownNow();
  }

  @Test
  void cachedAnswersAskTheDaemonOncePerGeneration() {
    awaitSettled();
    String key = store.find("alice").orElseThrow().s3().accessKeyId();
    remote.s3Identity(key).orElseThrow();
    remote.principal("alice").orElseThrow();
    int before = calls.get();
    for (int i = 0; i < 100; i++) {
      remote.s3Identity(key).orElseThrow();
      remote.principal("alice").orElseThrow();
      remote.principal("nobody");
    }
    assertThat(calls.get()).isEqualTo(before + 1); // only "nobody", asked once and kept
  }

  @Test
  void aGrantReachesTheCachedPrincipalWithoutAskingAgainByHand() {
    awaitSettled();
    String key = store.find("alice").orElseThrow().s3().accessKeyId();
    assertThat(remote.s3Identity(key).orElseThrow().principal().volumes()).doesNotContainKey("new");
    store.grant("alice", "new", Permission.READ);
    await(() -> remote.s3Identity(key).orElseThrow().principal().volumes().containsKey("new"),
        "the grant visible through the cache");
    store.add("carol", "carol-password", OptionalInt.empty(), OptionalInt.empty(), false, null);
    await(() -> remote.principal("carol").isPresent(), "a new user visible");
  }

  @Test
  void aRestartedDaemonIsWaitedForAndItsAnswersReplaceTheCache() throws Exception {
    awaitSettled();
    assertThat(remote.principal("alice")).isPresent();
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    await(() -> !remote.connected(), "the loss noticed");
    // While it is down a question fails clearly, naming the endpoint, after the deadline.
    assertThatThrownBy(() -> remote.principal("alice"))
        .isInstanceOf(DfsException.class)
        .satisfies(e -> assertThat(((DfsException) e).kind()).isEqualTo(ErrorKind.IO_ERROR))
        .hasMessageContaining("identity service at in-process:" + name);
    // The daemon comes back with a changed store (e.g. a user deleted while it was down).
    store.delete("alice");
    server = start(store, "second");
    await(remote::connected, "the stream back");
    assertThat(remote.principal("alice")).isEmpty();
    assertThat(remote.principal("bob")).map(Principal::name).contains("bob");
  }

  private static void await(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as(what).isLessThan(deadline);
      LockSupport.parkNanos(1_000_000);
    }
  }
}
