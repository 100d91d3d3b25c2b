package dev.estuary.dataset.internal.server;

import dev.estuary.core.Endpoint;
import dev.estuary.core.FrontendContext;
import dev.estuary.core.RunningFrontend;
import dev.estuary.dataset.internal.ops.DatasetMetrics;
import dev.estuary.dataset.internal.ops.OpContext;
import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.ServerCredentials;
import io.grpc.ServerInterceptors;
import io.grpc.TlsServerCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running dataset service: grpc-java on its shaded Netty transport (so it never clashes with
 * Armeria's unshaded Netty 4.2 in the same process), plaintext or TLS, with the metrics and
 * authentication interceptors in front of {@link DatasetGrpcService}. All gRPC callbacks and every
 * blocking backend call run on one bounded pool; Scans list directories on a second one.
 */
public final class DatasetServer implements RunningFrontend {
  private static final Logger log = LoggerFactory.getLogger(DatasetServer.class);

  /**
   * grpc-java logs through java.util.logging, bypassing logback, and warns with a stack trace
   * whenever a client cancels a stream mid-write or sends an oversize message: client behaviour the
   * client already learns from the status. Those two loggers are kept at SEVERE (strong references
   * held here, or JUL would forget the level) so the server stays quiet by default.
   */
  private static final List<String> NOISY_GRPC_LOGGERS = List.of(
      "io.grpc.netty.shaded.io.grpc.netty.NettyServerHandler",
      "io.grpc.netty.shaded.io.grpc.netty.NettyServerStream");

  private final List<java.util.logging.Logger> quietened;
  private final Server server;
  private final ExecutorService io;
  private final ExecutorService scan;
  private final IdleReaper idle;
  private final String url;

  private DatasetServer(Server server, ExecutorService io, ExecutorService scan, IdleReaper idle, String url) {
    this.quietened = NOISY_GRPC_LOGGERS.stream().map(java.util.logging.Logger::getLogger).toList();
    quietened.forEach(l -> l.setLevel(java.util.logging.Level.SEVERE));
    this.server = server;
    this.io = io;
    this.scan = scan;
    this.idle = idle;
    this.url = url;
  }

  /**
   * Starts the service.
   *
   * @param ctx what the launcher provides
   * @param options the frontend's settings
   * @return the running service
   * @throws IOException if the port cannot be bound or the TLS files cannot be read
   */
  public static DatasetServer start(FrontendContext ctx, DatasetOptions options) throws IOException {
    ExecutorService io = pool("estuary-dataset-io", options.ioThreads());
    ExecutorService scan = pool("estuary-dataset-scan", options.scanThreads());
    IdleReaper idle = new IdleReaper(ctx.clock(), options.checkpoints().idleTimeout(), ctx.executor());
    try {
      OpContext ops = new OpContext(
          ctx.dfs(), ctx.authorizer(), options.limits(), new DatasetMetrics(ctx.meterRegistry()), ctx.clock(),
          io, scan, options.scanParallelism(), ctx.executor());
      ServerCredentials creds = options.tlsCert() != null && options.tlsKey() != null
          ? TlsServerCredentials.create(options.tlsCert().toFile(), options.tlsKey().toFile())
          : InsecureServerCredentials.create();
      InetSocketAddress bind = new InetSocketAddress(ctx.bindAddress(), ctx.port());
      Server server = NettyServerBuilder.forAddress(bind, creds)
          .executor(io)
          .maxInboundMessageSize(options.limits().maxMessageBytes())
          .maxInboundMetadataSize(16 * 1024)
          // DataLoader workers keep a few calls each in flight; a client opening thousands is broken.
          .maxConcurrentCallsPerConnection(1024)
          // Clients may keep channels alive between epochs; allow their pings.
          .permitKeepAliveTime(10, TimeUnit.SECONDS)
          .permitKeepAliveWithoutCalls(true)
          .addService(ServerInterceptors.intercept(
              RequestParsing.guard(new DatasetGrpcService(ops, options.checkpoints(), idle).bindService()),
              new AuthInterceptor(ctx.identity()),
              new MetricsInterceptor(ctx.requestMetrics("dataset"))))
          .build()
          .start();
      InetSocketAddress local = (InetSocketAddress) server.getListenSockets().get(0);
      String host = local.getAddress().getHostAddress();
      if (host.contains(":")) {
        host = "[" + host + "]";
      }
      String url = (options.tlsCert() != null ? "grpcs://" : "grpc://") + host + ":" + local.getPort();
      log.info("dataset service listening on {}", url);
      return new DatasetServer(server, io, scan, idle, url);
    } catch (IOException | RuntimeException e) {
      idle.close();
      io.shutdownNow();
      scan.shutdownNow();
      throw e;
    }
  }

  private static ExecutorService pool(String name, int threads) {
    AtomicInteger n = new AtomicInteger();
    ThreadFactory f = r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
    return new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), f);
  }

  /**
   * Returns the port the service listens on.
   *
   * @return the bound port
   */
  public int port() {
    return ((InetSocketAddress) server.getListenSockets().get(0)).getPort();
  }

  @Override
  public List<Endpoint> endpoints() {
    return List.of(new Endpoint("dataset", url, "PyTorch dataset service, gRPC"));
  }

  @Override
  public boolean healthy() {
    return !server.isShutdown();
  }

  @Override
  public void stop(Duration drain) {
    server.shutdown();
    try {
      if (!server.awaitTermination(Math.max(1, drain.toMillis()), TimeUnit.MILLISECONDS)) {
        server.shutdownNow();
        server.awaitTermination(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      server.shutdownNow();
    }
    idle.close();
    scan.shutdownNow();
    io.shutdown();
    try {
      if (!io.awaitTermination(Math.max(1, drain.toMillis()), TimeUnit.MILLISECONDS)) {
        io.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      io.shutdownNow();
    }
  }
}
