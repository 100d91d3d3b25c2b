package dev.estuary.core.internal.server;

import static java.util.Objects.requireNonNull;

import dev.estuary.core.Authorizer;
import dev.estuary.core.ClientSession;
import dev.estuary.core.Endpoint;
import dev.estuary.core.Frontend;
import dev.estuary.core.FrontendContext;
import dev.estuary.core.GatewayConfig;
import dev.estuary.core.IdentityService;
import dev.estuary.core.KeyWrapper;
import dev.estuary.core.MasterKeys;
import dev.estuary.core.RunningFrontend;
import dev.estuary.core.ServerTls;
import dev.estuary.core.UserStore;
import dev.estuary.core.internal.GatewayException;
import dev.estuary.core.internal.admin.AdminViews;
import dev.estuary.core.internal.admin.LocalAdmin;
import dev.estuary.core.internal.identity.AdminBootstrap;
import dev.estuary.core.internal.identity.Randoms;
import dev.estuary.core.internal.remote.IdentityGrpcService;
import dev.estuary.core.internal.remote.RemoteIdentityService;
import dev.estuary.core.internal.remote.RemoteSseKeys;
import dev.estuary.core.internal.remote.ServiceMetrics;
import dev.estuary.core.internal.remote.SseKeysGrpcService;
import dev.estuary.dfs.Dfs;
import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.DfsProvider;
import dev.estuary.dfs.decorate.ReservedNamesDfs;
import dev.estuary.dfs.decorate.StandardDecorators;
import dev.estuary.dfs.remote.RemoteDfs;
import dev.estuary.dfs.remote.RemoteEndpoint;
import dev.estuary.dfs.remote.RemoteProvider;
import dev.estuary.dfs.remote.RemoteServer;
import io.micrometer.core.instrument.Gauge;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running gateway process in one of the deployment shapes of DESIGN §6:
 *
 * <ul>
 *   <li><b>All-in-one</b> ({@code estuary serve}): owns the data directory, opens the backend and
 *       the user store, runs the admin endpoint and the enabled frontends.
 *   <li><b>Engine daemon</b> ({@code estuary engine}, {@link EngineListeners} given): the same
 *       without frontends, serving the backend ({@code dfs-remote}) and the user store ({@link
 *       IdentityGrpcService}) on a unix socket and optionally TCP. Its admin API is the one the
 *       CLI's {@code estuary user ...} reaches through {@code run/admin.json}, so a change lands
 *       in the daemon's store and is pushed to every frontend process.
 *   <li><b>Frontends of a node</b> ({@code estuary serve --backend unix:PATH}, the backend named
 *       {@value #REMOTE}): opens the remote backend and the daemon's identity service over its
 *       channel; the data directory only holds this process's own state (generated TLS
 *       certificates, NFS and SMB server state), no users and no backend files.
 * </ul>
 *
 * <p>Each stops gracefully.
 */
public final class Gateway implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Gateway.class);

  /**
   * What the gateway takes from its process: nothing else is read from globals.
   *
   * @param env the environment (for {@code ESTUARY_ADMIN_*})
   * @param clock the time source
   * @param random the source of credentials and tokens
   * @param loader where backends and frontends are discovered
   * @param out where endpoints and first-start credentials are printed
   */
  public record Environment(Map<String, String> env, Clock clock, SecureRandom random,
      ClassLoader loader, PrintStream out) {
    /** Validates the components. */
    public Environment {
      env = Map.copyOf(env);
      requireNonNull(clock, "clock");
      requireNonNull(random, "random");
      requireNonNull(loader, "loader");
      requireNonNull(out, "out");
    }
  }

  /** The backend name of node mode's frontend processes ({@code dfs-remote}'s provider). */
  public static final String REMOTE = "remote";

  /**
   * Where the engine daemon serves its backend and identities.
   *
   * @param socket the unix domain socket (mode 0660)
   * @param tcp the TCP listener, or null for none
   */
  public record EngineListeners(Path socket, @Nullable Tcp tcp) {
    /** Validates the components. */
    public EngineListeners {
      requireNonNull(socket, "socket");
    }
  }

  /**
   * The engine daemon's TCP listener: always TLS with a node token.
   *
   * @param address where to listen
   * @param certificateChain PEM certificate chain
   * @param privateKey PEM private key of the chain
   * @param nodeToken the bearer token every client must send
   */
  public record Tcp(InetSocketAddress address, Path certificateChain, Path privateKey,
      String nodeToken) {
    /** Validates the components. */
    public Tcp {
      requireNonNull(address, "address");
      requireNonNull(certificateChain, "certificateChain");
      requireNonNull(privateKey, "privateKey");
      requireNonNull(nodeToken, "nodeToken");
    }

    @Override
    public String toString() {
      return "Tcp[address=" + address + ", certificateChain=" + certificateChain + ", privateKey="
          + privateKey + ", nodeToken=<redacted>]";
    }
  }

  private final GatewayConfig config;
  private final DataDirectory data;
  private final DataDirectory.Lock lock;
  private final @Nullable UserStore users;
  private final IdentityService identity;
  private final Metrics metrics;
  private final Dfs dfs;
  private final ExecutorService executor;
  private final @Nullable ScheduledExecutorService scheduler;
  private final @Nullable KeyWrapper sseKeys;
  private @Nullable RemoteServer engineServer;
  private final Map<String, RunningFrontend> running = new LinkedHashMap<>();
  private final List<Endpoint> endpoints = new ArrayList<>();
  private final CountDownLatch stopped = new CountDownLatch(1);
  private @Nullable AdminHttpServer admin;
  private volatile boolean stopping;

  private Gateway(GatewayConfig config, DataDirectory data, DataDirectory.Lock lock,
      @Nullable UserStore users, IdentityService identity, Metrics metrics, Dfs dfs,
      ExecutorService executor, @Nullable ScheduledExecutorService scheduler,
      @Nullable KeyWrapper sseKeys) {
    this.config = config;
    this.data = data;
    this.lock = lock;
    this.users = users;
    this.identity = identity;
    this.metrics = metrics;
    this.dfs = dfs;
    this.executor = executor;
    this.scheduler = scheduler;
    this.sseKeys = sseKeys;
  }

  /**
   * Starts a gateway: all-in-one, or node mode's frontends when the backend is {@value #REMOTE}.
   * On failure everything already started is stopped again.
   *
   * @param config the configuration
   * @param env the process environment
   * @return the running gateway
   * @throws GatewayException naming what cannot be used and what was expected
   */
  public static Gateway start(GatewayConfig config, Environment env) {
    return start(config, env, null);
  }

  /**
   * Starts a gateway, or with {@code engine} the engine daemon of a node. On failure everything
   * already started is stopped again.
   *
   * @param config the configuration
   * @param env the process environment
   * @param engine where the engine daemon serves, or null for {@link #start(GatewayConfig,
   *     Environment)}
   * @return the running gateway
   * @throws GatewayException naming what cannot be used and what was expected
   */
  public static Gateway start(GatewayConfig config, Environment env,
      @Nullable EngineListeners engine) {
    Instant entered = env.clock().instant();
    Logging.apply(config.logLevel());
    InetAddress bind = bindAddress(config.bindAddress());
    boolean remote = config.backend().name().equals(REMOTE);
    if (remote && engine != null) {
      throw new GatewayException("backend: '" + REMOTE + "' for the engine daemon (expected: a"
          + " local backend such as engine; only frontend processes use a remote one)");
    }
    DataDirectory data = DataDirectory.prepare(config.dataDirectory());
    DataDirectory.Lock lock = remote ? data.tryLock().orElseThrow(() -> new GatewayException(
        "data directory: " + data.root() + " is in use by another estuary process (expected: in"
            + " node mode each frontend process keeps its own state in a --data directory of its"
            + " own, not the engine's)")) : data.lock();
    Metrics metrics = null;
    Dfs dfs = null;
    RemoteIdentityService remoteIdentity = null;
    ScheduledExecutorService scheduler = null;
    try {
      Map<String, Frontend> available = Frontends.available(env.loader());
      List<Frontend> selected = Frontends.select(config.frontends(), available);
      Frontends.checkOptions(available, config.frontendOptions());
      DfsProvider provider = Backends.provider(config.backend(), env.loader());
      metrics = new Metrics();
      UserStore users = null;
      IdentityService identity;
      KeyWrapper sseKeys = null;
      Dfs served = null;
      if (remote) {
        RemoteDfs r = openRemote(provider, data, config, env, metrics);
        // The daemon serves its backend without the reserved-names decorator (S3's privileged
        // areas must stay reachable over the wire), so this process puts the standard decorators
        // around the remote backend, as the all-in-one server does around the engine.
        dfs = StandardDecorators.apply(r, metrics.registry());
        scheduler = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("identity-watch").daemon().factory());
        // Identity and SSE key calls share the remote backend's channel and its call deadline.
        Duration deadline = RemoteProvider.options(config.backend().options()).deadline();
        String endpoint = r.endpoint().toString();
        remoteIdentity = new RemoteIdentityService(r.channel(), endpoint, deadline, scheduler);
        identity = remoteIdentity;
        sseKeys = new RemoteSseKeys(r.channel(), endpoint, deadline);
      } else {
        users = UserStore.open(data.root(), env.clock(), env.random());
        AdminBootstrap.ensureAdmin(users, env.env(), data.adminCredentials(), env.random(),
            env.out());
        served = BackendOpening.openServed(provider, data, config.backend(), env.clock(),
            metrics.registry());
        dfs = new ReservedNamesDfs(served);
        identity = users;
      }
      Gateway g = new Gateway(config, data, lock, users, identity, metrics, dfs,
          Executors.newVirtualThreadPerTaskExecutor(), scheduler, sseKeys);
      g.startServices(bind, selected, env, engine, served, remoteIdentity, entered);
      return g;
    } catch (RuntimeException e) {
      if (remoteIdentity != null) {
        remoteIdentity.close();
      }
      if (scheduler != null) {
        scheduler.shutdownNow();
      }
      if (dfs != null) {
        dfs.close();
      }
      if (metrics != null) {
        metrics.close();
      }
      lock.close();
      throw e;
    }
  }

  /**
   * Opens the remote backend and asks it one question, so a missing socket, a daemon that does
   * not answer or a refused token stop the start with one clear error instead of failing the
   * first client request.
   */
  private static RemoteDfs openRemote(DfsProvider provider, DataDirectory data,
      GatewayConfig config, Environment env, Metrics metrics) {
    String spec = config.backend().options().get("endpoint");
    if (spec == null) {
      throw new GatewayException("backend: " + REMOTE + " without an endpoint (expected:"
          + " --backend unix:/path/engine.sock or tcp://host:port)");
    }
    RemoteEndpoint endpoint;
    try {
      endpoint = RemoteEndpoint.parse(spec);
    } catch (DfsException e) {
      throw new GatewayException("backend: " + e.getMessage(), e);
    }
    Path socket = endpoint.socket();
    if (socket != null && !Files.exists(socket)) {
      throw new GatewayException("backend: " + spec + ": no such socket (expected: the socket of"
          + " a running `estuary engine`, by default <engine data>/run/engine.sock)");
    }
    Dfs opened;
    try {
      opened = provider.open(BackendOpening.context(data, config.backend(), env.clock(),
          metrics.registry()));
    } catch (DfsException e) {
      throw new GatewayException("backend: " + spec + ": cannot connect (" + e.getMessage() + ")", e);
    }
    if (!(opened instanceof RemoteDfs r)) {
      opened.close();
      throw new GatewayException("backend: provider '" + REMOTE + "' opened "
          + opened.getClass().getName() + " (expected: dev.estuary.dfs.remote.RemoteDfs)");
    }
    try {
      r.listVolumes();
    } catch (DfsException e) {
      r.close();
      throw new GatewayException("backend: the engine at " + spec + " does not answer ("
          + e.getMessage() + "; expected: a running `estuary engine` that accepts this process)",
          e);
    }
    log.info("remote backend connected endpoint={}", spec);
    return r;
  }

  private void startServices(InetAddress bind, List<Frontend> selected, Environment env,
      @Nullable EngineListeners engine, @Nullable Dfs served,
      @Nullable RemoteIdentityService remoteIdentity, Instant entered) {
    try {
      String token = Randoms.base62(env.random(), 43);
      // A frontend process of a node administers nothing: users and volumes are the daemon's.
      LocalAdmin ops = users == null ? null : new LocalAdmin(data.root().toString(),
          config.backend().name(), () -> dfs, false, users, env.random(), this::endpointLines,
          this::sessions);
      ServerTls tls = adminTls(bind, env);
      admin = new AdminHttpServer(bind, config.adminPort(), metrics.registry(), this::health, ops,
          token, tls);
      String host = bind.getHostAddress();
      String hostUrl = host.contains(":") ? "[" + host + "]" : host;
      synchronized (this) {
        endpoints.add(new Endpoint("admin",
            (tls == null ? "http://" : "https://") + hostUrl + ":" + admin.port(),
            "/metrics, /health" + (ops == null ? "" : ", /api/v1")
                + (tls == null ? "" : "; " + tls.describe())));
      }
      if (engine != null) {
        startEngineServer(engine, requireNonNull(served, "served"), requireNonNull(users, "users"),
            env);
      }
      Authorizer authorizer = new Authorizer();
      for (Frontend f : selected) {
        FrontendContext ctx = new FrontendContext(dfs, config, identity, authorizer,
            metrics.registry(), env.clock(), executor, bind, config.portOf(f), sseKeys);
        RunningFrontend r;
        try {
          r = f.start(ctx);
        } catch (Exception e) {
          throw new GatewayException("frontend " + f.name() + ": cannot start on "
              + host + ":" + config.portOf(f) + " (" + e.getMessage() + ")", e);
        }
        synchronized (this) {
          running.put(f.name(), r);
          endpoints.addAll(r.endpoints());
        }
      }
      if (ops != null) {
        new RunFile(host, admin.port(), token, ProcessHandle.current().pid(),
            tls == null ? "" : tls.fingerprint()).write(data);
      }
    } catch (IOException e) {
      stop(Duration.ZERO);
      throw new GatewayException(RunFile.path(data) + ": cannot write (" + e.getMessage() + ")", e);
    } catch (RuntimeException e) {
      stop(Duration.ZERO);
      throw e;
    }
    // How long the start took, from the process's birth and from this call: a restarted container
    // is judged by it (issue 13: serving again within 10 s of a SIGKILL).
    Instant now = env.clock().instant();
    String jvm = ProcessHandle.current().info().startInstant()
        .map(born -> " jvm_ms=" + Duration.between(born, entered).toMillis()).orElse("");
    log.info("started data={} backend={} frontends={}{}{} start_ms={}", data.root(),
        config.backend().name(), running.keySet(),
        engine == null ? "" : " engine=unix:" + engine.socket(), jvm,
        Duration.between(entered, now).toMillis());
  }

  /**
   * Serves the backend and the user store on the daemon's listeners. The backend goes out under
   * the metering and checking decorators but without the reserved-names one: each frontend
   * process adds that itself, and S3's privileged access to its reserved areas must reach the
   * engine through the wire.
   */
  private void startEngineServer(EngineListeners engine, Dfs served, UserStore store,
      Environment env) throws IOException {
    String instance = Randoms.base62(env.random(), 16);
    RemoteServer.Builder b = RemoteServer.builder(served).unixSocket(engine.socket())
        .metrics(metrics.registry())
        .addService(ServiceMetrics.intercept(new IdentityGrpcService(store, instance),
            metrics.registry()))
        .addService(ServiceMetrics.intercept(new SseKeysGrpcService(
            MasterKeys.open(data.root(), env.random())), metrics.registry()));
    Tcp tcp = engine.tcp();
    if (tcp != null) {
      b.tcp(tcp.address(), tcp.certificateChain(), tcp.privateKey(), tcp.nodeToken());
    }
    RemoteServer server;
    try {
      server = b.start();
    } catch (IOException | DfsException e) {
      throw new GatewayException("engine: cannot listen on unix:" + engine.socket()
          + (tcp == null ? "" : " and tcp://" + tcp.address()) + " (" + e.getMessage() + ")", e);
    }
    synchronized (this) {
      engineServer = server;
      endpoints.add(new Endpoint("engine", "unix:" + engine.socket(),
          "dfs-remote and the identity service, mode 0660"));
      if (tcp != null) {
        String h = tcp.address().getAddress().getHostAddress();
        endpoints.add(new Endpoint("engine", "tcp://" + (h.contains(":") ? "[" + h + "]" : h)
            + ":" + tcp.address().getPort(), "TLS, node token required"));
      }
    }
    Gauge.builder("estuary.engine.open.references", server, RemoteServer::openReferences)
        .description("Handles, cursors, lock sessions and watches held open for remote clients")
        .register(metrics.registry());
  }

  /** The admin port's certificate per {@code admin.tls*}, or null for plain HTTP. */
  private @Nullable ServerTls adminTls(InetAddress bind, Environment env) {
    ServerTls.Settings t = config.adminTls();
    try {
      return ServerTls.forListener("admin", t.mode(), t.certificate(), t.key(), bind, data.root(),
          List.of(), env.clock()).orElse(null);
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new GatewayException("admin: " + e.getMessage(), e);
    }
  }

  private static InetAddress bindAddress(String address) {
    try {
      return InetAddress.getByName(address);
    } catch (UnknownHostException e) {
      throw new GatewayException(
          "bind: '" + address + "' does not resolve (expected: an IP address or a known host name)", e);
    }
  }

  /**
   * Returns where the gateway listens, admin endpoint first.
   *
   * @return the endpoints
   */
  public synchronized List<Endpoint> endpoints() {
    return List.copyOf(endpoints);
  }

  private List<String> endpointLines() {
    return endpoints().stream().map(Endpoint::line).toList();
  }

  /**
   * Returns the client sessions of every running frontend, frontend by frontend. A frontend whose
   * sessions cannot be read is left out (and logged) rather than failing the whole status.
   *
   * @return the sessions
   */
  public List<AdminViews.SessionView> sessions() {
    Map<String, RunningFrontend> copy;
    synchronized (this) {
      copy = new LinkedHashMap<>(running);
    }
    List<AdminViews.SessionView> all = new ArrayList<>();
    copy.forEach((name, r) -> {
      try {
        for (ClientSession s : r.sessions()) {
          all.add(AdminViews.SessionView.of(name, s));
        }
      } catch (RuntimeException e) {
        log.warn("frontend sessions failed frontend={} error={}", name, e.toString());
      }
    });
    return all;
  }

  /**
   * Returns the real admin port.
   *
   * @return the port
   */
  public int adminPort() {
    return requireNonNull(admin, "admin").port();
  }

  /**
   * Returns the data directory.
   *
   * @return the data directory
   */
  public DataDirectory dataDirectory() {
    return data;
  }

  /**
   * Returns the user store.
   *
   * @return the store
   * @throws IllegalStateException in a frontend process of a node, which has none
   */
  public UserStore users() {
    if (users == null) {
      throw new IllegalStateException("a frontend process of a node has no user store");
    }
    return users;
  }

  /**
   * Returns the identity service the frontends use: the user store, or in a frontend process of
   * a node the engine daemon's.
   *
   * @return the identity service
   */
  public IdentityService identity() {
    return identity;
  }

  /**
   * Returns the backend every frontend of this gateway serves.
   *
   * @return the backend, decorated
   */
  public Dfs dfs() {
    return dfs;
  }

  /**
   * Computes the health report: the backend answers and every frontend is healthy.
   *
   * @return the report
   */
  public HealthReport health() {
    Map<String, String> c = new LinkedHashMap<>();
    if (stopping) {
      c.put("gateway", "DOWN: stopping");
    }
    if (identity instanceof RemoteIdentityService r && !r.connected()) {
      // The daemon's stream is down: asking the backend would wait out a whole call deadline.
      c.put("backend", "DOWN: the engine at " + config.backend().options().get("endpoint")
          + " does not answer");
    } else {
      try {
        dfs.listVolumes();
        c.put("backend", "UP");
      } catch (RuntimeException e) {
        c.put("backend", "DOWN: " + e.getMessage());
      }
    }
    synchronized (this) {
      if (engineServer != null) {
        c.put("engine", "UP: " + engineServer.openReferences() + " open references");
      }
    }
    Map<String, RunningFrontend> copy;
    synchronized (this) {
      copy = new LinkedHashMap<>(running);
    }
    copy.forEach((name, r) -> {
      boolean ok;
      try {
        ok = r.healthy();
      } catch (RuntimeException e) {
        ok = false;
      }
      c.put("frontend." + name, ok ? "UP" : "DOWN");
    });
    return new HealthReport(c);
  }

  /**
   * Stops gracefully: removes the run file, stops the frontends (each waiting at most {@code
   * drain} for requests in flight), stops the admin endpoint, syncs and closes the backend and
   * releases the data directory. Idempotent.
   *
   * @param drain the longest wait per frontend for requests in flight
   */
  public void stop(Duration drain) {
    synchronized (this) {
      if (stopping) {
        return;
      }
      stopping = true;
    }
    RunFile.delete(data);
    List<Map.Entry<String, RunningFrontend>> frontends;
    synchronized (this) {
      frontends = new ArrayList<>(running.entrySet());
    }
    // All frontends drain at the same time, so the whole stop is bounded by one drain period.
    List<Thread> stoppers = new ArrayList<>();
    for (var e : frontends) {
      stoppers.add(Thread.ofVirtual().name("stop-" + e.getKey()).start(() -> {
        try {
          e.getValue().stop(drain);
        } catch (RuntimeException ex) {
          log.warn("frontend stop failed frontend={} error={}", e.getKey(), ex.toString());
        }
      }));
    }
    for (Thread t : stoppers) {
      try {
        t.join(drain.plusSeconds(5));
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
      }
    }
    if (admin != null) {
      try {
        admin.close();
      } catch (RuntimeException ex) {
        log.warn("admin stop failed error={}", ex.toString());
      }
    }
    RemoteServer server;
    synchronized (this) {
      server = engineServer;
    }
    if (server != null) {
      // No new remote calls; clients see the socket go and wait for the next start.
      try {
        server.close();
      } catch (RuntimeException ex) {
        log.warn("engine server stop failed error={}", ex.toString());
      }
    }
    executor.shutdown();
    try {
      executor.awaitTermination(Math.max(1, drain.toMillis()), TimeUnit.MILLISECONDS);
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
    }
    executor.shutdownNow();
    if (identity instanceof RemoteIdentityService r) {
      r.close();
    }
    if (scheduler != null) {
      scheduler.shutdownNow();
    }
    try {
      dfs.sync();
    } catch (RuntimeException ex) {
      log.warn("backend sync failed error={}", ex.toString());
    }
    dfs.close();
    metrics.close();
    lock.close();
    log.info("stopped data={}", data.root());
    stopped.countDown();
  }

  /**
   * Waits until {@link #stop} has finished.
   *
   * @throws InterruptedException if interrupted while waiting
   */
  public void awaitStopped() throws InterruptedException {
    stopped.await();
  }

  @Override
  public void close() {
    stop(Duration.ofSeconds(10));
  }
}
