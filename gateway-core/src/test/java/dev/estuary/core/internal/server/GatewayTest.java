package dev.estuary.core.internal.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.estuary.core.BackendConfig;
import dev.estuary.core.Endpoint;
import dev.estuary.core.FrontendSelection;
import dev.estuary.core.GatewayConfig;
import dev.estuary.core.internal.GatewayException;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server runtime on the real engine and the test-only line frontend, on 127.0.0.1. */
class GatewayTest {
  @TempDir Path tmp;

  private final HttpClient http = HttpClient.newHttpClient();
  private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
  private Gateway gateway;

  @AfterEach
  void stop() {
    if (gateway != null) {
      gateway.stop(Duration.ofSeconds(1));
    }
    http.close();
  }

  private GatewayConfig config(FrontendSelection frontends) {
    return new GatewayConfig(tmp.resolve("data"), "127.0.0.1", 0,
        new BackendConfig("engine", Map.of()), frontends, Map.of(), "warn");
  }

  private Gateway start(FrontendSelection frontends, Map<String, String> env) {
    return Gateway.start(config(frontends), new Gateway.Environment(env, Clock.systemUTC(),
        new SecureRandom(), getClass().getClassLoader(),
        new PrintStream(stdout, true, StandardCharsets.UTF_8)));
  }

  private HttpResponse<String> get(String path, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + gateway.adminPort() + path));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String path, String token, String json) throws Exception {
    return http.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + gateway.adminPort() + path))
        .header("Authorization", "Bearer " + token)
        .POST(HttpRequest.BodyPublishers.ofString(json)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private String token() throws IOException {
    return new ObjectMapper().readTree(RunFile.path(gateway.dataDirectory()).toFile())
        .path("token").asText();
  }

  @Test
  void metricsHealthAndEndpoints() throws Exception {
    gateway = start(FrontendSelection.ALL, Map.of());
    assertThat(gateway.endpoints()).extracting(Endpoint::name).containsExactly("admin", "line");
    assertThat(gateway.endpoints().get(0).line())
        .isEqualTo("admin   http://127.0.0.1:" + gateway.adminPort() + " (/metrics, /health, /api/v1)");

    HttpResponse<String> metrics = get("/metrics", null);
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.headers().firstValue("content-type")).get().asString().startsWith("text/plain");
    assertThat(metrics.body()).contains("# TYPE jvm_memory_used_bytes gauge")
        .contains("process_uptime_seconds");
    assertThat(metrics.body()).contains("estuary_engine");

    HttpResponse<String> health = get("/health", null);
    assertThat(health.statusCode()).isEqualTo(200);
    JsonNode h = new ObjectMapper().readTree(health.body());
    assertThat(h.path("status").asText()).isEqualTo("UP");
    assertThat(h.path("components").path("backend").asText()).isEqualTo("UP");
    assertThat(h.path("components").path("frontend.line").asText()).isEqualTo("UP");
  }

  @Test
  void healthIs503WhenAFrontendIsDown() throws Exception {
    gateway = start(FrontendSelection.ALL, Map.of());
    assertThat(lineCommand("sick")).isEqualTo("ok");
    HttpResponse<String> health = get("/health", null);
    assertThat(health.statusCode()).isEqualTo(503);
    assertThat(health.body()).contains("\"status\":\"DOWN\"").contains("\"frontend.line\":\"DOWN\"");
  }

  @Test
  void statusListsTheFrontendsSessions_andLeavesOutAFrontendThatCannotSay() throws Exception {
    gateway = start(FrontendSelection.ALL, Map.of());
    assertThat(get("/api/v1/status", token()).body()).contains("\"sessions\":[]");
    assertThat(lineCommand("hold bob")).isEqualTo("ok");
    JsonNode status = new ObjectMapper().readTree(get("/api/v1/status", token()).body());
    JsonNode session = status.path("sessions").path(0);
    assertThat(session.path("frontend").asText()).isEqualTo("line");
    assertThat(session.path("user").asText()).isEqualTo("bob");
    assertThat(session.path("client").asText()).startsWith("127.0.0.1:");
    assertThat(session.path("protocol").asText()).isEqualTo("line/1");
    assertThat(session.path("openedAt").asText()).isNotEmpty();
    assertThat(session.path("opens").path(0).path("path").asText()).isEqualTo("held\\bob");
    assertThat(gateway.sessions()).singleElement().satisfies(v -> assertThat(v.user()).isEqualTo("bob"));

    // A frontend whose sessions cannot be read is left out; the status itself still answers.
    assertThat(lineCommand("brokensessions")).isEqualTo("ok");
    HttpResponse<String> broken = get("/api/v1/status", token());
    assertThat(broken.statusCode()).isEqualTo(200);
    assertThat(broken.body()).contains("\"sessions\":[]").contains("\"running\":true");
  }

  @Test
  void frontendGetsTheBackendAndUserStore() throws Exception {
    gateway = start(FrontendSelection.ALL,
        Map.of("ESTUARY_ADMIN_USER", "root", "ESTUARY_ADMIN_PASSWORD", "rootpassword"));
    assertThat(post("/api/v1/volumes", token(), "{\"name\":\"photos\",\"mode\":\"0755\"}")
        .statusCode()).isEqualTo(200);
    assertThat(lineCommand("volumes")).isEqualTo("photos");
    assertThat(lineCommand("auth root rootpassword")).isEqualTo("root uid=1000 admin=true");
    assertThat(lineCommand("auth root wrong")).isEqualTo("denied");
  }

  @Test
  void adminApiRejectsMissingAndBadTokens() throws Exception {
    gateway = start(FrontendSelection.NONE, Map.of());
    assertThat(get("/api/v1/volumes", null).statusCode()).isEqualTo(401);
    assertThat(get("/api/v1/volumes", "not-the-token").statusCode()).isEqualTo(401);
    HttpResponse<String> denied = post("/api/v1/volumes", "x", "{\"name\":\"photos\",\"mode\":\"0755\"}");
    assertThat(denied.statusCode()).isEqualTo(401);
    assertThat(denied.body()).contains("missing or bad bearer token");
    HttpResponse<String> ok = get("/api/v1/volumes", token());
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.body()).isEqualTo("[]");
  }

  @Test
  void adminApiChangesVolumesAndUsersAndReportsErrors() throws Exception {
    gateway = start(FrontendSelection.NONE, Map.of());
    String t = token();
    assertThat(post("/api/v1/volumes", t, "{\"name\":\"photos\",\"mode\":\"0750\"}").body())
        .contains("\"name\":\"photos\"");
    HttpResponse<String> dup = post("/api/v1/volumes", t, "{\"name\":\"photos\",\"mode\":\"0750\"}");
    assertThat(dup.statusCode()).isEqualTo(409);
    assertThat(dup.body()).contains("\"kind\":\"EXISTS\"");
    HttpResponse<String> bad = post("/api/v1/volumes", t, "{\"name\":\"Bad_Name\",\"mode\":\"0750\"}");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("volume name: 'Bad_Name'");
    HttpResponse<String> user = post("/api/v1/users", t, "{\"name\":\"alice\",\"admin\":false}");
    assertThat(user.statusCode()).isEqualTo(200);
    assertThat(new ObjectMapper().readTree(user.body()).path("generatedPassword").asText()).hasSize(24);
    assertThat(get("/api/v1/users", t).body()).contains("\"alice\"").contains("\"admin\"");
    assertThat(get("/api/v1/status", t).body()).contains("\"running\":true").contains("\"volumes\":1");
  }

  @Test
  void adminApiRefusesToDeleteAVolumeHoldingARetainedFile() throws Exception {
    gateway = start(FrontendSelection.NONE, Map.of());
    String t = token();
    assertThat(post("/api/v1/volumes", t, "{\"name\":\"vault\",\"mode\":\"0750\"}").statusCode())
        .isEqualTo(200);
    dev.estuary.dfs.Volume v = gateway.dfs().volume("vault");
    dev.estuary.dfs.Attributes f = v.create(v.root(), "backup", 0644, dev.estuary.dfs.Ownership.ROOT, true);
    v.setLegalHold(f.id(), true);

    HttpResponse<String> refused = http.send(HttpRequest.newBuilder(URI.create(
            "http://127.0.0.1:" + gateway.adminPort() + "/api/v1/volumes/vault?force=true"))
        .header("Authorization", "Bearer " + t).DELETE().build(), HttpResponse.BodyHandlers.ofString());

    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(409);
    assertThat(refused.body()).contains("\"kind\":\"RETAINED\"");
    assertThat(v.lookup(v.root(), "backup").id()).isEqualTo(f.id());
  }

  @Test
  void firstStartCreatesAdminOnceWithPrivateFiles() throws Exception {
    gateway = start(FrontendSelection.NONE, Map.of());
    Path creds = gateway.dataDirectory().adminCredentials();
    String printed = stdout.toString(StandardCharsets.UTF_8);
    assertThat(printed).contains("Created admin user 'admin'").contains("password=");
    assertThat(Files.readString(creds)).contains("user=admin").contains("s3_secret_key=");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(creds))).isEqualTo("rw-------");
    Path run = RunFile.path(gateway.dataDirectory());
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(run))).isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(
        gateway.dataDirectory().root()))).isEqualTo("rwx------");
    gateway.stop(Duration.ofSeconds(1));
    assertThat(run).doesNotExist();
    stdout.reset();
    gateway = start(FrontendSelection.NONE, Map.of());
    assertThat(stdout.toString(StandardCharsets.UTF_8)).doesNotContain("Created admin");
    assertThat(gateway.users().list()).hasSize(1);
  }

  @Test
  void usersAddedBeforeTheFirstStartDoNotPreventTheFirstAdmin() {
    dev.estuary.core.UserStore.open(tmp.resolve("data"), Clock.systemUTC(), new SecureRandom())
        .add("early", "early-password", java.util.OptionalInt.empty(),
            java.util.OptionalInt.empty(), false, null);
    gateway = start(FrontendSelection.NONE, Map.of());
    assertThat(gateway.users().list()).extracting(u -> u.name() + ":" + u.admin())
        .containsExactly("admin:true", "early:false");
  }

  @Test
  void adminFromEnvironmentPrintsNoSecret() {
    gateway = start(FrontendSelection.NONE, Map.of("ESTUARY_ADMIN_USER", "boss",
        "ESTUARY_ADMIN_PASSWORD", "boss-password", "ESTUARY_ADMIN_ACCESS_KEY", "BOSSACCESSKEY0001",
        "ESTUARY_ADMIN_SECRET_KEY", "boss-secret-key-000000"));
    String printed = stdout.toString(StandardCharsets.UTF_8);
    assertThat(printed).contains("'boss'").doesNotContain("boss-password")
        .doesNotContain("boss-secret-key");
    assertThat(gateway.dataDirectory().adminCredentials()).doesNotExist();
    assertThat(gateway.users().s3Identity("BOSSACCESSKEY0001")).isPresent();
  }

  @Test
  void halfGivenAdminKeysAreRefused() {
    assertThatThrownBy(() -> start(FrontendSelection.NONE,
        Map.of("ESTUARY_ADMIN_ACCESS_KEY", "BOSSACCESSKEY0001")))
        .isInstanceOf(GatewayException.class)
        .hasMessage("ESTUARY_ADMIN_ACCESS_KEY is set but ESTUARY_ADMIN_SECRET_KEY is not"
            + " (expected: both or neither)");
  }

  @Test
  void secondServerOnTheSameDataIsRefusedAndStopReleases() {
    gateway = start(FrontendSelection.NONE, Map.of());
    assertThatThrownBy(() -> start(FrontendSelection.NONE, Map.of()))
        .isInstanceOf(GatewayException.class).hasMessageContaining("is in use");
    gateway.stop(Duration.ofSeconds(1));
    gateway = start(FrontendSelection.NONE, Map.of());
    assertThat(gateway.health().up()).isTrue();
  }

  @Test
  void unknownBackendAndUnavailableFrontendAreNamed() {
    GatewayConfig c = new GatewayConfig(tmp.resolve("d2"), "127.0.0.1", 0,
        new BackendConfig("daos", Map.of()), FrontendSelection.NONE, Map.of(), "warn");
    Gateway.Environment env = new Gateway.Environment(Map.of(), Clock.systemUTC(),
        new SecureRandom(), getClass().getClassLoader(), new PrintStream(stdout));
    assertThatThrownBy(() -> Gateway.start(c, env))
        // remote comes with gateway-core itself (node mode), the engine from the test class path.
        .hasMessage("backend: 'daos' is not available in this build (available: engine, remote)");
    assertThatThrownBy(() -> Gateway.start(config(FrontendSelection.of(java.util.Set.of("s3"))), env))
        .hasMessage("frontends: 's3' is not available in this build (available: line)");
  }

  @Test
  void frontendOptionsAreCheckedAgainstTheDeclarations() throws Exception {
    Gateway.Environment env = new Gateway.Environment(Map.of(), Clock.systemUTC(),
        new SecureRandom(), getClass().getClassLoader(), new PrintStream(stdout));
    GatewayConfig base = config(FrontendSelection.ALL);
    java.util.function.Function<Map<String, String>, GatewayConfig> with = o -> new GatewayConfig(
        base.dataDirectory(), base.bindAddress(), base.adminPort(), base.backend(),
        base.frontends(), base.frontendPorts(), base.logLevel(), o);
    assertThatThrownBy(() -> Gateway.start(with.apply(Map.of("line.colour", "blue")), env))
        .isInstanceOf(GatewayException.class)
        .hasMessage("frontends.options: unknown option 'line.colour' (expected: one of line.motd)");
    assertThatThrownBy(() -> Gateway.start(with.apply(Map.of("line.motd", "Hello!")), env))
        .hasMessage("frontends.options: line.motd: 'Hello!' (expected: 1-40 lower-case letters"
            + " and spaces)");
    // Options of a frontend this build lacks are another process's business.
    gateway = Gateway.start(with.apply(Map.of("line.motd", "good day", "nfs.anything", "x")), env);
    assertThat(lineCommand("motd")).isEqualTo("good day");
  }

  @Test
  void adminPortInUseIsNamed() throws Exception {
    try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1,
        java.net.InetAddress.getByName("127.0.0.1"))) {
      GatewayConfig c = new GatewayConfig(tmp.resolve("d3"), "127.0.0.1", taken.getLocalPort(),
          new BackendConfig("engine", Map.of()), FrontendSelection.NONE, Map.of(), "warn");
      assertThatThrownBy(() -> Gateway.start(c, new Gateway.Environment(Map.of(),
          Clock.systemUTC(), new SecureRandom(), getClass().getClassLoader(),
          new PrintStream(stdout))))
          .isInstanceOf(GatewayException.class)
          .hasMessageContaining("admin: cannot listen on 127.0.0.1:" + taken.getLocalPort());
      // The failed start released the data directory.
      gateway = Gateway.start(new GatewayConfig(tmp.resolve("d3"), "127.0.0.1", 0,
          new BackendConfig("engine", Map.of()), FrontendSelection.NONE, Map.of(), "warn"),
          new Gateway.Environment(Map.of(), Clock.systemUTC(), new SecureRandom(),
              getClass().getClassLoader(), new PrintStream(stdout)));
    }
  }

  private String lineCommand(String command) throws IOException {
    String url = gateway.endpoints().get(1).url();
    int port = Integer.parseInt(url.substring(url.lastIndexOf(':') + 1));
    try (Socket s = new Socket("127.0.0.1", port);
        PrintWriter out = new PrintWriter(s.getOutputStream(), true, StandardCharsets.UTF_8);
        BufferedReader in = new BufferedReader(
            new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8))) {
      out.println(command);
      return in.readLine();
    }
  }
}
