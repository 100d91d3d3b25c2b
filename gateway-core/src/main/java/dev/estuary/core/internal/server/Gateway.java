package dev.estuary.core.internal.server;

import static java.util.Objects.requireNonNull;

import dev.estuary.core.Authorizer;
import dev.estuary.core.ClientSession;
import dev.estuary.core.Endpoint;
import dev.estuary.core.Frontend;
import dev.estuary.core.FrontendContext;
import dev.estuary.core.GatewayConfig;
import dev.estuary.core.RunningFrontend;
import dev.estuary.core.ServerTls;
import dev.estuary.core.UserStore;
import dev.estuary.core.internal.GatewayException;
import dev.estuary.core.internal.admin.AdminViews;
import dev.estuary.core.internal.admin.LocalAdmin;
import dev.estuary.core.internal.identity.AdminBootstrap;
import dev.estuary.core.internal.identity.Randoms;
import dev.estuary.dfs.Dfs;
import dev.estuary.dfs.DfsProvider;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running all-in-one gateway ({@code estuary serve}, DESIGN §6.1): owns the data directory,
 * opens the backend, runs the admin endpoint and the enabled frontends, and stops them gracefully.
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

  private final GatewayConfig config;
  private final DataDirectory data;
  private final DataDirectory.Lock lock;
  private final UserStore users;
  private final Metrics metrics;
  private final Dfs dfs;
  private final ExecutorService executor;
  private final Map<String, RunningFrontend> running = new LinkedHashMap<>();
  private final List<Endpoint> endpoints = new ArrayList<>();
  private final CountDownLatch stopped = new CountDownLatch(1);
  private @Nullable AdminHttpServer admin;
  private volatile boolean stopping;

  private Gateway(GatewayConfig config, DataDirectory data, DataDirectory.Lock lock,
      UserStore users, Metrics metrics, Dfs dfs, ExecutorService executor) {
    this.config = config;
    this.data = data;
    this.lock = lock;
    this.users = users;
    this.metrics = metrics;
    this.dfs = dfs;
    this.executor = executor;
  }

  /**
   * Starts a gateway. On failure everything already started is stopped again.
   *
   * @param config the configuration
   * @param env the process environment
   * @return the running gateway
   * @throws GatewayException naming what cannot be used and what was expected
   */
  public static Gateway start(GatewayConfig config, Environment env) {
    Logging.apply(config.logLevel());
    InetAddress bind = bindAddress(config.bindAddress());
    DataDirectory data = DataDirectory.prepare(config.dataDirectory());
    DataDirectory.Lock lock = data.lock();
    Metrics metrics = null;
    Dfs dfs = null;
    try {
      UserStore users = UserStore.open(data.root(), env.clock(), env.random());
      AdminBootstrap.ensureAdmin(users, env.env(), data.adminCredentials(), env.random(), env.out());
      Map<String, Frontend> available = Frontends.available(env.loader());
      List<Frontend> selected = Frontends.select(config.frontends(), available);
      Frontends.checkOptions(available, config.frontendOptions());
      DfsProvider provider = Backends.provider(config.backend(), env.loader());
      metrics = new Metrics();
      dfs = BackendOpening.open(provider, data, config.backend(), env.clock(), metrics.registry());
      Gateway g = new Gateway(config, data, lock, users, metrics, dfs,
          Executors.newVirtualThreadPerTaskExecutor());
      g.startServices(bind, selected, env);
      return g;
    } catch (RuntimeException e) {
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

  private void startServices(InetAddress bind, List<Frontend> selected, Environment env) {
    try {
      String token = Randoms.base62(env.random(), 43);
      LocalAdmin ops = new LocalAdmin(data.root().toString(), config.backend().name(), () -> dfs,
          false, users, env.random(), this::endpointLines, this::sessions);
      ServerTls tls = adminTls(bind, env);
      admin = new AdminHttpServer(bind, config.adminPort(), metrics.registry(), this::health, ops,
          token, tls);
      String host = bind.getHostAddress();
      String hostUrl = host.contains(":") ? "[" + host + "]" : host;
      synchronized (this) {
        endpoints.add(new Endpoint("admin",
            (tls == null ? "http://" : "https://") + hostUrl + ":" + admin.port(),
            "/metrics, /health, /api/v1" + (tls == null ? "" : "; " + tls.describe())));
      }
      Authorizer authorizer = new Authorizer();
      for (Frontend f : selected) {
        FrontendContext ctx = new FrontendContext(dfs, config, users, authorizer,
            metrics.registry(), env.clock(), executor, bind, config.portOf(f));
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
      new RunFile(host, admin.port(), token, ProcessHandle.current().pid(),
          tls == null ? "" : tls.fingerprint()).write(data);
    } catch (IOException e) {
      stop(Duration.ZERO);
      throw new GatewayException(RunFile.path(data) + ": cannot write (" + e.getMessage() + ")", e);
    } catch (RuntimeException e) {
      stop(Duration.ZERO);
      throw e;
    }
    log.info("started data={} backend={} frontends={}", data.root(), config.backend().name(),
        running.keySet());
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
   */
  public UserStore users() {
    return users;
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
    try {
      dfs.listVolumes();
      c.put("backend", "UP");
    } catch (RuntimeException e) {
      c.put("backend", "DOWN: " + e.getMessage());
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
    executor.shutdown();
    try {
      executor.awaitTermination(Math.max(1, drain.toMillis()), TimeUnit.MILLISECONDS);
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
    }
    executor.shutdownNow();
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
