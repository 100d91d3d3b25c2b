package dev.estuary.dfs.remote;

import static java.util.Objects.requireNonNull;

import dev.estuary.dfs.Dfs;
import dev.estuary.dfs.remote.internal.server.BackendService;
import dev.estuary.dfs.remote.internal.server.CallCounter;
import dev.estuary.dfs.remote.internal.DescriptorProtocol;
import dev.estuary.dfs.remote.internal.UnixSockets;
import dev.estuary.dfs.remote.internal.server.CallExecutors;
import dev.estuary.dfs.remote.internal.server.DescriptorServer;
import dev.estuary.dfs.remote.internal.server.FileService;
import dev.estuary.dfs.remote.internal.server.LockService;
import dev.estuary.dfs.remote.internal.server.NamespaceService;
import dev.estuary.dfs.remote.internal.server.QuickCalls;
import dev.estuary.dfs.remote.internal.server.References;
import dev.estuary.dfs.remote.internal.server.RetentionService;
import dev.estuary.dfs.remote.internal.server.ServerContext;
import dev.estuary.dfs.remote.internal.server.SmallReadService;
import dev.estuary.dfs.remote.internal.server.TokenInterceptor;
import dev.estuary.dfs.remote.internal.server.WatchService;
import dev.estuary.dfs.remote.internal.server.XattrService;
import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyServerBuilder;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a {@link Dfs} over gRPC to {@link RemoteDfs} clients: on a unix domain socket through
 * Netty's epoll transport (the file gets mode 0660, so the socket's group is who may connect), and
 * optionally on TCP with TLS, where every call must carry the node token as a bearer token
 * (refused with {@code UNAUTHENTICATED} otherwise). Several listeners share one set of handlers
 * and one reference table, and {@link Builder#addService} puts further services (the identity
 * service) on the same listeners.
 *
 * <p>What clients open (file handles, lock sessions, share reservations, watches) is held under
 * each client's lease: a client that has not renewed for {@link Builder#leaseTime} loses all of it,
 * so a frontend process that dies leaves no lock, reservation or open-unlinked file behind.
 *
 * <p>Memory: one read or write stream holds about one chunk (at most {@link
 * RemoteOptions#MAX_CHUNK}) beyond gRPC's per-stream flow-control window; one watch holds at most
 * its queue capacity of events. Closing the server does not close the {@link Dfs}.
 */
public final class RemoteServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RemoteServer.class);
  /** The file type bits of {@code st_mode}, and the type of a socket (inode(7)). */
  private static final int S_IFMT = 0170000;
  private static final int S_IFSOCK = 0140000;

  private final List<Server> servers;
  private final References references;
  private final ScheduledExecutorService reaper;
  private final ExecutorService executor;
  private final EventLoopGroup group;
  private final @Nullable Path socket;
  private final @Nullable DescriptorServer descriptors;
  private volatile boolean closed;

  private RemoteServer(List<Server> servers, References references, ScheduledExecutorService reaper,
      ExecutorService executor, EventLoopGroup group, @Nullable Path socket,
      @Nullable DescriptorServer descriptors) {
    this.servers = servers;
    this.references = references;
    this.reaper = reaper;
    this.executor = executor;
    this.group = group;
    this.socket = socket;
    this.descriptors = descriptors;
  }

  /**
   * Starts configuring a server for a backend.
   *
   * @param dfs the backend to serve; the caller keeps owning it
   * @return a builder
   */
  public static Builder builder(Dfs dfs) {
    return new Builder(dfs);
  }

  /** Configures and starts a {@link RemoteServer}. */
  public static final class Builder {
    private final Dfs dfs;
    private @Nullable Path unixSocket;
    private @Nullable InetSocketAddress tcpAddress;
    private @Nullable Path certChain;
    private @Nullable Path privateKey;
    private @Nullable String nodeToken;
    private final List<BindableService> extra = new ArrayList<>();
    private Duration lease = Duration.ofSeconds(30);
    private Clock clock = Clock.systemUTC();
    private @Nullable MeterRegistry registry;

    private Builder(Dfs dfs) {
      this.dfs = requireNonNull(dfs, "dfs");
    }

    /**
     * Listens on a unix domain socket, created with mode 0660. An existing socket file is replaced
     * only when nobody answers on it (a stale file of a server that died); otherwise {@link
     * #start()} fails.
     *
     * @param socket the socket file
     * @return this builder
     */
    public Builder unixSocket(Path socket) {
      this.unixSocket = requireNonNull(socket, "socket");
      return this;
    }

    /**
     * Also listens on TCP with TLS, requiring the node token on every call.
     *
     * @param address the address to bind (port 0 for any free port)
     * @param certChainPem the server's certificate chain, PEM
     * @param privateKeyPem its private key, PEM (PKCS#8)
     * @param nodeToken the bearer token clients must send
     * @return this builder
     */
    public Builder tcp(InetSocketAddress address, Path certChainPem, Path privateKeyPem, String nodeToken) {
      if (nodeToken.isBlank()) {
        throw new IllegalArgumentException("node token: blank (expected: a secret shared by the node)");
      }
      this.tcpAddress = requireNonNull(address, "address");
      this.certChain = requireNonNull(certChainPem, "certChainPem");
      this.privateKey = requireNonNull(privateKeyPem, "privateKeyPem");
      this.nodeToken = nodeToken;
      return this;
    }

    /**
     * Adds a service served on the same listeners (and behind the same token check on TCP).
     *
     * @param service the service
     * @return this builder
     */
    public Builder addService(BindableService service) {
      extra.add(requireNonNull(service, "service"));
      return this;
    }

    /**
     * Sets how long a client's references outlive its last lease renewal (default 30 s).
     *
     * @param leaseTime a positive duration
     * @return this builder
     */
    public Builder leaseTime(Duration leaseTime) {
      if (leaseTime.isNegative() || leaseTime.isZero()) {
        throw new IllegalArgumentException("lease time: " + leaseTime + " (expected: positive)");
      }
      this.lease = leaseTime;
      return this;
    }

    /**
     * Sets the clock leases are measured on (default the system clock).
     *
     * @param leaseClock the clock
     * @return this builder
     */
    public Builder clock(Clock leaseClock) {
      this.clock = requireNonNull(leaseClock, "clock");
      return this;
    }

    /**
     * Counts the dfs-remote calls received, per method, as {@value CallCounter#METER} (tags
     * {@code service}, {@code method}) in a registry; without one nothing is counted.
     *
     * @param meters the registry (the engine daemon's {@code /metrics})
     * @return this builder
     */
    public Builder metrics(MeterRegistry meters) {
      this.registry = requireNonNull(meters, "meters");
      return this;
    }

    /**
     * Binds the listeners and starts serving.
     *
     * @return the running server
     * @throws IOException if a listener cannot be bound, or the socket file is in use by a live
     *     server
     */
    public RemoteServer start() throws IOException {
      if (unixSocket == null && tcpAddress == null) {
        throw new IllegalStateException("remote server: no listener (expected: unixSocket or tcp)");
      }
      Epoll.ensureAvailability();
      References references = new References(clock, lease);
      ExecutorService executor = Executors.newCachedThreadPool(
          new DefaultThreadFactory("estuary-remote-server", true));
      EventLoopGroup group = new MultiThreadIoEventLoopGroup(0,
          new DefaultThreadFactory("estuary-remote-io", true), EpollIoHandler.newFactory());
      ServerContext ctx = new ServerContext(dfs, references, executor);
      NamespaceService namespace = new NamespaceService(ctx);
      SmallReadService smallReads = new SmallReadService(ctx);
      BackendService backend = new BackendService(ctx);
      List<BindableService> services = new ArrayList<>(List.of(
          backend, namespace, new FileService(ctx),
          new XattrService(ctx), new RetentionService(ctx), new LockService(ctx),
          new WatchService(ctx), smallReads));
      CallCounter counter = registry == null ? null : new CallCounter(registry);
      if (counter != null) {
        services.replaceAll(s -> {
          ServerServiceDefinition d = ServerInterceptors.intercept(s, counter);
          return () -> d;
        });
      }
      services.addAll(extra);
      List<Server> servers = new ArrayList<>();
      try {
        if (unixSocket != null) {
          replaceStaleSocket(unixSocket);
          // grpc-netty sets SO_KEEPALIVE on every accepted channel; a unix socket has no such option
          // and Netty warns once per connection. A null value removes it (Bootstrap#childOption).
          servers.add(configure(NettyServerBuilder.forAddress(new DomainSocketAddress(unixSocket.toString()))
              .channelType(EpollServerDomainSocketChannel.class)
              .withChildOption(ChannelOption.SO_KEEPALIVE, null), group, executor, services)
              .build().start());
          Files.setPosixFilePermissions(unixSocket, PosixFilePermissions.fromString("rw-rw----"));
        }
        if (tcpAddress != null) {
          NettyServerBuilder b = NettyServerBuilder.forAddress(tcpAddress)
              .channelType(EpollServerSocketChannel.class)
              .sslContext(GrpcSslContexts.forServer(certChain.toFile(), privateKey.toFile()).build())
              .intercept(new TokenInterceptor(nodeToken));
          servers.add(configure(b, group, executor, services).build().start());
        }
      } catch (IOException | RuntimeException e) {
        for (Server s : servers) {
          s.shutdownNow();
        }
        executor.shutdownNow();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        throw e;
      }
      DescriptorServer descriptors = null;
      if (unixSocket != null) {
        descriptors = startDescriptors(references, unixSocket,
            new QuickCalls(backend, namespace, smallReads, counter));
      }
      ScheduledExecutorService reaper = Executors.newSingleThreadScheduledExecutor(
          new DefaultThreadFactory("estuary-remote-leases", true));
      long period = Math.clamp(lease.toMillis() / 4, 10, 1000);
      reaper.scheduleWithFixedDelay(() -> {
        try {
          references.expire();
        } catch (RuntimeException e) {
          LOG.warn("lease expiry failed", e);
        }
      }, period, period, TimeUnit.MILLISECONDS);
      LOG.info("serving the backend on {} (lease {})", servers.stream()
          .flatMap(s -> s.getListenSockets().stream()).toList(), lease);
      return new RemoteServer(servers, references, reaper, executor, group, unixSocket, descriptors);
    }

    private static NettyServerBuilder configure(NettyServerBuilder b, EventLoopGroup group,
        ExecutorService executor, List<BindableService> services) {
      // Short metadata reads run on the event loop, everything else on the workers (CallExecutors).
      // The flow-control window holds several chunks of the largest size, so a streamed read or
      // write of 1 MiB chunks never stops for a WINDOW_UPDATE round trip (the default is 1 MiB).
      b.bossEventLoopGroup(group).workerEventLoopGroup(group)
          .directExecutor().callExecutor(new CallExecutors(executor))
          .flowControlWindow(RemoteOptions.FLOW_CONTROL_WINDOW)
          .maxInboundMessageSize(RemoteOptions.MAX_CHUNK + (1 << 20));
      for (BindableService s : services) {
        b.addService(s);
      }
      return b;
    }

    /**
     * Starts the descriptor socket beside the unix socket ({@link DescriptorProtocol}): clients on
     * this host then read and write file bytes themselves. Without it (a path too long for a
     * second socket name) clients use the gRPC data path, which is why it cannot fail the start.
     */
    private static @Nullable DescriptorServer startDescriptors(References references, Path unixSocket,
        QuickCalls quick) {
      Path fdSocket = DescriptorProtocol.socketFor(unixSocket);
      if (fdSocket.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length > UnixSockets.MAX_PATH) {
        LOG.warn("descriptor socket {}: path longer than {} bytes; clients use the gRPC data path",
            fdSocket, UnixSockets.MAX_PATH);
        return null;
      }
      try {
        return DescriptorServer.start(references, fdSocket,
            new DefaultThreadFactory("estuary-remote-fd", true), quick);
      } catch (IOException e) {
        LOG.warn("descriptor socket {}: cannot serve ({}); clients use the gRPC data path", fdSocket, e.toString());
        return null;
      }
    }

    /** Removes a socket file nobody answers on; fails if a server is alive behind it. */
    private static void replaceStaleSocket(Path socket) throws IOException {
      if (!Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) {
        return;
      }
      int mode = (Integer) Files.getAttribute(socket, "unix:mode", LinkOption.NOFOLLOW_LINKS);
      if ((mode & S_IFMT) != S_IFSOCK) {
        throw new IOException("remote server socket: " + socket
            + " exists and is not a socket (expected: a free path or a stale socket file)");
      }
      try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
        probe.connect(UnixDomainSocketAddress.of(socket));
      } catch (ConnectException e) {
        LOG.info("replacing stale socket file {} (nobody answers: {})", socket, e.toString());
        Files.delete(socket);
        return;
      }
      throw new IOException("remote server socket: " + socket
          + " is in use by a running server (expected: a free path or a stale socket file)");
    }
  }

  /**
   * Returns how many references clients hold open: file handles, lock sessions, share
   * reservations and watches.
   *
   * @return the count
   */
  public int openReferences() {
    return references.size();
  }

  /**
   * Returns how many file descriptors the descriptor socket passed to clients since the start (each
   * one lets a client move a file's bytes itself); 0 without a unix socket.
   *
   * @return the count
   */
  public long descriptorsPassed() {
    return descriptors == null ? 0 : descriptors.passed();
  }

  /**
   * Returns how many metadata reads (volume opens, getAttributes, lookup, readSmall) the
   * descriptor socket answered since the start, instead of gRPC.
   *
   * @return the count
   */
  public long descriptorCalls() {
    return descriptors == null ? 0 : descriptors.calls();
  }

  /**
   * Returns the addresses listened on (with the real port when TCP was bound to port 0).
   *
   * @return the addresses
   */
  public List<SocketAddress> addresses() {
    List<SocketAddress> out = new ArrayList<>();
    for (Server s : servers) {
      out.addAll(s.getListenSockets());
    }
    return List.copyOf(out);
  }

  /**
   * Stops serving: ends every call, closes every reference clients held and removes the socket
   * file. Does not close the backend. Idempotent.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (Server s : servers) {
      s.shutdownNow();
    }
    for (Server s : servers) {
      try {
        s.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    reaper.shutdownNow();
    if (descriptors != null) {
      descriptors.close();
    }
    references.closeAll();
    executor.shutdownNow();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    if (socket != null) {
      try {
        Files.deleteIfExists(socket);
      } catch (IOException e) {
        LOG.warn("cannot remove socket file {}: {}", socket, e.toString());
      }
    }
  }
}
