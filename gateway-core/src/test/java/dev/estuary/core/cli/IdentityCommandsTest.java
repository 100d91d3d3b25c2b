package dev.estuary.core.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.core.BackendConfig;
import dev.estuary.core.FrontendSelection;
import dev.estuary.core.GatewayConfig;
import dev.estuary.core.NfsAccess;
import dev.estuary.core.NfsCredential;
import dev.estuary.core.internal.server.Gateway;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code estuary group ...}, {@code estuary volume export|show}, stopped and served. */
class IdentityCommandsTest {
  @TempDir Path tmp;

  private CliRunner.Result ok(String stdin, String... args) {
    CliRunner.Result r = CliRunner.run(Map.of(), stdin, with(args));
    assertThat(r.status()).as("%s -> %s", String.join(" ", args), r.err()).isZero();
    assertThat(r.err()).isEmpty();
    return r;
  }

  private CliRunner.Result fails(int status, String... args) {
    CliRunner.Result r = CliRunner.run(with(args));
    assertThat(r.status()).as("%s -> %s", String.join(" ", args), r.out()).isEqualTo(status);
    assertThat(r.err().lines()).as(r.err()).hasSize(1);
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
  void groupsOnAStoppedDataDirectory() {
    ok("alice-password\n", "user", "add", "alice", "--password-stdin");
    String added = ok("", "group", "add", "media").out();
    assertThat(added).containsPattern("added group media gid=100000 sid=S-1-5-21-\\d+-\\d+-\\d+-201001\n");
    ok("", "group", "add", "render", "--gid", "5000");
    ok("", "group", "add-member", "media", "alice");
    ok("", "group", "add-member", "render", "alice");
    assertThat(ok("", "group", "list").out())
        .contains("media\tgid=100000\tsid=S-1-5-21-").contains("\tmembers=[alice]")
        .contains("render\tgid=5000");
    assertThat(ok("", "user", "list").out()).contains("groups=[media, render]")
        .containsPattern("sid=S-1-5-21-\\d+-\\d+-\\d+-3000");
    ok("", "group", "remove-member", "render", "alice");
    ok("", "group", "delete", "media");
    assertThat(ok("", "user", "list").out()).contains("groups=[]");
    // The deleted group's gid is not given to the next group.
    assertThat(ok("", "group", "add", "next").out()).contains("gid=100001");
    assertThat(fails(1, "group", "add", "alice").err())
        .contains("group: 'alice' is taken by a user");
    assertThat(fails(1, "group", "add-member", "nope", "alice").err())
        .contains("group: 'nope' (expected: an existing group)");
    assertThat(ok("", "status").out()).containsPattern("domain    S-1-5-21-\\d+-\\d+-\\d+\n");
  }

  @Test
  void exportsOnAStoppedDataDirectory() {
    ok("", "volume", "create", "media");
    ok("", "volume", "create", "scratch");
    assertThat(ok("", "volume", "show", "media").out())
        .contains("nfs       closed (no client may mount it)");
    String shown = ok("", "volume", "export", "media", "--clients", "127.0.0.0/8", "--rw",
        "--root-squash").out();
    assertThat(shown).contains("nfs       127.0.0.0/8(rw,root_squash,anonuid=65534,anongid=65534)");
    ok("", "volume", "export", "media", "--clients", "::1", "--all-squash", "--anonuid", "4000",
        "--anongid", "4001");
    assertThat(ok("", "volume", "list").out())
        .contains("media\t").contains("nfs=127.0.0.0/8(rw,root_squash,anonuid=65534,anongid=65534)"
            + " ::1/128(ro,all_squash,anonuid=4000,anongid=4001)")
        .contains("scratch\t").contains("nfs=closed");
    // Replacing the rule of a range, removing one range, closing the volume.
    ok("", "volume", "export", "media", "--clients", "127.0.0.0/8", "--no-root-squash");
    assertThat(ok("", "volume", "show", "media").out())
        .contains("127.0.0.0/8(ro,no_root_squash,").doesNotContain("127.0.0.0/8(rw");
    ok("", "volume", "export", "media", "--clients", "::1", "--remove");
    assertThat(ok("", "volume", "show", "media").out()).doesNotContain("::1");
    ok("", "volume", "export", "media", "--close");
    assertThat(ok("", "volume", "show", "media").out()).contains("closed");

    assertThat(fails(1, "volume", "export", "nope", "--clients", "10.0.0.0/8").err())
        .contains("volume: 'nope' (expected: an existing volume");
    assertThat(fails(1, "volume", "export", "media", "--clients", "10.1.0.0/8").err())
        .contains("clients: '10.1.0.0/8' has bits set after the prefix (expected: the network"
            + " address, 10.0.0.0/8)");
    assertThat(fails(1, "volume", "export", "media").err())
        .contains("--clients: missing (expected: --clients RANGE, or --close)");
    assertThat(fails(1, "volume", "export", "media", "--clients", "::1", "--rw", "--ro").err())
        .contains("--rw and --ro: both given");
    assertThat(fails(1, "volume", "export", "media", "--close", "--rw").err())
        .contains("--close: given with other options");
    assertThat(fails(1, "volume", "export", "media", "--clients", "::1", "--remove").err())
        .contains("clients: '::1/128' (expected: one of the export rules");

    // A volume deleted and created again does not inherit the old rules.
    ok("", "volume", "export", "scratch", "--clients", "10.0.0.0/8", "--rw");
    ok("", "volume", "delete", "scratch");
    ok("", "volume", "create", "scratch");
    assertThat(ok("", "volume", "show", "scratch").out()).contains("closed");
  }

  @Test
  void runningServerSeesExportsAndGroupsAtOnce() throws Exception {
    GatewayConfig config = new GatewayConfig(tmp.resolve("data"), "127.0.0.1", 0,
        new BackendConfig("engine", Map.of()), FrontendSelection.NONE, Map.of(), "warn");
    Gateway gateway = Gateway.start(config, new Gateway.Environment(Map.of(), Clock.systemUTC(),
        new SecureRandom(), getClass().getClassLoader(), new PrintStream(new ByteArrayOutputStream())));
    try {
      ok("", "volume", "create", "media");
      ok("bob-password\n", "user", "add", "bob", "--password-stdin");
      ok("", "group", "add", "media-rw");
      ok("", "group", "add-member", "media-rw", "bob");
      var bob = gateway.users().principal("bob").orElseThrow();
      assertThat(bob.gids()).isEqualTo(Set.of(bob.gid(), 100_000));
      InetAddress local = InetAddress.ofLiteral("127.0.0.1");
      NfsCredential root = NfsCredential.authSys(0, 0, List.of());
      assertThat(gateway.users().nfsAccess("media", local, root))
          .isInstanceOf(NfsAccess.Refused.class);
      ok("", "volume", "export", "media", "--clients", "127.0.0.0/8", "--rw");
      assertThat(gateway.users().nfsAccess("media", local, root))
          .isEqualTo(new NfsAccess.Granted(65534, 65534, Set.of(), false, true));
      assertThat(ok("", "volume", "show", "media").out()).contains("127.0.0.0/8(rw,root_squash");
      assertThat(ok("", "group", "list").out()).contains("media-rw\tgid=100000");
      ok("", "volume", "export", "media", "--clients", "::1", "--all-squash");
      assertThat(gateway.users().nfsExportRules("media")).hasSize(2);
      ok("", "volume", "export", "media", "--clients", "::1", "--remove");
      assertThat(gateway.users().nfsExportRules("media")).hasSize(1);
      ok("", "group", "remove-member", "media-rw", "bob");
      assertThat(gateway.users().principal("bob").orElseThrow().gids()).containsExactly(bob.gid());
      ok("", "group", "delete", "media-rw");
      assertThat(gateway.users().group("media-rw")).isEmpty();
      ok("", "volume", "export", "media", "--close");
      assertThat(gateway.users().nfsExportRules("media")).isEmpty();
    } finally {
      gateway.stop(Duration.ofSeconds(1));
    }
  }
}
