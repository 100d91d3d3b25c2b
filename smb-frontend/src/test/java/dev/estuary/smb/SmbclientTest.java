package dev.estuary.smb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.dfs.Attributes;
import dev.estuary.dfs.FileHandle;
import dev.estuary.dfs.OpenMode;
import dev.estuary.dfs.Volume;
import dev.estuary.smb.testing.SmbTestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.security.MessageDigest;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's {@code smbclient} (Samba 4.17, installed by {@code ./run-tests}) against the server: listing the
 * share over signed 2.1, 3.0 and 3.1.1 and sealed 3.1.1 (so smbclient negotiated, authenticated, checked
 * our signatures or decrypted our responses, and parsed our CREATE, QUERY_DIRECTORY, QUERY_INFO and CLOSE
 * answers), and a workflow of mkdir, put and get of a 200 MB file compared by SHA-256 (also against the
 * backend's bytes), rename, ls, del and rmdir.
 */
class SmbclientTest {
  /** The size of the put/get workflow's file. */
  private static final long SIZE = 200_000_000L;
  private static final Path SMBCLIENT = Path.of("/usr/bin/smbclient");
  private static SmbTestServer server;

  @TempDir
  static Path home;

  @BeforeAll
  static void start() throws Exception {
    if (!Files.isExecutable(SMBCLIENT)) {
      throw new AssertionError("program " + SMBCLIENT + ": missing (expected: Debian package 'smbclient',"
          + " which ./run-tests installs)");
    }
    server = new SmbTestServer();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static String run(String share, String password, String... options) {
    return runCommands(share, password, "ls", options);
  }

  private static String runCommands(String share, String password, String commands, String... options) {
    try {
      Path conf = home.resolve("smb.conf");
      Files.writeString(conf, "[global]\n");
      List<String> cmd = new ArrayList<>(List.of(SMBCLIENT.toString(), "-s", conf.toString(), "-p",
          Integer.toString(server.port()), "//127.0.0.1/" + share, "-U", SmbTestServer.USER + "%" + password,
          "-c", commands));
      cmd.addAll(List.of(options));
      ProcessBuilder pb = new ProcessBuilder(cmd).directory(home.toFile()).redirectErrorStream(true);
      pb.environment().put("HOME", home.toString());
      Process p = pb.start();
      // Read the output before waiting, so a chatty run cannot block on a full pipe.
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError(cmd + ": still running after 120 s");
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** What a successful {@code ls} of the share root prints: the dot entries and the FsFullSize line. */
  private static void assertListed(String out) {
    assertThat(out).doesNotContain("NT_STATUS_").contains("  .  ").contains("  ..  ")
        .containsPattern("blocks of size \\d+\\. \\d+ blocks available");
  }

  @Test
  void signedSmb311Lists() {
    double trees = server.count("TREE_CONNECT", "STATUS_SUCCESS");
    assertListed(run(SmbTestServer.VOLUME, SmbTestServer.PASSWORD, "-m", "SMB3_11", "--client-protection=sign"));
    assertThat(server.count("TREE_CONNECT", "STATUS_SUCCESS")).isGreaterThan(trees);
    assertThat(server.count("QUERY_DIRECTORY", "STATUS_SUCCESS")).isPositive();
  }

  @Test
  void signedSmb21Lists() {
    assertListed(run(SmbTestServer.VOLUME, SmbTestServer.PASSWORD, "-m", "SMB2_10", "--client-protection=sign"));
  }

  @Test
  void signedSmb30ValidatesTheNegotiationAndLists() {
    double validated = server.count("IOCTL", "STATUS_SUCCESS");
    assertListed(run(SmbTestServer.VOLUME, SmbTestServer.PASSWORD, "-m", "SMB3_00", "--client-protection=sign"));
    assertThat(server.count("IOCTL", "STATUS_SUCCESS")).isGreaterThan(validated);
  }

  @Test
  void encryptedSmb311Lists() {
    assertListed(run(SmbTestServer.SEALED, SmbTestServer.PASSWORD, "-m", "SMB3_11", "--client-protection=encrypt"));
  }

  @Test
  void putGetMkdirRenameLsDel() throws Exception {
    // 200 MB (issue 12's smbclient workflow), written and digested a MiB at a time.
    MessageDigest sent = MessageDigest.getInstance("SHA-256");
    Random random = new Random(7);
    byte[] chunk = new byte[1 << 20];
    try (var out = Files.newOutputStream(home.resolve("upload.bin"))) {
      for (long left = SIZE; left > 0; left -= chunk.length) {
        random.nextBytes(chunk);
        int n = (int) Math.min(left, chunk.length);
        out.write(chunk, 0, n);
        sent.update(chunk, 0, n);
      }
    }
    Files.deleteIfExists(home.resolve("download.bin"));
    String out = runCommands(SmbTestServer.VOLUME, SmbTestServer.PASSWORD, String.join("; ",
        "mkdir Footage",
        "put upload.bin Footage\\Take1.bin",
        "rename Footage\\Take1.bin Footage\\Take2.bin",
        "ls Footage\\*",
        "get Footage\\take2.BIN download.bin"),
        "-m", "SMB3_11", "--client-protection=sign");
    assertThat(out).doesNotContain("NT_STATUS_").containsPattern("(?m)^\\s+Take2\\.bin\\s+A\\s+" + SIZE + "\\s")
        .doesNotContainPattern("(?m)^\\s+Take1\\.bin\\s");
    byte[] want = sent.digest();
    MessageDigest got = MessageDigest.getInstance("SHA-256");
    try (var in = Files.newInputStream(home.resolve("download.bin"))) {
      int n;
      while ((n = in.read(chunk)) > 0) {
        got.update(chunk, 0, n);
      }
    }
    assertThat(got.digest()).isEqualTo(want);
    // The same bytes through the backend, which S3 and NFS serve.
    Volume v = server.services().dfs().volume(SmbTestServer.VOLUME);
    Attributes a = v.resolve("Footage/Take2.bin", false);
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    try (FileHandle h = v.open(a.id(), OpenMode.READ)) {
      ByteBuffer b = ByteBuffer.allocate(1 << 20);
      long pos = 0;
      int n;
      while ((n = h.read(pos, b.clear())) > 0) {
        md.update(b.flip());
        pos += n;
      }
    }
    assertThat(md.digest()).isEqualTo(want);

    String del = runCommands(SmbTestServer.VOLUME, SmbTestServer.PASSWORD, "del Footage\\Take2.bin; rmdir Footage; ls",
        "-m", "SMB3_11", "--client-protection=sign");
    assertThat(del).doesNotContain("NT_STATUS_").doesNotContain("Footage");
    assertThat(v.readdirByPosition(v.root(), 0, 16, false).entries()).extracting(e -> e.name())
        .doesNotContain("Footage");
  }

  @Test
  void aWrongPasswordIsLogonFailure() {
    assertThat(run(SmbTestServer.VOLUME, "wrong-password", "-m", "SMB3_11")).contains("NT_STATUS_LOGON_FAILURE");
  }

  @Test
  void aMissingShareIsBadNetworkName() {
    assertThat(run("missing", SmbTestServer.PASSWORD, "-m", "SMB3_11")).contains("NT_STATUS_BAD_NETWORK_NAME");
  }

  @Test
  void anSmb1MultiProtocolProbeIsUpgradedToSmb2() {
    // With NT1 allowed, smbclient opens with the SMB1 NEGOTIATE listing "SMB 2.002" and "SMB 2.???"
    // (3.3.5.3.1); the server answers 0x02FF and smbclient continues with an SMB2 NEGOTIATE.
    double probes = server.count("SMB1_NEGOTIATE", "STATUS_SUCCESS");
    String out = run(SmbTestServer.VOLUME, SmbTestServer.PASSWORD, "--option=client min protocol=NT1",
        "--option=client max protocol=SMB3");
    assertListed(out);
    assertThat(server.count("SMB1_NEGOTIATE", "STATUS_SUCCESS")).isEqualTo(probes + 1);
  }

  @Test
  void namesWindowsCannotHold_areListedInTheirPrivateUseForm() {
    // Created through the backend (as S3 or NFS would): smbclient's listing completes and shows them mapped.
    dev.estuary.dfs.Volume v = server.services().dfs().volume(SmbTestServer.VOLUME);
    dev.estuary.dfs.Attributes dir = v.mkdir(v.root(), "cli-foreign", 0755, new dev.estuary.dfs.Ownership(1000, 1000));
    for (String name : new String[] {"a:b.txt", "c\\d.txt", "e|f.txt", "plain.txt"}) {
      v.create(dir.id(), name, 0644, new dev.estuary.dfs.Ownership(1000, 1000), true);
    }
    String out = runCommands(SmbTestServer.VOLUME, SmbTestServer.PASSWORD, "ls cli-foreign\\*", "-m", "SMB3_11");
    assertThat(out).doesNotContain("NT_STATUS_").contains("a\uF022b.txt").contains("c\uF026d.txt")
        .contains("e\uF027f.txt").contains("plain.txt");
  }
}
