package dev.estuary.core.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.core.BackendConfig;
import dev.estuary.core.FrontendSelection;
import dev.estuary.core.GatewayConfig;
import dev.estuary.core.ServerTls;
import dev.estuary.core.VolumeDefaults;
import dev.estuary.core.internal.server.Gateway;
import dev.estuary.dfs.Attributes;
import dev.estuary.dfs.Dfs;
import dev.estuary.dfs.DfsProvider;
import dev.estuary.dfs.Volume;
import dev.estuary.dfs.VolumeInfo;
import dev.estuary.dfs.engine.EngineProvider;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** State-changing commands on a stopped data directory and through a running server's admin API. */
class CliCommandsTest {
  @TempDir Path tmp;

  private CliRunner.Result ok(String stdin, String... args) {
    CliRunner.Result r = CliRunner.run(Map.of(), stdin, args);
    assertThat(r.status()).as("%s -> %s", String.join(" ", args), r.err()).isZero();
    assertThat(r.err()).isEmpty();
    return r;
  }

  private String[] with(String... args) {
    String[] all = new String[args.length + 2];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--data";
    all[args.length + 1] = tmp.resolve("data").toString();
    return all;
  }

  @Test
  void volumeCreateStoresTheVolumeDefaults() {
    ok("alice-password\n", with("user", "add", "alice", "--uid", "1500", "--password-stdin"));
    ok("", with("volume", "create", "plain"));
    ok("", with("volume", "create", "team", "--owner", "alice"));
    ok("", with("volume", "create", "lab", "--owner", "alice", "--file-mode", "0640",
        "--dir-mode", "02750", "--gid", "4242"));
    CliRunner.Result bad = CliRunner.run(with("volume", "create", "bad", "--file-mode", "0755x"));
    assertThat(bad.status()).isEqualTo(1);
    assertThat(bad.err()).contains("file mode: '0755x' (expected: octal digits, e.g. 0664)");
    CliRunner.Result exec = CliRunner.run(with("volume", "create", "bad", "--file-mode", "04755"));
    assertThat(exec.status()).isEqualTo(1);
    assertThat(exec.err()).contains("fileMode: 04755 (expected: permission bits within 0777)");
    try (Dfs dfs = new EngineProvider().open(new DfsProvider.Context(tmp.resolve("data"),
        Clock.systemUTC(), new SimpleMeterRegistry(), Map.of()))) {
      assertThat(dfs.listVolumes()).extracting(VolumeInfo::name).containsExactly("lab", "plain", "team");
      check(dfs.volume("plain"), new VolumeDefaults(0664, 0775, 0), 0);
      check(dfs.volume("team"), new VolumeDefaults(0664, 0775, 1500), 1500);
      check(dfs.volume("lab"), new VolumeDefaults(0640, 02750, 4242), 1500);
    }
  }

  private static void check(Volume v, VolumeDefaults expected, int rootUid) {
    assertThat(VolumeDefaults.read(v)).isEqualTo(expected);
    Attributes root = v.getAttributes(v.root());
    assertThat(root.mode()).isEqualTo(expected.dirMode());
    assertThat(root.uid()).isEqualTo(rootUid);
    assertThat(root.gid()).isEqualTo(expected.gid());
  }

  @Test
  void stoppedDataDirectory() {
    CliRunner.Result added = ok("alice-password\n", with("user", "add", "alice", "--password-stdin"));
    assertThat(added.out()).contains("added user alice uid=1000 gid=1000")
        .contains("s3 access key  ES").doesNotContain("alice-password");
    CliRunner.Result random = ok("", with("user", "add", "bob", "--uid", "2000", "--admin"));
    assertThat(ok("", with("user", "add", "dave", "--no-create-buckets")).out())
        .contains("added user dave").contains("no-create-buckets");
    assertThat(random.out()).contains("uid=2000").contains("admin").containsPattern(
        "password +[0-9A-Za-z]{24} +\\(shown only now\\)");

    assertThat(ok("", with("volume", "create", "photos", "--owner", "alice")).out())
        .isEqualTo("created volume photos\n");
    ok("", with("volume", "create", "scratch"));
    assertThat(ok("", with("volume", "list")).out()).containsPattern("(?s)photos\t.*\nscratch\t");
    CliRunner.Result dup = CliRunner.run(with("volume", "create", "photos"));
    assertThat(dup.status()).isEqualTo(1);
    assertThat(dup.err().lines()).hasSize(1);

    ok("", with("user", "grant", "bob", "scratch", "read"));
    assertThat(ok("", with("user", "create-buckets", "bob", "deny")).out())
        .isEqualTo("user bob create-buckets: deny\n");
    CliRunner.Result badRight = CliRunner.run(with("user", "create-buckets", "bob", "maybe"));
    assertThat(badRight.status()).isEqualTo(1);
    assertThat(badRight.err()).contains("'maybe' (expected: allow or deny)");
    String users = ok("", with("user", "list")).out();
    assertThat(users).contains("alice\tuid=1000").contains("volumes={photos=admin}")
        .contains("volumes={scratch=read}");
    assertThat(users.lines().filter(l -> l.startsWith("bob\t")).findFirst().orElseThrow())
        .endsWith("createBuckets=false");
    assertThat(users.lines().filter(l -> l.startsWith("alice\t")).findFirst().orElseThrow())
        .endsWith("createBuckets=true");
    assertThat(users.lines().filter(l -> l.startsWith("dave\t")).findFirst().orElseThrow())
        .endsWith("createBuckets=false");

    String keys = ok("", with("user", "keys", "alice")).out();
    String rotated = ok("", with("user", "keys", "alice", "--rotate")).out();
    assertThat(rotated).contains("s3 access key").isNotEqualTo(keys);
    String token = ok("", with("user", "keys", "alice", "--new-token", "--description", "ci")).out();
    String id = token.lines().findFirst().orElseThrow().replace("token id", "").strip();
    assertThat(token).contains("est_" + id + "_");
    assertThat(ok("", with("user", "list")).out()).contains("tokens=[" + id + "]");
    ok("", with("user", "keys", "alice", "--revoke-token", id));
    ok("new-password\n", with("user", "passwd", "alice", "--password-stdin"));

    String status = ok("", with("status")).out();
    assertThat(status).contains("server    stopped").contains("volumes   2").contains("users     3")
        .doesNotContain("sessions");

    CliRunner.Result notEmpty = ok("", with("volume", "delete", "scratch"));
    assertThat(notEmpty.out()).contains("deleted volume scratch");
    ok("", with("user", "delete", "bob"));
    assertThat(ok("", with("user", "list")).out()).doesNotContain("bob");

    CliRunner.Result fsck = ok("", with("fsck"));
    assertThat(fsck.out()).contains("problems, 0 repaired: clean");
  }

  @Test
  void fsckReportsAndRepairs() throws Exception {
    ok("", with("volume", "create", "photos"));
    // Storage no volume owns: the engine's fsck reports it as leaked.
    java.nio.file.Files.createDirectories(tmp.resolve("data/engine/objects/00000000000000ff"));
    CliRunner.Result dirty = CliRunner.run(with("fsck"));
    assertThat(dirty.status()).isEqualTo(1);
    assertThat(dirty.out()).contains("problem: data directory").contains("belongs to no volume")
        .contains("1 problems, 0 repaired: NOT clean");
    CliRunner.Result repaired = ok("", with("fsck", "--repair"));
    assertThat(repaired.out()).contains("1 problems, 1 repaired: clean");
    assertThat(ok("", with("fsck")).out()).contains("0 problems, 0 repaired: clean");
    assertThat(ok("", with("volume", "list")).out()).startsWith("photos\t");
  }

  @Test
  void runningServerIsReachedThroughTheAdminApi() throws Exception {
    GatewayConfig config = new GatewayConfig(tmp.resolve("data"), "127.0.0.1", 0,
        new BackendConfig("engine", Map.of()), FrontendSelection.NONE, Map.of(), "warn");
    Gateway gateway = Gateway.start(config, new Gateway.Environment(Map.of(), Clock.systemUTC(),
        new SecureRandom(), getClass().getClassLoader(), new PrintStream(new ByteArrayOutputStream())));
    try {
      String status = ok("", with("status")).out();
      assertThat(status).contains("server    running")
          .contains("admin   http://127.0.0.1:" + gateway.adminPort()).contains("sessions  0");
      ok("", with("volume", "create", "photos"));
      assertThat(ok("", with("volume", "list")).out()).startsWith("photos\t");
      ok("carol-password\n", with("user", "add", "carol", "--password-stdin"));
      // The change is visible to the server itself, not just on disk.
      assertThat(gateway.users().authenticatePassword("carol", "carol-password")).isPresent();
      assertThat(gateway.users().principal("carol").orElseThrow().createBuckets()).isTrue();
      ok("", with("user", "create-buckets", "carol", "deny"));
      assertThat(gateway.users().principal("carol").orElseThrow().createBuckets()).isFalse();
      CliRunner.Result nonEmpty = CliRunner.run(with("volume", "delete", "nope"));
      assertThat(nonEmpty.status()).isEqualTo(1);
      assertThat(nonEmpty.err().lines()).hasSize(1);
      // SSE-S3 master keys through the admin API: rotation adds a key, the first one included.
      assertThat(ok("", with("sse", "keys")).out()).contains("key ids      []");
      assertThat(ok("", with("sse", "keys", "--rotate")).out()).contains("key ids      [1]")
          .contains("current key  1");
      assertThat(ok("", with("sse", "keys", "--rotate")).out()).contains("key ids      [1, 2]")
          .contains("current key  2");
      assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
          java.nio.file.Files.getPosixFilePermissions(
              tmp.resolve("data").resolve(dev.estuary.core.MasterKeys.FILE_NAME))))
          .isEqualTo("rw-------");
      CliRunner.Result fsck = CliRunner.run(with("fsck"));
      assertThat(fsck.status()).isEqualTo(1);
      assertThat(fsck.err()).contains("is in use by a running server");
    } finally {
      gateway.stop(Duration.ofSeconds(1));
    }
    // Stopped again: the same commands work directly on the directory.
    assertThat(ok("", with("volume", "list")).out()).startsWith("photos\t");
    assertThat(ok("", with("sse", "keys", "--rotate")).out()).contains("key ids      [1, 2, 3]");
  }

  @Test
  void statusReachesATlsAdminPortAndShowsTheFingerprint() throws Exception {
    Path data = tmp.resolve("data");
    GatewayConfig config = new GatewayConfig(data, "127.0.0.1", 0,
        new BackendConfig("engine", Map.of()), FrontendSelection.NONE, Map.of(), "warn", Map.of(),
        new ServerTls.Settings(ServerTls.Mode.ON, null, null));
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    Gateway gateway = Gateway.start(config, new Gateway.Environment(Map.of(), Clock.systemUTC(),
        new SecureRandom(), getClass().getClassLoader(), new PrintStream(printed)));
    String fingerprint;
    try {
      Path cert = data.resolve("tls").resolve(ServerTls.GENERATED_CERTIFICATE);
      fingerprint = ServerTls.fromFiles(cert, data.resolve("tls").resolve(ServerTls.GENERATED_KEY))
          .fingerprint();
      assertThat(gateway.endpoints().getFirst().line())
          .startsWith("admin   https://127.0.0.1:" + gateway.adminPort())
          .contains("SHA-256 " + fingerprint);
      String status = ok("", with("status")).out();
      assertThat(status).contains("server    running")
          .contains("admin   https://127.0.0.1:" + gateway.adminPort())
          .contains("SHA-256 " + fingerprint);
      // The admin API works over TLS: the change is visible to the server itself.
      ok("carol-password\n", with("user", "add", "carol", "--password-stdin"));
      assertThat(gateway.users().authenticatePassword("carol", "carol-password")).isPresent();
      // A real client trusting the exported certificate; plain HTTP is not served.
      assertThat(curl("--cacert", cert.toString(),
          "https://127.0.0.1:" + gateway.adminPort() + "/health")).contains("\"UP\"");
      assertThat(curl("http://127.0.0.1:" + gateway.adminPort() + "/health")).doesNotContain("UP");
    } finally {
      gateway.stop(Duration.ofSeconds(1));
    }
    // Stopped, status still names the generated certificate.
    assertThat(ok("", with("status")).out()).contains("server    stopped")
        .contains("tls       " + data.resolve("tls").resolve(ServerTls.GENERATED_CERTIFICATE)
            + " SHA-256 " + fingerprint);
    // The second start reuses the generated certificate.
    Gateway again = Gateway.start(config, new Gateway.Environment(Map.of(), Clock.systemUTC(),
        new SecureRandom(), getClass().getClassLoader(), new PrintStream(new ByteArrayOutputStream())));
    try {
      assertThat(ok("", with("status")).out()).contains("SHA-256 " + fingerprint);
    } finally {
      again.stop(Duration.ofSeconds(1));
    }
  }

  /** Runs curl; returns its output (empty when the transfer failed). */
  private static String curl(String... args) throws Exception {
    java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of("curl", "-sS",
        "--max-time", "20"));
    cmd.addAll(java.util.List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    return p.waitFor() == 0 ? out : "";
  }
}
