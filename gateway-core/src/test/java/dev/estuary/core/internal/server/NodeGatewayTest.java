package dev.estuary.core.internal.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.estuary.core.BackendConfig;
import dev.estuary.core.FrontendSelection;
import dev.estuary.core.GatewayConfig;
import dev.estuary.core.Permission;
import dev.estuary.core.Principal;
import dev.estuary.core.internal.GatewayException;
import dev.estuary.dfs.Ownership;
import dev.estuary.dfs.VolumeInfo;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Node mode in one JVM over a real unix socket: a {@link Gateway} as the engine daemon on the real
 * engine, and a {@link Gateway} whose backend is {@code remote} running the test-only line
 * frontend against it.
 */
class NodeGatewayTest {
  @TempDir Path tmp;

  private final HttpClient http = HttpClient.newHttpClient();
  private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
  private Gateway engine;
  private Gateway frontend;

  @AfterEach
  void stop() {
    if (frontend != null) {
      frontend.stop(Duration.ofSeconds(1));
    }
    if (engine != null) {
      engine.stop(Duration.ofSeconds(1));
    }
    http.close();
  }

  private Gateway.Environment env() {
    return new Gateway.Environment(Map.of(), Clock.systemUTC(), new SecureRandom(),
        getClass().getClassLoader(), new PrintStream(stdout, true, StandardCharsets.UTF_8));
  }

  private Path socket() {
    return tmp.resolve("data/run/engine.sock");
  }

  private Gateway startEngine() {
    return Gateway.start(new GatewayConfig(tmp.resolve("data"), "127.0.0.1", 0,
        new BackendConfig("engine", Map.of()), FrontendSelection.NONE, Map.of(), "warn"), env(),
        new Gateway.EngineListeners(socket(), null));
  }

  private Gateway startFrontend(String endpoint) {
    return Gateway.start(new GatewayConfig(tmp.resolve("state"), "127.0.0.1", 0,
        new BackendConfig("remote", Map.of("endpoint", endpoint, "deadline", "5s")),
        FrontendSelection.of(Set.of("line")), Map.of(), "warn"), env());
  }

  @Test
  void aFrontendProcessSeesTheDaemonsVolumesAndUsersAndTheirChanges() throws Exception {
    engine = startEngine();
    assertThat(engine.endpoints()).anySatisfy(e -> assertThat(e.line())
        .startsWith("engine").contains("unix:" + socket()));
    assertThat(Files.getPosixFilePermissions(socket())).extracting(Object::toString)
        .containsExactlyInAnyOrder("OWNER_READ", "OWNER_WRITE", "GROUP_READ", "GROUP_WRITE");
    engine.users().add("alice", "alice-password", OptionalInt.empty(), OptionalInt.empty(), false,
        null);
    engine.dfs().createVolume("photos", 0755, new Ownership(1000, 1000));

    frontend = startFrontend("unix:" + socket());
    assertThat(frontend.dfs().listVolumes()).extracting(VolumeInfo::name).contains("photos");
    assertThat(frontend.identity().authenticatePassword("alice", "alice-password")).isPresent();
    assertThat(frontend.identity().principal("bob")).isEmpty();

    // A change in the daemon's store (what the admin API does for `estuary user ...`) reaches
    // the frontend process's cached answers without a restart.
    engine.users().add("bob", "bob-password", OptionalInt.empty(), OptionalInt.empty(), false,
        null);
    engine.users().grant("alice", "photos", Permission.WRITE);
    await(() -> frontend.identity().principal("bob").isPresent(), "bob visible");
    await(() -> frontend.identity().principal("alice").map(Principal::volumes)
        .map(v -> v.get("photos") == Permission.WRITE).orElse(false), "alice's grant visible");

    // The frontend process administers nothing: no admin API, no run file, health from the daemon.
    assertThat(get(frontend.adminPort(), "/api/v1/status").statusCode()).isEqualTo(404);
    assertThat(tmp.resolve("state/run/admin.json")).doesNotExist();
    assertThat(get(frontend.adminPort(), "/health").body()).contains("\"backend\":\"UP\"");
    assertThat(get(engine.adminPort(), "/health").body()).contains("\"engine\":\"UP");
    assertThat(get(engine.adminPort(), "/metrics").body())
        .contains("estuary_engine_open_references")
        .contains("estuary_engine_service_requests_seconds_count{method=\"Principal\"");
  }

  @Test
  void theReservedAreasStayReachableOnlyThroughThePrivilegedPath() {
    engine = startEngine();
    engine.dfs().createVolume("bucket", 0755, new Ownership(0, 0));
    frontend = startFrontend("unix:" + socket());
    // The frontend process decorates the remote backend as the all-in-one server decorates the
    // engine: reserved names hidden here, reachable through ReservedNamesDfs.privileged.
    var v = frontend.dfs().volume("bucket");
    assertThatThrownBy(() -> v.mkdir(v.root(), dev.estuary.dfs.ReservedNames.S3_UPLOADS, 0755,
        new Ownership(0, 0))).isInstanceOf(dev.estuary.dfs.DfsException.class);
    var p = dev.estuary.dfs.decorate.ReservedNamesDfs.privileged(v);
    p.mkdir(p.root(), dev.estuary.dfs.ReservedNames.S3_UPLOADS, 0755, new Ownership(0, 0));
    assertThat(p.lookup(p.root(), dev.estuary.dfs.ReservedNames.S3_UPLOADS)).isNotNull();
  }

  @Test
  void badStartsAreOneClearErrorEach() {
    assertThatThrownBy(() -> startFrontend("unix:" + tmp.resolve("none.sock")))
        .isInstanceOf(GatewayException.class)
        .hasMessage("backend: unix:" + tmp.resolve("none.sock") + ": no such socket (expected:"
            + " the socket of a running `estuary engine`, by default <engine data>/run/engine.sock)");
    assertThatThrownBy(() -> startFrontend("unix"))
        .isInstanceOf(GatewayException.class).hasMessageContaining("'unix'")
        .hasMessageContaining("expected: unix:/path/to/socket or tcp://host:port");
    assertThatThrownBy(() -> Gateway.start(new GatewayConfig(tmp.resolve("d2"), "127.0.0.1", 0,
        new BackendConfig("remote", Map.of("endpoint", "unix:/x")), FrontendSelection.NONE,
        Map.of(), "warn"), env(), new Gateway.EngineListeners(tmp.resolve("s.sock"), null)))
        .isInstanceOf(GatewayException.class).hasMessageContaining("for the engine daemon");
    // Nothing was left holding a data directory: the engine starts on it at once.
    engine = startEngine();
    assertThat(engine.endpoints()).isNotEmpty();
  }

  private HttpResponse<String> get(int port, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static void await(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as(what).isLessThan(deadline);
      LockSupport.parkNanos(1_000_000);
    }
  }
}
