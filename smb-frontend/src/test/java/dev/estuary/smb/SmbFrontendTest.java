package dev.estuary.smb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hierynomus.mssmb2.SMB2Dialect;
import com.hierynomus.smbj.SMBClient;
import com.hierynomus.smbj.SmbConfig;
import com.hierynomus.smbj.auth.AuthenticationContext;
import com.hierynomus.smbj.connection.Connection;
import com.hierynomus.smbj.session.Session;
import com.hierynomus.smbj.share.Share;
import dev.estuary.core.Authorizer;
import dev.estuary.core.BackendConfig;
import dev.estuary.core.Endpoint;
import dev.estuary.core.Frontend;
import dev.estuary.core.FrontendContext;
import dev.estuary.core.FrontendSelection;
import dev.estuary.core.GatewayConfig;
import dev.estuary.core.Permission;
import dev.estuary.core.RunningFrontend;
import dev.estuary.core.User;
import dev.estuary.core.UserStore;
import dev.estuary.dfs.Dfs;
import dev.estuary.dfs.DfsProvider;
import dev.estuary.dfs.Ownership;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalInt;
import java.util.ServiceLoader;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registered {@code smb} frontend as the launcher starts it: found through ServiceLoader, configured
 * by its options, its ServerGuid kept across restarts, and a real client (smbj) served end to end.
 */
class SmbFrontendTest {
  private static final String PASSWORD = "Passw0rd-for-smb";

  @TempDir
  Path data;
  private Dfs dfs;
  private UserStore users;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

  @BeforeEach
  void backend() throws Exception {
    Clock clock = Clock.systemUTC();
    DfsProvider provider = ServiceLoader.load(DfsProvider.class).stream().map(ServiceLoader.Provider::get)
        .filter(p -> p.name().equals("engine")).findFirst().orElseThrow();
    dfs = provider.open(new DfsProvider.Context(data.resolve("engine"), clock, new SimpleMeterRegistry(), Map.of()));
    users = UserStore.open(data, clock, new SecureRandom());
    User alice = users.add("alice", PASSWORD, OptionalInt.empty(), OptionalInt.empty(), false, null);
    users.grant("alice", "media", Permission.WRITE);
    dfs.createVolume("media", 0755, new Ownership(alice.uid(), alice.gid()));
  }

  @AfterEach
  void close() {
    executor.close();
    dfs.close();
  }

  private static Frontend smb() {
    return ServiceLoader.load(Frontend.class).stream().map(ServiceLoader.Provider::get)
        .filter(f -> f.name().equals("smb")).findFirst()
        .orElseThrow(() -> new AssertionError("Frontend: none named 'smb' (expected: smb-frontend's"
            + " META-INF/services/dev.estuary.core.Frontend)"));
  }

  private RunningFrontend start(Map<String, String> options) throws Exception {
    GatewayConfig config = new GatewayConfig(data, "127.0.0.1", 0, new BackendConfig("engine", Map.of()),
        FrontendSelection.ALL, Map.of("smb", 0), "warn", options);
    return smb().start(new FrontendContext(dfs, config, users, new Authorizer(), new SimpleMeterRegistry(),
        Clock.systemUTC(), executor, InetAddress.getByName("127.0.0.1"), 0));
  }

  private static int port(RunningFrontend f) {
    Endpoint e = f.endpoints().get(0);
    assertThat(e.name()).isEqualTo("smb");
    return URI.create(e.url()).getPort();
  }

  private static SmbConfig client(SMB2Dialect dialect, boolean encrypt) {
    return SmbConfig.builder().withDialects(dialect).withSigningRequired(true).withEncryptData(encrypt)
        .withDfsEnabled(false).withMultiProtocolNegotiate(false).withTimeout(20, TimeUnit.SECONDS).build();
  }

  private static UUID serverGuid(int port) throws Exception {
    try (SMBClient c = new SMBClient(client(SMB2Dialect.SMB_3_1_1, false));
        Connection conn = c.connect("127.0.0.1", port)) {
      Session s = conn.authenticate(new AuthenticationContext("alice", PASSWORD.toCharArray(), "WORKGROUP"));
      try (Share share = s.connectShare("media")) {
        assertThat(share.getTreeConnect().getShareName()).isEqualToIgnoringCase("media");
      }
      return conn.getConnectionContext().getServerGuid();
    }
  }

  @Test
  void theFrontendIsRegisteredOnPort445WithItsOptions() {
    Frontend f = smb();
    assertThat(f.defaultPort()).isEqualTo(445);
    assertThat(f.options()).extracting(o -> o.name()).containsExactly("netbios-name", "workgroup",
        "encrypt-shares", "encryption-required", "signing-required", "max-connections", "max-sessions", "max-trees", "max-opens",
        "max-credits", "oplock-break-timeout-ms");
    f.options().forEach(o -> o.check("smb", o.defaultValue().equals("(none)") ? "media" : o.defaultValue()));
    assertThatThrownBy(() -> f.options().get(3).check("smb", "yes")).hasMessageContaining("true or false");
    assertThatThrownBy(() -> f.options().get(0).check("smb", "a-name-longer-than-15")).hasMessageContaining("1-15");
  }

  @Test
  void theServerGuidIsDrawnOnceAndKeptAcrossRestarts() throws Exception {
    RunningFrontend first = start(Map.of());
    UUID guid;
    try {
      guid = serverGuid(port(first));
    } finally {
      first.stop(Duration.ofSeconds(2));
    }
    Path file = data.resolve("smb").resolve("server-guid");
    assertThat(Files.readString(file).strip()).matches("[0-9a-f]{32}");
    RunningFrontend second = start(Map.of());
    try {
      assertThat(serverGuid(port(second))).isEqualTo(guid);
    } finally {
      second.stop(Duration.ofSeconds(2));
    }
  }

  @Test
  void aDamagedServerGuidFileStopsTheStartWithItsName() throws Exception {
    Path file = data.resolve("smb").resolve("server-guid");
    Files.createDirectories(file.getParent());
    Files.writeString(file, "not-a-guid\n");
    assertThatThrownBy(() -> start(Map.of())).hasMessageContaining(file.toString())
        .hasMessageContaining("expected: 32 hex digits");
  }

  @Test
  void withSigningNotRequiredSmbclientListsWithoutSigning() throws Exception {
    RunningFrontend f = start(Map.of("smb.signing-required", "false"));
    try {
      assertThat(f.endpoints().get(0).note()).doesNotContain("signing required");
      Path conf = data.resolve("smb.conf");
      Files.writeString(conf, "[global]\n");
      Process p = new ProcessBuilder("/usr/bin/smbclient", "-s", conf.toString(), "-p", Integer.toString(port(f)),
          "-L", "//127.0.0.1", "-U", "alice%" + PASSWORD, "-m", "SMB3_11", "--client-protection=off")
          .redirectErrorStream(true).start();
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
      String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      assertThat(out).containsPattern("(?m)^\\s+media\\s+Disk").containsPattern("(?m)^\\s+IPC\\$\\s+IPC");
    } finally {
      f.stop(Duration.ofSeconds(2));
    }
  }

  @Test
  void aPortItCannotBindIsNamedInTheError() throws Exception {
    try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      GatewayConfig config = new GatewayConfig(data, "127.0.0.1", 0, new BackendConfig("engine", Map.of()),
          FrontendSelection.ALL, Map.of("smb", taken.getLocalPort()), "warn", Map.of());
      assertThatThrownBy(() -> smb().start(new FrontendContext(dfs, config, users, new Authorizer(),
          new SimpleMeterRegistry(), Clock.systemUTC(), executor, InetAddress.getByName("127.0.0.1"),
          taken.getLocalPort()))).hasMessageContaining("smb port " + taken.getLocalPort())
          .hasMessageContaining("CAP_NET_BIND_SERVICE");
    }
  }

  @Test
  void encryptionRequiredRefusesAClientThatCannotEncryptAndServesOneThatDoes() throws Exception {
    RunningFrontend f = start(Map.of("smb.encryption-required", "true", "smb.max-connections", "8"));
    try {
      int port = port(f);
      assertThatThrownBy(() -> {
        try (SMBClient c = new SMBClient(client(SMB2Dialect.SMB_2_1, false));
            Connection conn = c.connect("127.0.0.1", port)) {
          conn.authenticate(new AuthenticationContext("alice", PASSWORD.toCharArray(), "WORKGROUP"));
        }
      }).hasMessageContaining("STATUS_ACCESS_DENIED");
      try (SMBClient c = new SMBClient(client(SMB2Dialect.SMB_3_1_1, true));
          Connection conn = c.connect("127.0.0.1", port)) {
        Session s = conn.authenticate(new AuthenticationContext("alice", PASSWORD.toCharArray(), "WORKGROUP"));
        try (Share share = s.connectShare("media")) {
          assertThat(share.getTreeConnect().getShareName()).isEqualToIgnoringCase("media");
        }
      }
    } finally {
      f.stop(Duration.ofSeconds(2));
    }
  }
}
