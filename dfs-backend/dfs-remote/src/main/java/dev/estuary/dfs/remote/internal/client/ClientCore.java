package dev.estuary.dfs.remote.internal.client;

import dev.estuary.dfs.Capability;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.ErrorKind;
import dev.estuary.dfs.remote.RemoteEndpoint;
import dev.estuary.dfs.remote.RemoteOptions;
import dev.estuary.dfs.remote.internal.WireErrors;
import dev.estuary.dfs.remote.internal.proto.BackendGrpc;
import dev.estuary.dfs.remote.internal.proto.FilesGrpc;
import dev.estuary.dfs.remote.internal.proto.HelloReply;
import dev.estuary.dfs.remote.internal.proto.HelloRequest;
import dev.estuary.dfs.remote.internal.proto.LocksGrpc;
import dev.estuary.dfs.remote.internal.proto.NamespaceGrpc;
import dev.estuary.dfs.remote.internal.proto.RenewRequest;
import dev.estuary.dfs.remote.internal.proto.RetentionsGrpc;
import dev.estuary.dfs.remote.internal.proto.SmallReadsGrpc;
import dev.estuary.dfs.remote.internal.proto.WatchesGrpc;
import dev.estuary.dfs.remote.internal.proto.XattrsGrpc;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ClientInterceptors;
import io.grpc.ConnectivityState;
import io.grpc.ForwardingClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.AbstractStub;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.net.ssl.SSLException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection to a remote backend: the channel (reconnecting by itself), the stubs, the call
 * wrapper that applies the deadline and the error table, and the lease renewer. A call made while
 * the server is away waits for it (waitForReady) at most the outage wait ({@link OutageWait}), then
 * fails {@link ErrorKind#UNAVAILABLE}; once connected it has its whole deadline.
 */
public final class ClientCore implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ClientCore.class);
  private static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
  private static final Capability[] CAPABILITIES = Capability.values();

  private final RemoteEndpoint endpoint;
  private final String endpointName;
  private final RemoteOptions options;
  private final long deadlineNanos;
  private final EventLoopGroup group;
  private final ManagedChannel channel;
  private final Channel authenticated;
  private final long client;
  private final ScheduledExecutorService renewer;
  private final AtomicLong requests = new AtomicLong();
  private final Set<CompletableFuture<Void>> pendingLocks = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;
  private @Nullable DescriptorClient descriptors;
  private Set<Capability> capabilities = Set.of();
  private Duration lease = Duration.ofSeconds(30);

  private final BackendGrpc.BackendBlockingStub backend;
  private final BackendGrpc.BackendBlockingStub backendNow;
  final NamespaceGrpc.NamespaceBlockingStub namespace;
  final FilesGrpc.FilesBlockingStub files;
  final FilesGrpc.FilesStub filesAsync;
  final XattrsGrpc.XattrsBlockingStub xattrs;
  final RetentionsGrpc.RetentionsBlockingStub retentions;
  final LocksGrpc.LocksBlockingStub locks;
  final LocksGrpc.LocksStub locksAsync;
  final WatchesGrpc.WatchesBlockingStub watches;
  final WatchesGrpc.WatchesStub watchesAsync;
  final SmallReadsGrpc.SmallReadsBlockingStub smallReads;

  /**
   * Connects and says hello (which fails after the deadline if nobody answers).
   *
   * @param endpoint the server
   * @param options deadline, token, trust
   * @throws DfsException {@link ErrorKind#UNAVAILABLE} naming the endpoint if it does not answer
   */
  public ClientCore(RemoteEndpoint endpoint, RemoteOptions options) {
    this.endpoint = endpoint;
    this.endpointName = endpoint.toString();
    this.options = options;
    this.deadlineNanos = options.deadline().toNanos();
    Epoll.ensureAvailability();
    this.group = new MultiThreadIoEventLoopGroup(1,
        new DefaultThreadFactory("estuary-remote-client", true), EpollIoHandler.newFactory());
    NettyChannelBuilder b;
    if (endpoint.isUnix()) {
      // grpc-netty sets SO_KEEPALIVE on its channels; a unix socket has no such option and Netty
      // warns once per connection. A null value removes it (Bootstrap#option).
      b = NettyChannelBuilder.forAddress(new DomainSocketAddress(endpoint.socket().toString()))
          .channelType(EpollDomainSocketChannel.class)
          .withOption(ChannelOption.SO_KEEPALIVE, null)
          .usePlaintext();
    } else {
      b = NettyChannelBuilder.forAddress(endpoint.host(), endpoint.port())
          .channelType(EpollSocketChannel.class)
          .sslContext(clientTls(options));
    }
    this.channel = b.eventLoopGroup(group)
        .flowControlWindow(RemoteOptions.FLOW_CONTROL_WINDOW)
        .maxInboundMessageSize(RemoteOptions.MAX_CHUNK + (1 << 20))
        .build();
    OutageWait outageWait = new OutageWait(channel, options.outageWait());
    this.authenticated = options.token() == null ? ClientInterceptors.intercept(channel, outageWait)
        : ClientInterceptors.intercept(channel, bearer(options.token()), outageWait);
    this.client = new SecureRandom().nextLong();
    this.backend = ready(BackendGrpc.newBlockingStub(authenticated));
    this.backendNow = BackendGrpc.newBlockingStub(authenticated);
    this.namespace = ready(NamespaceGrpc.newBlockingStub(authenticated));
    this.files = ready(FilesGrpc.newBlockingStub(authenticated));
    // Only streamed writes use this stub, and their callbacks (signal the sender, complete the
    // result) never block: they run on the event loop that read the response instead of being
    // handed to the channel's default executor (one thread wake-up less per write call).
    this.filesAsync = ready(FilesGrpc.newStub(authenticated).withExecutor(Runnable::run));
    this.xattrs = ready(XattrsGrpc.newBlockingStub(authenticated));
    this.retentions = ready(RetentionsGrpc.newBlockingStub(authenticated));
    this.smallReads = ready(SmallReadsGrpc.newBlockingStub(authenticated));
    this.locks = ready(LocksGrpc.newBlockingStub(authenticated));
    this.locksAsync = ready(LocksGrpc.newStub(authenticated));
    this.watches = ready(WatchesGrpc.newBlockingStub(authenticated));
    this.watchesAsync = ready(WatchesGrpc.newStub(authenticated));
    this.renewer = Executors.newSingleThreadScheduledExecutor(
        new DefaultThreadFactory("estuary-remote-lease", true));
    try {
      HelloReply hello = call(backend, s -> s.hello(HelloRequest.newBuilder()
          .setClient(client).setDescription("pid " + ProcessHandle.current().pid()).build()));
      EnumSet<Capability> caps = EnumSet.noneOf(Capability.class);
      for (int c : hello.getCapabilitiesValueList()) {
        if (c >= 0 && c < CAPABILITIES.length) {
          caps.add(CAPABILITIES[c]);
        }
      }
      this.capabilities = Set.copyOf(caps);
      this.lease = Duration.ofMillis(Math.max(1, hello.getLeaseMillis()));
    } catch (RuntimeException e) {
      shutdownTransport();
      throw e;
    }
    if (endpoint.isUnix() && options.directMinimum() != RemoteOptions.DIRECT_OFF) {
      this.descriptors = new DescriptorClient(endpoint.socket(), client, options.deadline().toMillis(),
          endpointName);
    }
    long period = Math.max(1, lease.toMillis() / 3);
    renewer.scheduleWithFixedDelay(this::renew, period, period, TimeUnit.MILLISECONDS);
  }

  private static <S extends AbstractStub<S>> S ready(S stub) {
    return stub.withWaitForReady();
  }

  private static io.netty.handler.ssl.SslContext clientTls(RemoteOptions options) {
    try {
      SslContextBuilder b = GrpcSslContexts.forClient();
      if (options.trustCertificates() != null) {
        b.trustManager(options.trustCertificates().toFile());
      }
      return b.build();
    } catch (SSLException | IllegalArgumentException e) {
      throw new DfsException(ErrorKind.INVALID_ARGUMENT, "remote TLS trust: "
          + options.trustCertificates() + " (expected: a readable PEM certificate file): " + e, e);
    }
  }

  private static ClientInterceptor bearer(String token) {
    String value = "Bearer " + token;
    return new ClientInterceptor() {
      @Override
      public <Q, R> ClientCall<Q, R> interceptCall(
          MethodDescriptor<Q, R> method, CallOptions callOptions, Channel next) {
        return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, callOptions)) {
          @Override
          public void start(Listener<R> responseListener, Metadata headers) {
            headers.put(AUTHORIZATION, value);
            super.start(responseListener, headers);
          }
        };
      }
    };
  }

  /** Renews the lease; a missed renewal (server down) is retried at the next period. */
  private void renew() {
    if (closed) {
      return;
    }
    try {
      // No waitForReady: a renewal that cannot be sent now is replaced by the next one.
      BackendGrpc.newBlockingStub(authenticated)
          .withDeadlineAfter(Math.max(1, lease.toMillis() / 3), TimeUnit.MILLISECONDS)
          .renew(RenewRequest.newBuilder().setClient(client).build());
    } catch (StatusRuntimeException e) {
      LOG.debug("lease renewal to {} failed: {}", endpointName, e.getStatus());
      kick();
    } catch (RuntimeException e) {
      LOG.warn("lease renewal to {} failed", endpointName, e);
    }
  }

  /**
   * Runs a task later on the lease thread (a watch re-subscribing after the server went away);
   * nothing runs once the client is closed.
   *
   * @param task the task, which must not block for long
   * @param delay how long from now
   */
  void schedule(Runnable task, Duration delay) {
    if (closed) {
      return;
    }
    try {
      renewer.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // closed meanwhile
    }
  }

  /** After a failure the channel waits out a back-off before reconnecting; a new call need not. */
  private void kick() {
    if (channel.getState(false) == ConnectivityState.TRANSIENT_FAILURE) {
      channel.resetConnectBackoff();
    }
  }

  /**
   * Makes one call with the deadline, turning any failure into a {@link DfsException}.
   *
   * @param <S> the stub type
   * @param <T> the result type
   * @param stub the stub
   * @param body the call
   * @return its result
   */
  public <S extends AbstractStub<S>, T> T call(S stub, Function<S, T> body) {
    return call(stub, deadlineNanos, body);
  }

  /**
   * Makes one call with a given deadline.
   *
   * @param <S> the stub type
   * @param <T> the result type
   * @param stub the stub
   * @param nanos the deadline
   * @param body the call
   * @return its result
   */
  public <S extends AbstractStub<S>, T> T call(S stub, long nanos, Function<S, T> body) {
    checkOpen();
    try {
      return body.apply(stub.withDeadlineAfter(nanos, TimeUnit.NANOSECONDS));
    } catch (StatusRuntimeException e) {
      throw error(e, Duration.ofNanos(nanos));
    }
  }

  /**
   * Makes a metadata read over the descriptor socket when it can ({@link DescriptorClient#quick}:
   * a third of a gRPC call's round trip on this kind of machine), else over gRPC.
   *
   * @param <R> the reply type
   * @param method the method ({@code DescriptorProtocol.GET_ATTRIBUTES} and the others)
   * @param request the request message, the gRPC method's
   * @param parser parses the reply message
   * @param grpc the same call over gRPC
   * @return the reply
   */
  public <R> R quick(int method, Message request, Parser<R> parser, Supplier<R> grpc) {
    checkOpen();
    DescriptorClient d = descriptors;
    if (d != null) {
      byte[] reply = d.quick(method, request.toByteArray());
      if (reply != null) {
        try {
          return parser.parseFrom(reply);
        } catch (InvalidProtocolBufferException e) {
          throw new DfsException(ErrorKind.IO_ERROR, "remote backend " + endpointName
              + ": a descriptor-socket reply that does not parse (" + e.getMessage() + ")", e);
        }
      }
    }
    return grpc.get();
  }

  /**
   * Maps a failure of a call with the default deadline.
   *
   * @param t the failure
   * @return the exception to throw
   */
  public DfsException error(Throwable t) {
    return error(t, options.deadline());
  }

  DfsException error(Throwable t, @Nullable Duration deadline) {
    if (closed && !(t instanceof DfsException)) {
      return closedError();
    }
    return WireErrors.fromStatus(t, endpointName, deadline);
  }

  /**
   * Returns the stub of the {@code Backend} service (volumes, sync, leases).
   *
   * @return the stub, waiting for a server that is down
   */
  public BackendGrpc.BackendBlockingStub backendStub() {
    return backend;
  }

  /**
   * Returns the stub of the {@code Backend} service that fails at once when the server is down,
   * for the last calls of a close, which must not wait for a server that may never return.
   *
   * @return the stub
   */
  public BackendGrpc.BackendBlockingStub backendStubNoWait() {
    return backendNow;
  }

  /** Fails with {@link ErrorKind#CLOSED} once closed. */
  public void checkOpen() {
    if (closed) {
      throw closedError();
    }
  }

  private DfsException closedError() {
    return new DfsException(ErrorKind.CLOSED, "remote backend " + endpointName + " is closed");
  }

  /**
   * Returns whether {@link #close} ran.
   *
   * @return true once closed
   */
  public boolean isClosed() {
    return closed;
  }

  /**
   * Returns the descriptor socket's client: present on a unix socket unless {@link
   * RemoteOptions#directMinimum()} is off.
   *
   * @return the client, or null
   */
  @Nullable DescriptorClient descriptors() {
    return descriptors;
  }

  /**
   * Returns the endpoint.
   *
   * @return the endpoint
   */
  public RemoteEndpoint endpoint() {
    return endpoint;
  }

  /**
   * Returns the options.
   *
   * @return the options
   */
  public RemoteOptions options() {
    return options;
  }

  /**
   * Returns this client's lease id.
   *
   * @return the id
   */
  public long client() {
    return client;
  }

  /**
   * Returns a fresh request number.
   *
   * @return the number
   */
  long nextRequest() {
    return requests.incrementAndGet();
  }

  /**
   * Returns the blocking lock requests still waiting, which {@link #failPendingLocks} fails when the
   * backend closes.
   *
   * @return the live set
   */
  Set<CompletableFuture<Void>> pendingLocks() {
    return pendingLocks;
  }

  /**
   * Fails every waiting lock request with {@link ErrorKind#CLOSED}, before the server is told this
   * client is gone: closing its sessions there in some order could otherwise grant one of them.
   */
  public void failPendingLocks() {
    for (CompletableFuture<Void> f : List.copyOf(pendingLocks)) {
      f.completeExceptionally(new DfsException(ErrorKind.CLOSED,
          "lock request: remote backend " + endpointName + " closed"));
    }
  }

  /**
   * Returns the server's capabilities as of the hello.
   *
   * @return an immutable set
   */
  public Set<Capability> capabilities() {
    return capabilities;
  }

  /**
   * Returns the channel, with the node token attached when one is configured.
   *
   * @return the channel
   */
  public Channel channel() {
    return authenticated;
  }

  /**
   * Runs the last calls of a close: done before {@link #close} marks the core closed.
   *
   * @param body the calls, whose failures are logged
   */
  public void beforeClose(Runnable body) {
    if (closed) {
      return;
    }
    try {
      body.run();
    } catch (RuntimeException e) {
      LOG.debug("closing remote backend {}: {}", endpointName, e.toString());
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    renewer.shutdownNow();
    if (descriptors != null) {
      descriptors.close();
    }
    shutdownTransport();
  }

  private void shutdownTransport() {
    channel.shutdownNow();
    try {
      channel.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    renewer.shutdownNow();
  }
}
