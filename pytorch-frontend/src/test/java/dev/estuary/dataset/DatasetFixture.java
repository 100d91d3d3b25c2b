package dev.estuary.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.estuary.core.Authorizer;
import dev.estuary.core.FrontendContext;
import dev.estuary.core.GatewayConfig;
import dev.estuary.core.Permission;
import dev.estuary.core.UserStore;
import dev.estuary.core.VolumeDefaults;
import dev.estuary.dataset.internal.server.DatasetOptions;
import dev.estuary.dataset.internal.server.DatasetServer;
import dev.estuary.dataset.proto.CheckpointEnd;
import dev.estuary.dataset.proto.CheckpointHeader;
import dev.estuary.dataset.proto.DatasetServiceGrpc;
import dev.estuary.dataset.proto.WriteCheckpointRequest;
import dev.estuary.dataset.proto.WriteCheckpointResponse;
import dev.estuary.dfs.Attributes;
import dev.estuary.dfs.Dfs;
import dev.estuary.dfs.DfsProvider;
import dev.estuary.dfs.FileHandle;
import dev.estuary.dfs.OpenMode;
import dev.estuary.dfs.Ownership;
import dev.estuary.dfs.Volume;
import dev.estuary.dfs.decorate.StandardDecorators;
import dev.estuary.dfs.engine.EngineProvider;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;

/**
 * The real dataset frontend on 127.0.0.1 (port 0) over the embedded engine in a temporary
 * directory, with real user-store tokens: {@code alice} may read volume {@code train}, {@code bob} may
 * write it, {@code root} is an admin, {@code eve} has no grant.
 */
final class DatasetFixture implements AutoCloseable {
  static final String VOLUME = "train";

  final Path dataDir;
  /** The frontend's clock: the system time until a test moves it forward. */
  final MutableClock clock = new MutableClock();
  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  final Dfs dfs;
  final Volume volume;
  final UserStore users;
  final String aliceToken;
  final String bobToken;
  final String rootToken;
  final String eveToken;
  final DatasetServer server;
  final ManagedChannel channel;
  private final ExecutorService coordinator = Executors.newVirtualThreadPerTaskExecutor();

  DatasetFixture(Path tmp, Map<String, String> options) throws Exception {
    dataDir = tmp.resolve("data");
    // Decorated as the launcher decorates it (BackendOpening): reserved names, metrics.
    dfs = StandardDecorators.apply(new EngineProvider().open(context()), registry);
    // As `estuary volume create` makes it: root 0775 in the volume's group (gid 0 here).
    new VolumeDefaults(VolumeDefaults.FILE_MODE, VolumeDefaults.DIR_MODE, 0).createVolume(dfs, VOLUME, 0);
    volume = dfs.volume(VOLUME);
    users = UserStore.open(tmp, Clock.systemUTC(), new SecureRandom());
    users.add("alice", "password-a", OptionalInt.empty(), OptionalInt.empty(), false, null);
    users.add("bob", "password-b", OptionalInt.empty(), OptionalInt.empty(), false, null);
    users.add("root", "password-r", OptionalInt.empty(), OptionalInt.empty(), true, null);
    users.add("eve", "password-e", OptionalInt.empty(), OptionalInt.empty(), false, null);
    users.grant("alice", VOLUME, Permission.READ);
    users.grant("bob", VOLUME, Permission.WRITE);
    aliceToken = users.createToken("alice", "test").token().reveal();
    bobToken = users.createToken("bob", "test").token().reveal();
    rootToken = users.createToken("root", "test").token().reveal();
    eveToken = users.createToken("eve", "test").token().reveal();
    FrontendContext ctx = new FrontendContext(
        dfs, GatewayConfig.defaults(), users, new Authorizer(), registry, clock, coordinator,
        InetAddress.getByName("127.0.0.1"), 0);
    server = DatasetServer.start(ctx, DatasetOptions.fromOptions(options, 2));
    channel = Grpc.newChannelBuilderForAddress("127.0.0.1", server.port(), InsecureChannelCredentials.create())
        .maxInboundMessageSize(16 << 20)
        .build();
  }

  DfsProvider.Context context() {
    return new DfsProvider.Context(dataDir, Clock.systemUTC(), registry, Map.of());
  }

  /** A blocking stub sending {@code token} as the bearer token (none when null). */
  DatasetServiceGrpc.DatasetServiceBlockingStub blocking(String token) {
    return DatasetServiceGrpc.newBlockingStub(channel).withInterceptors(auth(token))
        .withDeadlineAfter(30, TimeUnit.SECONDS);
  }

  /** An async stub sending {@code token} as the bearer token. */
  DatasetServiceGrpc.DatasetServiceStub async(String token) {
    return DatasetServiceGrpc.newStub(channel).withInterceptors(auth(token));
  }

  static io.grpc.ClientInterceptor auth(String token) {
    Metadata md = new Metadata();
    if (token != null) {
      md.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
    }
    return MetadataUtils.newAttachHeadersInterceptor(md);
  }

  /** Writes a file with deterministic pseudo-random content, creating parents; returns the bytes. */
  byte[] write(String path, int size) {
    return write(volume, path, size);
  }

  /**
   * Writes a file with deterministic pseudo-random content into {@code v} (such as {@link
   * dev.estuary.dfs.decorate.ReservedNamesDfs#privileged} of {@link #volume}, for the reserved
   * area), creating parents; returns the bytes.
   */
  static byte[] write(Volume v, String path, int size) {
    byte[] data = new byte[size];
    new Random(path.hashCode() * 31L + size).nextBytes(data);
    write(v, path, data);
    return data;
  }

  void write(String path, byte[] data) {
    write(volume, path, data);
  }

  private static void write(Volume volume, String path, byte[] data) {
    int slash = path.lastIndexOf('/');
    Attributes dir = slash < 0 ? volume.getAttributes(volume.root())
        : volume.mkdirs(path.substring(0, slash), 0775, Ownership.ROOT);
    Attributes f = volume.create(dir.id(), path.substring(slash + 1), 0644, Ownership.ROOT, false);
    try (FileHandle h = volume.open(f.id(), OpenMode.READ_WRITE)) {
      h.truncate(0);
      h.write(0, ByteBuffer.wrap(data));
    }
  }

  /**
   * Collects a WriteCheckpoint call's outcome: its last response, or its failure.
   *
   * @param result completed when the call ends
   * @return the response observer to pass to {@code writeCheckpoint}
   */
  static StreamObserver<WriteCheckpointResponse> responseInto(CompletableFuture<WriteCheckpointResponse> result) {
    return new StreamObserver<>() {
      private WriteCheckpointResponse last;

      @Override
      public void onNext(WriteCheckpointResponse v) {
        last = v;
      }

      @Override
      public void onError(Throwable t) {
        result.completeExceptionally(t);
      }

      @Override
      public void onCompleted() {
        result.complete(last);
      }
    };
  }

  /**
   * Streams one whole WriteCheckpoint call as {@code token}, with a 30 s deadline: the header, the
   * data in one message, and the end with the total length and, when asked, the CRC32C.
   *
   * @return the call's outcome
   */
  CompletableFuture<WriteCheckpointResponse> writeCheckpoint(
      String token, CheckpointHeader.Builder header, byte[] data, boolean withCrc32c) {
    CompletableFuture<WriteCheckpointResponse> result = new CompletableFuture<>();
    StreamObserver<WriteCheckpointRequest> req = async(token).withDeadlineAfter(30, TimeUnit.SECONDS)
        .writeCheckpoint(responseInto(result));
    req.onNext(WriteCheckpointRequest.newBuilder().setHeader(header).build());
    req.onNext(WriteCheckpointRequest.newBuilder().setData(ByteString.copyFrom(data)).build());
    CheckpointEnd.Builder end = CheckpointEnd.newBuilder().setTotalLength(data.length);
    if (withCrc32c) {
      CRC32C crc = new CRC32C();
      crc.update(data);
      end.setCrc32C((int) crc.getValue());
    }
    req.onNext(WriteCheckpointRequest.newBuilder().setEnd(end).build());
    req.onCompleted();
    return result;
  }

  /** Stops the server and closes the engine (idempotent enough for tests that close early). */
  @Override
  public void close() {
    channel.shutdownNow();
    try {
      channel.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    server.stop(Duration.ofSeconds(2));
    dfs.close();
    coordinator.shutdownNow();
  }

  /**
   * Waits until the volume holds {@code expected} objects. The server drops an unpublished
   * checkpoint on its own threads after the client already has its answer, and the backend gives
   * no event for that, so this polls {@code statfs} until a deadline.
   *
   * @param expected the object count
   * @param what what the count means, for the failure message
   */
  void awaitObjects(long expected, String what) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (volume.statfs().objects() != expected && System.nanoTime() - deadline < 0) {
      LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
    }
    assertThat(volume.statfs().objects()).as(what).isEqualTo(expected);
  }
}
