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
 * Debian's {@code smbclient -L} and {@code rpcclient} (Samba 4.17) against IPC$ and the srvsvc pipe: they
 * open the pipe, bind over DCE/RPC and call NetrShareEnum, NetrShareGetInfo and NetrServerGetInfo, so
 * the listing they print is the server's NDR as a real decoder reads it.
 */
class SrvsvcClientsTest {
  private static final Path SMBCLIENT = Path.of("/usr/bin/smbclient");
  private static final Path RPCCLIENT = Path.of("/usr/bin/rpcclient");
  private static SmbTestServer server;

  @TempDir
  static Path home;

  @BeforeAll
  static void start() throws Exception {
    for (Path p : List.of(SMBCLIENT, RPCCLIENT)) {
      if (!Files.isExecutable(p)) {
        throw new AssertionError("program " + p + ": missing (expected: Debian packages 'smbclient' and"
            + " 'samba-common-bin', which ./run-tests installs)");
      }
    }
    server = new SmbTestServer();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private record Run(int exit, String out) {}

  private static Run run(List<String> args) {
    try {
      Path conf = home.resolve("smb.conf");
      Files.writeString(conf, "[global]\n");
      List<String> cmd = new ArrayList<>(args);
      cmd.addAll(1, List.of("-s", conf.toString()));
      ProcessBuilder pb = new ProcessBuilder(cmd).directory(home.toFile()).redirectErrorStream(true);
      pb.environment().put("HOME", home.toString());
      Process p = pb.start();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError(cmd + ": still running after 60 s");
      }
      return new Run(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static Run list(String user, String password, String... options) {
    List<String> cmd = new ArrayList<>(List.of(SMBCLIENT.toString(), "-p", Integer.toString(server.port()), "-L",
        "//127.0.0.1", "-U", user + "%" + password, "-m", "SMB3_11"));
    cmd.addAll(List.of(options));
    return run(cmd);
  }

  private static Run rpc(String user, String commands) {
    return run(List.of(RPCCLIENT.toString(), "-p", Integer.toString(server.port()), "-U", user + "%"
        + SmbTestServer.PASSWORD, "-c", commands, "127.0.0.1"));
  }

  @Test
  void smbclientListsTheUsersVolumesAndIpcSigned() {
    Run r = list(SmbTestServer.USER, SmbTestServer.PASSWORD, "--client-protection=sign");
    assertThat(r.out()).containsPattern("(?m)^\\s+media\\s+Disk")
        .containsPattern("(?m)^\\s+vault\\s+Disk")
        .containsPattern("(?m)^\\s+IPC\\$\\s+IPC\\s+Remote IPC");
  }

  @Test
  void smbclientListsOverEveryDialect() {
    // HMAC-SHA256 signing on 2.0.2 and 2.1, AES-CMAC on 3.0 and 3.0.2 (with VALIDATE_NEGOTIATE_INFO).
    for (String dialect : List.of("SMB2_02", "SMB2_10", "SMB3_00", "SMB3_02")) {
      Run r = run(List.of(SMBCLIENT.toString(), "-p", Integer.toString(server.port()), "-L", "//127.0.0.1", "-U",
          SmbTestServer.USER + "%" + SmbTestServer.PASSWORD, "-m", dialect, "--option=client min protocol=SMB2_02",
          "--client-protection=sign"));
      assertThat(r.out()).as(dialect).containsPattern("(?m)^\\s+media\\s+Disk")
          .containsPattern("(?m)^\\s+IPC\\$\\s+IPC");
    }
  }

  @Test
  void smbclientListsOverAnEncryptedSession() {
    Run r = list(SmbTestServer.USER, SmbTestServer.PASSWORD, "--client-protection=encrypt");
    assertThat(r.out()).containsPattern("(?m)^\\s+media\\s+Disk").containsPattern("(?m)^\\s+IPC\\$\\s+IPC");
  }

  @Test
  void aUserSeesOnlyTheVolumesGrantedToThem() {
    Run reader = list(SmbTestServer.READER, SmbTestServer.PASSWORD);
    assertThat(reader.out()).containsPattern("(?m)^\\s+media\\s+Disk").doesNotContain("vault")
        .containsPattern("(?m)^\\s+IPC\\$\\s+IPC");
    Run nobody = list(SmbTestServer.NOBODY, SmbTestServer.PASSWORD);
    assertThat(nobody.out()).doesNotContain("media").doesNotContain("vault")
        .containsPattern("(?m)^\\s+IPC\\$\\s+IPC");
  }

  @Test
  void aWrongPasswordListsNothing() {
    Run r = list(SmbTestServer.USER, "wrong-password");
    assertThat(r.out()).contains("NT_STATUS_LOGON_FAILURE").doesNotContain("IPC$");
    assertThat(r.exit()).isNotZero();
  }

  @Test
  void rpcclientEnumeratesAtLevelTwoAndGetsInfo() {
    Run r = rpc(SmbTestServer.USER, "netshareenumall; netsharegetinfo missing; netsharegetinfo media;"
        + " netsharegetinfo media 501; netsharegetinfo media 1005; srvinfo");
    // netshareenumall (level 2), NetrShareGetInfo for a missing share, then at 502 (the default), 501 (which
    // rpcclient fetches but does not print) and 1005, then srvinfo (NetrServerGetInfo 101); rpcclient's exit
    // status is the last command's.
    assertThat(r.out()).contains("netname: media").contains("netname: vault").contains("netname: IPC$")
        .contains("remark:\tRemote IPC")
        .containsPattern("ESTUARY\\s+Wk Sv NT SNT").containsPattern("platform_id\\s+:\\s+500")
        .containsPattern("os version\\s+:\\s+10\\.0").containsPattern("server type\\s+:\\s+0x9003")
        .contains("unsupported info level 501").contains("flags: 0x30")
        .contains("result was WERR_NERR_NETNAMENOTFOUND")
        .doesNotContain("WERR_INVALID_LEVEL").doesNotContain("NT_STATUS");
    assertThat(r.exit()).isZero();
  }
}
