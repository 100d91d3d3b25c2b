package dev.estuary.s3.testing;

import dev.estuary.core.Authorizer;
import dev.estuary.core.BackendConfig;
import dev.estuary.core.Endpoint;
import dev.estuary.core.Frontend;
import dev.estuary.core.FrontendContext;
import dev.estuary.core.FrontendSelection;
import dev.estuary.core.GatewayConfig;
import dev.estuary.core.Permission;
import dev.estuary.core.RunningFrontend;
import dev.estuary.core.S3Credentials;
import dev.estuary.core.Secret;
import dev.estuary.core.User;
import dev.estuary.core.UserStore;
import dev.estuary.dfs.Dfs;
import dev.estuary.dfs.DfsProvider;
import dev.estuary.dfs.Ownership;
import dev.estuary.dfs.decorate.StandardDecorators;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.ServiceLoader;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The S3 frontend under test, started the way the gateway starts it: the embedded engine found by
 * {@link ServiceLoader} (name {@code engine}) in a temporary data directory, a {@link UserStore}
 * with known users, an {@link Authorizer}, a {@link SimpleMeterRegistry}, a {@link MutableClock},
 * a virtual-thread executor, and the {@link Frontend} named {@code s3} on 127.0.0.1 port 0.
 *
 * <p>Use it as a per-class JUnit 5 extension ({@code @RegisterExtension static final S3TestServer
 * S3 = new S3TestServer();}) or, outside JUnit, with {@link #start()} and {@link #close()}.
 *
 * <p>When the system property {@value #ENDPOINT_PROPERTY} names an endpoint, no server is started
 * and the tests run against that endpoint instead (for example s3proxy with its filesystem
 * backend, to check that the tests themselves are right); the keys then come from {@value
 * #ACCESS_KEY_PROPERTY} and {@value #SECRET_KEY_PROPERTY}, and {@value #FS_ROOT_PROPERTY} may name
 * the backend's base directory for {@link #volumes()}. For example, with s3proxy 4.1.0 run by hand
 * ({@code java -jar s3proxy-4.1.0-jar-with-dependencies.jar --properties s3proxy.conf}, filesystem
 * backend, identity and credential set to {@link #WRITER}'s keys):
 *
 * <pre>{@code
 * mvn -pl s3-frontend -am test -Dtest='dev.estuary.s3.sdk.**' -Dsurefire.failIfNoSpecifiedTests=false \
 *   -Destuary.s3.endpoint=http://127.0.0.1:PORT -Destuary.s3.accessKey=ESTUARYWRITER0000001 \
 *   -Destuary.s3.secretKey=writer-secret/Key+0123456789abcdefghij -Destuary.s3.fsroot=/path/to/basedir
 * }</pre>
 *
 * <p>Tests that need our server's own features (the read-only and grant-less users, the clock,
 * the meter registry) fail against such an endpoint; that is expected.
 */
public final class S3TestServer implements BeforeAllCallback, AfterAllCallback, AutoCloseable {
  /** System property naming an external endpoint to test instead of our server. */
  public static final String ENDPOINT_PROPERTY = "estuary.s3.endpoint";
  /** System property with the external endpoint's access key id. */
  public static final String ACCESS_KEY_PROPERTY = "estuary.s3.accessKey";
  /** System property with the external endpoint's secret key. */
  public static final String SECRET_KEY_PROPERTY = "estuary.s3.secretKey";
  /** System property with the external filesystem backend's base directory. */
  public static final String FS_ROOT_PROPERTY = "estuary.s3.fsroot";
  /** The region every client signs for. */
  public static final String REGION = "us-east-1";

  /** Full access: an administrator with an admin grant on every volume. */
  public static final AwsBasicCredentials WRITER =
      AwsBasicCredentials.create("ESTUARYWRITER0000001", "writer-secret/Key+0123456789abcdefghij");
  /** Read-only grant on every volume. */
  public static final AwsBasicCredentials READER =
      AwsBasicCredentials.create("ESTUARYREADER0000001", "reader-secret/Key+0123456789abcdefghij");
  /** A valid user with no grant at all. */
  public static final AwsBasicCredentials NOBODY =
      AwsBasicCredentials.create("ESTUARYNOBODY0000001", "nobody-secret/Key+0123456789abcdefghij");

  private static final AtomicInteger BUCKETS = new AtomicInteger();

  private final MutableClock clock = new MutableClock();
  private final List<AutoCloseable> clients = new ArrayList<>();
  private final ErrorBodies errors = new ErrorBodies();
  private boolean external;
  private URI endpoint;
  private AwsBasicCredentials writer = WRITER;
  private Path dataDirectory;
  private SimpleMeterRegistry registry;
  private Dfs dfs;
  private UserStore users;
  private ExecutorService executor;
  private RunningFrontend running;
  private VolumeView volumes;
  private S3Client client;
  private S3AsyncClient asyncClient;

  private final java.util.function.UnaryOperator<Dfs> decorate;
  /** Further s3 frontend options, by name without {@code s3.}. */
  private final Map<String, String> options = new java.util.TreeMap<>();

  /** Creates the fixture; nothing runs until {@link #start()} or the extension callback. */
  public S3TestServer() {
    this(d -> d);
  }

  /**
   * Creates a fixture whose frontend sees the backend through a decorator (e.g. one that pauses
   * an operation, to order concurrent requests); {@link #dfs()} and {@link #volumes()} still see
   * the backend itself.
   *
   * @param decorate wraps the backend under the standard decorators (BackendOpening's order)
   */
  public S3TestServer(java.util.function.UnaryOperator<Dfs> decorate) {
    this(decorate, Map.of());
  }

  /**
   * Creates a fixture with further s3 frontend options, e.g. {@code tls=on}.
   *
   * @param options option name (without {@code s3.}) to value
   */
  public S3TestServer(Map<String, String> options) {
    this(d -> d, options);
  }

  private S3TestServer(java.util.function.UnaryOperator<Dfs> decorate,
      Map<String, String> options) {
    this.decorate = decorate;
    this.options.putAll(options);
  }

  /**
   * Sets an s3 frontend option for the server this fixture starts (before it starts), e.g. {@code
   * sse-c-over-http}.
   *
   * @param key the option name, without {@code s3.}
   * @param value its value
   * @return this fixture
   */
  public S3TestServer option(String key, String value) {
    options.put(key, value);
    return this;
  }

  /**
   * Returns the data directory of the server this fixture started.
   *
   * @return the directory, empty against an external endpoint
   */
  public Optional<Path> dataDirectory() {
    return Optional.ofNullable(dataDirectory);
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    start();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }

  /**
   * Starts the server (or attaches to the external endpoint).
   *
   * @return this
   * @throws Exception if the backend or the frontend cannot start
   */
  public synchronized S3TestServer start() throws Exception {
    if (endpoint != null) {
      return this;
    }
    String ext = System.getProperty(ENDPOINT_PROPERTY, "");
    if (!ext.isBlank()) {
      external = true;
      endpoint = URI.create(ext);
      writer = AwsBasicCredentials.create(
          require(ACCESS_KEY_PROPERTY), require(SECRET_KEY_PROPERTY));
      String root = System.getProperty(FS_ROOT_PROPERTY, "");
      volumes = root.isBlank() ? null : new DirectoryVolumeView(Path.of(root));
      return this;
    }
    dataDirectory = Files.createTempDirectory("estuary-s3-test");
    registry = new SimpleMeterRegistry();
    DfsProvider provider = ServiceLoader.load(DfsProvider.class).stream()
        .map(ServiceLoader.Provider::get)
        .filter(p -> p.name().equals("engine"))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException(
            "DfsProvider: none named 'engine' on the test class path (expected: dfs-engine)"));
    // Decorated as the launcher decorates it (BackendOpening): reserved names, metrics.
    // A test's own wrapper goes under the standard decorators, as a real backend would: the
    // reserved-names decorator stays outermost, so the S3 multipart code's privileged path finds it.
    dfs = StandardDecorators.apply(decorate.apply(
        provider.open(new DfsProvider.Context(dataDirectory, clock, registry, Map.of()))), registry);
    users = UserStore.open(dataDirectory, clock, new SecureRandom());
    User w = addUser(users, "writer", true, WRITER);
    users.grant("writer", Authorizer.ALL_VOLUMES, Permission.ADMIN);
    addUser(users, "reader", false, READER);
    users.grant("reader", Authorizer.ALL_VOLUMES, Permission.READ);
    addUser(users, "nobody", false, NOBODY);
    Frontend frontend = ServiceLoader.load(Frontend.class).stream()
        .map(ServiceLoader.Provider::get)
        .filter(f -> f.name().equals("s3"))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException(
            "Frontend: none named 's3' on the class path (expected: the s3-frontend's"
                + " META-INF/services/dev.estuary.core.Frontend)"));
    GatewayConfig config = new GatewayConfig(dataDirectory, "127.0.0.1", 0,
        new BackendConfig("engine", Map.of()), FrontendSelection.ALL, Map.of("s3", 0), "warn",
        s3Options());
    executor = Executors.newVirtualThreadPerTaskExecutor();
    InetAddress loopback = InetAddress.getByName("127.0.0.1");
    running = frontend.start(new FrontendContext(dfs, config, users, new Authorizer(), registry,
        clock, executor, loopback, 0));
    Endpoint e = running.endpoints().stream()
        .filter(x -> x.url().startsWith("http"))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException(
            "s3 frontend endpoints: " + running.endpoints() + " (expected: an http URL)"));
    endpoint = URI.create(e.url().endsWith("/") ? e.url().substring(0, e.url().length() - 1)
        : e.url());
    volumes = new DfsVolumeView(dfs, new Ownership(w.uid(), w.gid()));
    return this;
  }

  private Map<String, String> s3Options() {
    Map<String, String> all = new java.util.TreeMap<>(
        Map.of("s3.region", REGION, "s3.domain", S3Clients.VIRTUAL_HOST_DOMAIN,
            // Lifecycle runs only when a test asks (lifecycle().runOnce()), never on a timer.
            "s3.lifecycle-interval", "0"));
    options.forEach((k, v) -> all.put("s3." + k, v));
    return all;
  }

  private static User addUser(UserStore users, String name, boolean admin,
      AwsBasicCredentials keys) {
    return users.add(name, name + "-password", OptionalInt.empty(), OptionalInt.empty(), admin,
        new S3Credentials(keys.accessKeyId(), new Secret(keys.secretAccessKey())));
  }

  private static String require(String property) {
    String v = System.getProperty(property, "");
    if (v.isBlank()) {
      throw new IllegalStateException(
          "system property " + property + ": unset (expected: set with " + ENDPOINT_PROPERTY + ")");
    }
    return v;
  }

  /**
   * Returns whether the tests run against an external endpoint rather than our server.
   *
   * @return true for an external reference server
   */
  public boolean external() {
    return external;
  }

  /**
   * Returns the endpoint, e.g. {@code http://127.0.0.1:41234}, without a trailing slash.
   *
   * @return the endpoint
   */
  public URI endpoint() {
    return endpoint;
  }

  /**
   * Returns the port the server listens on.
   *
   * @return the port
   */
  public int port() {
    return endpoint.getPort();
  }

  /**
   * Returns the full-access user's keys.
   *
   * @return the keys
   */
  public AwsBasicCredentials credentials() {
    return writer;
  }

  /**
   * Returns the server's clock, which tests may move forward (ignored by an external server).
   *
   * @return the clock
   */
  public MutableClock clock() {
    return clock;
  }

  /**
   * Adds a user without any grant (tests give it grants, rights, or name it in policies and ACLs).
   *
   * @param name the user name, lower-case letters and digits
   * @return its S3 keys
   * @throws IllegalStateException against an external endpoint
   */
  public AwsBasicCredentials addUser(String name) {
    if (users == null) {
      throw new IllegalStateException("users: none for external endpoint " + endpoint
          + " (expected: our own server)");
    }
    String id = ("ESTUARY" + name.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "")
        + "0000000000000000000000").substring(0, 20);
    AwsBasicCredentials keys = AwsBasicCredentials.create(id,
        name + "-secret/Key+0123456789abcdefghij");
    addUser(users, name, false, keys);
    return keys;
  }

  /**
   * Returns the user store of our server, where tests add users with their own grants.
   *
   * @return the store; empty for an external endpoint
   */
  public Optional<UserStore> users() {
    return Optional.ofNullable(users);
  }

  /**
   * Returns the backend the server stores into, to check the namespace directly.
   *
   * @return the Dfs, empty against an external endpoint
   */
  public Optional<Dfs> dfs() {
    return Optional.ofNullable(dfs);
  }

  /**
   * Returns the frontend's lifecycle task, to run it now ({@link
   * dev.estuary.s3.internal.ops.LifecycleRunner#runOnce()}) after moving {@link #clock()}.
   *
   * @return the task
   * @throws IllegalStateException against an external endpoint
   */
  public dev.estuary.s3.internal.ops.LifecycleRunner lifecycle() {
    if (!(running instanceof dev.estuary.s3.S3Frontend.Running r)) {
      throw new IllegalStateException("no lifecycle task: the tests run against " + endpoint);
    }
    return r.lifecycle();
  }

  /**
   * Returns the meter registry the server (and the engine) register in.
   *
   * @return the registry, empty against an external endpoint
   */
  public Optional<io.micrometer.core.instrument.MeterRegistry> meters() {
    return Optional.ofNullable(registry);
  }

  /**
   * Returns the direct view of bucket storage.
   *
   * @return the view
   * @throws IllegalStateException against an external endpoint without {@value #FS_ROOT_PROPERTY}
   */
  public VolumeView volumes() {
    if (volumes == null) {
      throw new IllegalStateException("volume view: none for external endpoint " + endpoint
          + " (expected: system property " + FS_ROOT_PROPERTY + ")");
    }
    return volumes;
  }

  /**
   * Returns a shared synchronous path-style client for the full-access user.
   *
   * @return the client, closed with this fixture
   */
  public synchronized S3Client client() {
    if (client == null) {
      client = track(S3Clients.sync(endpoint, writer, errors));
    }
    return client;
  }

  /**
   * Returns a shared asynchronous (Netty) path-style client for the full-access user.
   *
   * @return the client, closed with this fixture
   */
  public synchronized S3AsyncClient asyncClient() {
    if (asyncClient == null) {
      asyncClient = track(S3Clients.async(endpoint, writer));
    }
    return asyncClient;
  }

  /**
   * Returns a new synchronous client for other keys, closed with this fixture.
   *
   * @param keys the keys to sign with
   * @return the client
   */
  public synchronized S3Client clientFor(AwsBasicCredentials keys) {
    return track(S3Clients.sync(endpoint, keys, errors));
  }

  /**
   * Parses the XML error document behind an exception a synchronous fixture client threw.
   *
   * @param e the exception
   * @return the document's Code, Message and RequestId
   */
  public ErrorXml error(software.amazon.awssdk.services.s3.model.S3Exception e) {
    return errors.of(e);
  }

  /**
   * Returns a raw HTTP client signing with the given keys.
   *
   * @param keys the keys
   * @return the client
   */
  public RawS3 raw(AwsBasicCredentials keys) {
    return new RawS3(endpoint, keys);
  }

  /**
   * Returns a raw HTTP client signing with the full-access keys.
   *
   * @return the client
   */
  public RawS3 raw() {
    return raw(writer);
  }

  private <T extends AutoCloseable> T track(T c) {
    clients.add(c);
    return c;
  }

  /**
   * Returns a bucket name no other test uses.
   *
   * @param purpose a short lower-case word for the reader of logs
   * @return a valid, unused bucket name
   */
  public String newBucketName(String purpose) {
    String n = purpose.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
    String suffix = Long.toString(ProcessHandle.current().pid(), 36) + "-"
        + BUCKETS.incrementAndGet() + "-" + Long.toString(System.nanoTime() & 0xffffff, 36);
    String name = "t-" + n;
    if (name.length() + 1 + suffix.length() > 63) {
      name = name.substring(0, 62 - suffix.length());
    }
    return name + "-" + suffix;
  }

  /**
   * Creates a new, empty bucket through S3.
   *
   * @param purpose a short lower-case word
   * @return its name
   */
  public String createBucket(String purpose) {
    String name = newBucketName(purpose);
    client().createBucket(b -> b.bucket(name));
    return name;
  }

  /** Stops the server and removes its data; idempotent. */
  @Override
  public synchronized void close() {
    for (AutoCloseable c : clients) {
      try {
        c.close();
      } catch (Exception e) {
        // Closing a client cannot fail a test that already ran.
      }
    }
    clients.clear();
    client = null;
    asyncClient = null;
    if (running != null) {
      running.stop(Duration.ofSeconds(2));
      running = null;
    }
    if (executor != null) {
      executor.shutdownNow();
      executor = null;
    }
    if (dfs != null) {
      dfs.close();
      dfs = null;
    }
    if (dataDirectory != null) {
      deleteTree(dataDirectory);
      dataDirectory = null;
    }
    endpoint = null;
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove test data " + root, e);
    }
  }
}
