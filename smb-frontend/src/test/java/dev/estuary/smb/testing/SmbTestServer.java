package dev.estuary.smb.testing;

import dev.estuary.core.AccessChecker;
import dev.estuary.core.Authorizer;
import dev.estuary.core.Permission;
import dev.estuary.core.RequestMetrics;
import dev.estuary.core.User;
import dev.estuary.core.UserStore;
import dev.estuary.dfs.Dfs;
import dev.estuary.dfs.DfsProvider;
import dev.estuary.dfs.Ownership;
import dev.estuary.smb.internal.auth.NtlmServer;
import dev.estuary.smb.internal.codec.Bytes;
import dev.estuary.smb.internal.codec.CodecLimits;
import dev.estuary.smb.internal.ops.ServerServices;
import dev.estuary.smb.internal.server.SmbServer;
import dev.estuary.smb.internal.state.Oplocks;
import dev.estuary.smb.internal.state.SmbSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import org.jspecify.annotations.Nullable;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.Map;
import java.util.OptionalInt;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;

/**
 * The SMB server under test on 127.0.0.1 and a free port: the embedded engine in a temporary directory
 * with the volumes {@value #VOLUME} and {@value #SEALED} (the latter configured to require encryption),
 * a {@link UserStore} with {@value #USER} (write grant on both), {@value #READER} (read grant on
 * {@value #VOLUME}), {@value #NOBODY} (no grant), and the
 * real {@link Authorizer}/{@link AccessChecker}. Close it after use.
 */
public final class SmbTestServer implements AutoCloseable {
  /** A volume every test user with a grant may connect to. */
  public static final String VOLUME = "media";
  /** A volume whose share requires encryption. */
  public static final String SEALED = "vault";
  /** A user with a write grant on both volumes. */
  public static final String USER = "alice";
  /** A user with no grant. */
  public static final String NOBODY = "nobody";
  /** A user with a read grant on {@value #VOLUME}. */
  public static final String READER = "reader";
  /** The connection limit of the test server. */
  public static final int MAX_CONNECTIONS = 16;
  /** Every user's password. */
  public static final String PASSWORD = "Passw0rd-for-smb";

  private final Path dir;
  private final Dfs dfs;
  private final UserStore users;
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final ServerServices services;
  private final SmbServer server;

  /**
   * Starts it.
   *
   * @throws Exception if the backend or the listener cannot start
   */
  public SmbTestServer() throws Exception {
    this(null);
  }

  /**
   * Starts it with a given oplock table (tests that drive break timeouts and durable expiry through a
   * scheduler of their own).
   *
   * @param oplocks the oplock table, or null for the default (a timer thread, 35 s breaks)
   * @throws Exception if the backend or the listener cannot start
   */
  public SmbTestServer(@Nullable Oplocks oplocks) throws Exception {
    dir = Files.createTempDirectory("estuary-smb-test");
    Clock clock = Clock.fixed(Instant.parse("2026-06-01T12:00:00Z"), ZoneOffset.UTC);
    DfsProvider provider = ServiceLoader.load(DfsProvider.class).stream().map(ServiceLoader.Provider::get)
        .filter(p -> p.name().equals("engine")).findFirst()
        .orElseThrow(() -> new IllegalStateException("DfsProvider: none named 'engine' (expected: dfs-engine)"));
    dfs = provider.open(new DfsProvider.Context(dir.resolve("data"), clock, registry, Map.of()));
    users = UserStore.open(dir.resolve("users"), clock, new SecureRandom());
    User alice = users.add(USER, PASSWORD, OptionalInt.empty(), OptionalInt.empty(), false, null);
    users.add(NOBODY, PASSWORD, OptionalInt.empty(), OptionalInt.empty(), false, null);
    users.add(READER, PASSWORD, OptionalInt.empty(), OptionalInt.empty(), false, null);
    users.grant(READER, VOLUME, Permission.READ);
    users.grant(USER, VOLUME, Permission.WRITE);
    users.grant(USER, SEALED, Permission.WRITE);
    dfs.createVolume(VOLUME, 0755, new Ownership(alice.uid(), alice.gid()));
    dfs.createVolume(SEALED, 0755, new Ownership(alice.uid(), alice.gid()));
    SmbSettings settings = new SmbSettings(Bytes.hex("0123456789abcdef0123456789abcdef"),
        new NtlmServer.Names("ESTUARY", "WORKGROUP", "estuary.test", "test"), CodecLimits.DEFAULT, MAX_CONNECTIONS, 512, 4, 8, 16,
        Set.of(SEALED));
    services = oplocks == null
        ? ServerServices.of(users, new AccessChecker(new Authorizer()), dfs, clock, new SecureRandom(), settings)
        : ServerServices.of(users, new AccessChecker(new Authorizer()), dfs, clock, new SecureRandom(), settings,
            oplocks);
    server = SmbServer.start(services, new RequestMetrics(registry, "smb"), executor,
        InetAddress.getByName("127.0.0.1"), 0);
  }

  /** @return the port */
  public int port() {
    return server.address().getPort();
  }

  /** @return how many connections the server holds open */
  public int connectionCount() {
    return server.connectionCount();
  }

  /** @return the established sessions of every connection, as {@code estuary status} shows them */
  public java.util.List<dev.estuary.core.ClientSession> sessions() {
    return server.sessions(Duration.ofSeconds(30));
  }

  /** @return the server's services, for handler tests */
  public ServerServices services() {
    return services;
  }

  /** @return the meter registry */
  public SimpleMeterRegistry registry() {
    return registry;
  }

  /**
   * How many requests of {@code op} ended with {@code status}.
   *
   * @param op the command name
   * @param status e.g. {@code STATUS_SUCCESS}
   * @return the count
   */
  public double count(String op, String status) {
    var c = registry.find("estuary.smb.requests").tag("op", op).tag("status", status).counter();
    return c == null ? 0 : c.count();
  }

  @Override
  public void close() {
    server.stop(Duration.ofSeconds(2));
    executor.close();
    dfs.close();
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
