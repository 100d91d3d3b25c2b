package dev.estuary.s3;

import com.linecorp.armeria.common.SessionProtocol;
import com.linecorp.armeria.common.TlsKeyPair;
import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.ServerBuilder;
import dev.estuary.core.Endpoint;
import dev.estuary.core.Frontend;
import dev.estuary.core.FrontendContext;
import dev.estuary.core.FrontendOption;
import dev.estuary.core.KeyWrapper;
import dev.estuary.core.MasterKeys;
import dev.estuary.core.RunningFrontend;
import dev.estuary.core.ServerTls;
import dev.estuary.s3.internal.access.AccessControl;
import dev.estuary.s3.internal.ops.Handlers;
import dev.estuary.s3.internal.ops.LifecycleRunner;
import dev.estuary.s3.internal.ops.S3Settings;
import dev.estuary.s3.internal.ops.Store;
import dev.estuary.s3.internal.server.AnonymousOrSigned;
import dev.estuary.s3.internal.ops.UploadLocks;
import dev.estuary.s3.internal.ops.Versions;
import dev.estuary.s3.internal.server.Http1Head;
import dev.estuary.s3.internal.server.S3ErrorHandler;
import dev.estuary.s3.internal.server.S3Metrics;
import dev.estuary.s3.internal.server.S3Service;
import dev.estuary.s3.internal.server.SigV4Adapter;
import dev.estuary.s3.internal.sse.Encryption;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.ChannelOption;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The S3 frontend ({@code s3}, default port 9000): the S3 REST API on Armeria over the shared
 * backend, buckets being volumes and keys paths (DESIGN §2). Found by {@link
 * java.util.ServiceLoader}.
 *
 * <p>Armeria's defaults are overridden deliberately: the request length limit (10 MiB) is lifted
 * because uploads stream to the backend with backpressure and are bounded by S3's own limits (5
 * GiB per PUT or part, {@code EntityTooLarge}); the request timeout (10 s) is lifted because a
 * multi-GiB transfer legitimately takes minutes; a stalled client is cut off by the idle timeout
 * instead. Settings come from the options this frontend declares ({@link #options()}: {@code
 * region}, {@code domain}, {@code tls}, {@code tls-cert}, {@code tls-key}), documented in
 * gateway-core CONFIG.md.
 */
public final class S3Frontend implements Frontend {
  /** The frontend name. */
  public static final String NAME = "s3";
  /** The default port. */
  public static final int DEFAULT_PORT = 9000;

  /** The region reported by GetBucketLocation and required in SigV4 credential scopes. */
  static final FrontendOption REGION = FrontendOption.text("region", "us-east-1",
      Pattern.compile("[a-z0-9][a-z0-9-]{0,62}"), "a region name such as us-east-1",
      "Region the S3 frontend reports (GetBucketLocation) and expects in SigV4 credential scopes.");

  /** The base domain of virtual-host-style requests. */
  static final FrontendOption DOMAIN = FrontendOption.text("domain", "(none)",
      Pattern.compile("(?i)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*"),
      "a DNS name such as s3.example.com",
      "Base domain for virtual-host-style requests: a Host of bucket.DOMAIN names the bucket"
          + " (needs wildcard DNS). Unset, only path-style addressing is used.");

  /** Whether the S3 port speaks TLS (CONFIG.md "TLS"). */
  static final FrontendOption TLS = FrontendOption.text("tls", "auto",
      Pattern.compile("(?i)auto|on|off|true|false"), "auto, on or off",
      "TLS on the S3 port: auto (TLS unless bound to a loopback address), on or off. Without"
          + " tls-cert a self-signed certificate is generated into <data>/tls.");

  /** The configured certificate of the S3 port. */
  static final FrontendOption TLS_CERT = FrontendOption.readableFile("tls-cert",
      "PEM certificate chain of the S3 port, leaf first (with tls-key); default: generated.");

  /** The configured key of the S3 port. */
  static final FrontendOption TLS_KEY = FrontendOption.readableFile("tls-key",
      "PEM private key (PKCS#8, PKCS#1 or SEC1, unencrypted) of tls-cert.");

  /** Whether SSE-C customer keys are accepted over plain HTTP from a loopback client. */
  static final FrontendOption SSE_C_OVER_HTTP = FrontendOption.text("sse-c-over-http", "refuse",
      Pattern.compile("refuse|loopback"), "refuse or loopback",
      "SSE-C (customer-provided keys) over plain HTTP: 'refuse' (as S3: TLS only) or 'loopback'"
          + " (also plain HTTP from 127.0.0.0/8 and ::1, where the key never crosses a network).");

  /** Seconds between lifecycle runs; 0 turns the background task off. */
  static final FrontendOption LIFECYCLE_INTERVAL = FrontendOption.integer("lifecycle-interval",
      "3600", 0, 7 * 86400,
      "Seconds between runs of the lifecycle task that expires objects and aborts old multipart"
          + " uploads by the buckets' lifecycle rules (0: never). Rules count whole days, so an"
          + " hour is prompt enough.");

  /** Objects one lifecycle run examines at most. */
  static final FrontendOption LIFECYCLE_BATCH = FrontendOption.integer("lifecycle-batch",
      "100000", 1, 100_000_000,
      "Most objects one lifecycle run examines; a run that stops there resumes at the next"
          + " interval where it left off.");

  /** Creates the frontend (used by {@link java.util.ServiceLoader}). */
  public S3Frontend() {}

  @Override
  public List<FrontendOption> options() {
    return List.of(REGION, DOMAIN, TLS, TLS_CERT, TLS_KEY, SSE_C_OVER_HTTP, LIFECYCLE_INTERVAL,
        LIFECYCLE_BATCH);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public int defaultPort() {
    return DEFAULT_PORT;
  }

  @Override
  public RunningFrontend start(FrontendContext context) {
    S3Settings settings = S3Settings.of(
        context.config().frontendOption(NAME, REGION.name()).orElse(REGION.defaultValue()),
        context.config().frontendOption(NAME, DOMAIN.name()).orElse(null));
    // The key file is opened (and its mode checked) now, so a key file readable by others stops
    // the start instead of the first encrypted PUT. In node mode the engine daemon wraps the keys.
    KeyWrapper given = context.sseKeys();
    KeyWrapper sseKeys = given != null ? given
        : MasterKeys.open(context.config().dataDirectory(), new SecureRandom());
    Encryption encryption = new Encryption(sseKeys, new SecureRandom(),
        context.config().frontendOption(NAME, SSE_C_OVER_HTTP.name())
            .orElse(SSE_C_OVER_HTTP.defaultValue()).equals("loopback"));
    Store store = new Store(context.dfs(), context.authorizer(), context.clock(), settings,
        encryption);
    String hostId = "estuary-" + Long.toHexString(context.clock().millis());
    UploadLocks uploadLocks = new UploadLocks();
    Versions versions = new Versions();
    S3Service service = new S3Service(store,
        new AnonymousOrSigned(new SigV4Adapter(context.identity(), context.clock(), settings.region(),
            settings.domain())),
        AccessControl.around(Handlers.all(versions, uploadLocks), context.identity()), context.executor(),
        new S3Metrics(context.meterRegistry(), context.requestMetrics(NAME)),
        hostId, context.clock().millis() << 16);
    ServerTls tls = tls(context, settings);
    ServerBuilder sb = Server.builder()
        .port(new InetSocketAddress(context.bindAddress(), context.port()),
            tls == null ? SessionProtocol.HTTP : SessionProtocol.HTTPS)
        .maxRequestLength(0)
        .requestTimeout(Duration.ZERO)
        .idleTimeout(settings.idleTimeout())
        .http1MaxHeaderSize(64 * 1024)
        .http1MaxInitialLineLength(16 * 1024)
        // Bodies arrive in pieces of up to 1 MiB instead of Armeria's 8 KiB, read from the socket
        // in up to 1 MiB at once instead of Netty's 64 KiB: fewer reads, pieces and hand-offs per
        // GiB on the upload path (README, "Large PUT CPU"); the buffer grows only on connections
        // that fill it.
        .http1MaxChunkSize(1 << 20)
        .childChannelOption(ChannelOption.RCVBUF_ALLOCATOR,
            new AdaptiveRecvByteBufAllocator(64, 2048, 1 << 20))
        .gracefulShutdownTimeout(Duration.ZERO, Duration.ofSeconds(5))
        // 100 Continue is the service's to send, after authentication (see Http1Head).
        .childChannelPipelineCustomizer(Http1Head::install)
        // The Date header is the service's (IMF-fixdate); Armeria's has a one-digit day.
        .disableDateHeader()
        .errorHandler(new S3ErrorHandler(hostId, context.clock()))
        .serviceUnder("/", service);
    if (tls != null) {
      sb.tls(TlsKeyPair.of(tls.privateKey(), tls.certificateChain()));
    }
    Server server = sb.build();
    server.start().join();
    // The lifecycle task gets its own thread: runs are long, blocking walks of the backend.
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
        Thread.ofPlatform().name("s3-lifecycle").daemon().factory());
    LifecycleRunner lifecycle = new LifecycleRunner(store, versions, uploadLocks, scheduler,
        Duration.ofSeconds(Long.parseLong(option(context, LIFECYCLE_INTERVAL).strip())),
        Integer.parseInt(option(context, LIFECYCLE_BATCH).strip()), context.meterRegistry());
    lifecycle.start();
    int port = server.activeLocalPort();
    String host = context.bindAddress().getHostAddress();
    String url = (tls == null ? "http://" : "https://")
        + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    List<Endpoint> endpoints = List.of(new Endpoint(NAME, url,
        "region " + settings.region() + (settings.domain() == null ? ", path-style"
            : ", path-style and virtual hosts *." + settings.domain())
            + (tls == null ? "" : "; " + tls.describe())));
    return new Running(endpoints, server, scheduler, lifecycle);
  }

  /** The certificate per the {@code tls*} options, or null for plain HTTP. */
  private static @Nullable ServerTls tls(FrontendContext context, S3Settings settings) {
    var config = context.config();
    ServerTls.Mode mode = ServerTls.Mode.parse(
        config.frontendOption(NAME, TLS.name()).orElse(TLS.defaultValue()));
    Path cert = config.frontendOption(NAME, TLS_CERT.name()).map(Path::of).orElse(null);
    Path key = config.frontendOption(NAME, TLS_KEY.name()).map(Path::of).orElse(null);
    // Virtual-host clients connect to bucket.DOMAIN: the generated certificate names both.
    List<String> names = settings.domain() == null ? List.of()
        : List.of(settings.domain(), "*." + settings.domain());
    return ServerTls.forListener(NAME, mode, cert, key, context.bindAddress(),
        config.dataDirectory().toAbsolutePath(), names, context.clock()).orElse(null);
  }


  private static String option(FrontendContext context, FrontendOption o) {
    return context.config().frontendOption(NAME, o.name()).orElse(o.defaultValue());
  }

  /**
   * The running S3 frontend: the Armeria server and the lifecycle task.
   */
  public static final class Running implements RunningFrontend {
    private final List<Endpoint> endpoints;
    private final Server server;
    private final ScheduledExecutorService scheduler;
    private final LifecycleRunner lifecycle;

    private Running(List<Endpoint> endpoints, Server server, ScheduledExecutorService scheduler,
        LifecycleRunner lifecycle) {
      this.endpoints = endpoints;
      this.server = server;
      this.scheduler = scheduler;
      this.lifecycle = lifecycle;
    }

    /**
     * Returns the lifecycle task, whose {@link LifecycleRunner#runOnce()} runs it now (tests use
     * it with a moved clock instead of waiting for the interval).
     *
     * @return the task
     */
    public LifecycleRunner lifecycle() {
      return lifecycle;
    }

    @Override
    public List<Endpoint> endpoints() {
      return endpoints;
    }

    @Override
    public boolean healthy() {
      return !server.isClosing();
    }

    @Override
    public void stop(Duration drain) {
      lifecycle.close();
      scheduler.shutdownNow();
      server.stop().join();
      try {
        scheduler.awaitTermination(drain.toMillis() + 5000, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
