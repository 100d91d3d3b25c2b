package dev.estuary.smb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.smb.testing.SmbTestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's {@code smbclient} (Samba 4.17, installed by {@code ./run-tests}) against the server, for the
 * steps this server implements: NEGOTIATE, SESSION_SETUP, TREE_CONNECT. Listing a directory needs
 * CREATE, which answers STATUS_NOT_IMPLEMENTED until the next step, so each run must end exactly there:
 * that proves smbclient negotiated, authenticated, checked our signatures (or decrypted our
 * responses) and connected the share first.
 */
class SmbclientTest {
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
    try {
      Path conf = home.resolve("smb.conf");
      Files.writeString(conf, "[global]\n");
      List<String> cmd = new ArrayList<>(List.of(SMBCLIENT.toString(), "-s", conf.toString(), "-p",
          Integer.toString(server.port()), "//127.0.0.1/" + share, "-U", SmbTestServer.USER + "%" + password,
          "-c", "ls"));
      cmd.addAll(List.of(options));
      ProcessBuilder pb = new ProcessBuilder(cmd).directory(home.toFile()).redirectErrorStream(true);
      pb.environment().put("HOME", home.toString());
      Process p = pb.start();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError(cmd + ": still running after 60 s");
      }
      return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Test
  void signedSmb311ReachesCreate() {
    double trees = server.count("TREE_CONNECT", "STATUS_SUCCESS");
    String out = run(SmbTestServer.VOLUME, SmbTestServer.PASSWORD, "-m", "SMB3_11", "--client-protection=sign");
    assertThat(out).contains("NT_STATUS_NOT_IMPLEMENTED");
    assertThat(server.count("TREE_CONNECT", "STATUS_SUCCESS")).isGreaterThan(trees);
  }

  @Test
  void signedSmb21ReachesCreate() {
    String out = run(SmbTestServer.VOLUME, SmbTestServer.PASSWORD, "-m", "SMB2_10", "--client-protection=sign");
    assertThat(out).contains("NT_STATUS_NOT_IMPLEMENTED");
  }

  @Test
  void signedSmb30ValidatesTheNegotiationAndReachesCreate() {
    double validated = server.count("IOCTL", "STATUS_SUCCESS");
    String out = run(SmbTestServer.VOLUME, SmbTestServer.PASSWORD, "-m", "SMB3_00", "--client-protection=sign");
    assertThat(out).contains("NT_STATUS_NOT_IMPLEMENTED");
    assertThat(server.count("IOCTL", "STATUS_SUCCESS")).isGreaterThan(validated);
  }

  @Test
  void encryptedSmb311ReachesCreate() {
    String out = run(SmbTestServer.SEALED, SmbTestServer.PASSWORD, "-m", "SMB3_11",
        "--client-protection=encrypt");
    assertThat(out).contains("NT_STATUS_NOT_IMPLEMENTED");
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
    assertThat(out).contains("NT_STATUS_NOT_IMPLEMENTED");
    assertThat(server.count("SMB1_NEGOTIATE", "STATUS_SUCCESS")).isEqualTo(probes + 1);
  }
}
