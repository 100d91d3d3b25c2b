package dev.estuary.smb;

import static dev.estuary.smb.testing.SmbTestServer.NOBODY;
import static dev.estuary.smb.testing.SmbTestServer.PASSWORD;
import static dev.estuary.smb.testing.SmbTestServer.SEALED;
import static dev.estuary.smb.testing.SmbTestServer.USER;
import static dev.estuary.smb.testing.SmbTestServer.VOLUME;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hierynomus.mserref.NtStatus;
import com.hierynomus.mssmb2.SMB2Dialect;
import com.hierynomus.mssmb2.SMB2Packet;
import com.hierynomus.mssmb2.messages.SMB2Echo;
import com.hierynomus.smbj.SMBClient;
import com.hierynomus.smbj.SmbConfig;
import com.hierynomus.smbj.auth.AuthenticationContext;
import com.hierynomus.smbj.connection.Connection;
import com.hierynomus.smbj.session.Session;
import com.hierynomus.smbj.share.Share;
import dev.estuary.smb.testing.SmbTestServer;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * smbj 0.14.0, a real SMB2/3 client, against the real server: NEGOTIATE, NTLMv2 over SPNEGO with a user
 * of a {@code UserStore}, signed sessions over 2.1, 3.0 and 3.1.1, an
 * encrypted 3.1.1 session, TREE_CONNECT to a volume, to a missing share and to a share requiring
 * encryption, ECHO, TREE_DISCONNECT and LOGOFF. smbj verifies every signature of ours and refuses to
 * continue when one is wrong, so each successful step also checks our signing.
 */
class SmbjSessionTest {
  private static SmbTestServer server;

  @BeforeAll
  static void start() throws Exception {
    server = new SmbTestServer();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static SmbConfig config(SMB2Dialect dialect, boolean encrypt) {
    return SmbConfig.builder().withDialects(dialect).withSigningRequired(true).withEncryptData(encrypt)
        .withDfsEnabled(false).withMultiProtocolNegotiate(false).withTimeout(20, TimeUnit.SECONDS).build();
  }

  private static AuthenticationContext auth(String user, String password) {
    return new AuthenticationContext(user, password.toCharArray(), "WORKGROUP");
  }

  /** smbj's keep-alive: an ECHO outside any session (SessionId 0), which every dialect allows. */
  private static long echo(Connection c, SMB2Dialect dialect) throws Exception {
    SMB2Packet p = c.<SMB2Packet>send(new SMB2Echo(dialect)).get(20, TimeUnit.SECONDS);
    return p.getHeader().getStatusCode();
  }

  private void fullSession(SMB2Dialect dialect, boolean encrypt) throws Exception {
    double encryptedBefore = server.count("TREE_CONNECT", "STATUS_SUCCESS");
    try (SMBClient client = new SMBClient(config(dialect, encrypt));
        Connection c = client.connect("127.0.0.1", server.port())) {
      Session s = c.authenticate(auth(USER, PASSWORD));
      assertThat(s.isSigningRequired()).isTrue();
      assertThat(s.isGuest()).isFalse();
      assertThat(echo(c, dialect)).isEqualTo(NtStatus.STATUS_SUCCESS.getValue());
      // The share name matches the volume ignoring case, as Windows users type it.
      Share share = s.connectShare(VOLUME.toUpperCase(java.util.Locale.ROOT));
      assertThat(share.getTreeConnect().getShareName()).isEqualToIgnoringCase(VOLUME);
      assertThatThrownBy(() -> s.connectShare("no-such-share")).hasMessageContaining("STATUS_BAD_NETWORK_NAME");
      share.close();
      s.logoff();
    }
    assertThat(server.count("TREE_CONNECT", "STATUS_SUCCESS")).isEqualTo(encryptedBefore + 1);
    assertThat(server.count("TREE_DISCONNECT", "STATUS_SUCCESS")).isPositive();
  }

  @Test
  void signedSessionOver21() throws Exception {
    fullSession(SMB2Dialect.SMB_2_1, false);
  }

  @Test
  void signedSessionOver30() throws Exception {
    // AES-CMAC under the 3.0 KDF's signing key. (smbj 0.14 never sends VALIDATE_NEGOTIATE_INFO;
    // IoctlHandlerTest and RawClientTest cover it.)
    fullSession(SMB2Dialect.SMB_3_0, false);
  }

  @Test
  void signedSessionOver311() throws Exception {
    fullSession(SMB2Dialect.SMB_3_1_1, false);
  }

  @Test
  void encryptedSessionOver311() throws Exception {
    fullSession(SMB2Dialect.SMB_3_1_1, true);
  }

  @Test
  void aShareRequiringEncryptionRefusesAClientThatCannotEncrypt() throws Exception {
    try (SMBClient client = new SMBClient(config(SMB2Dialect.SMB_2_1, false));
        Connection c = client.connect("127.0.0.1", server.port())) {
      Session s = c.authenticate(auth(USER, PASSWORD));
      assertThatThrownBy(() -> s.connectShare(SEALED)).hasMessageContaining("STATUS_ACCESS_DENIED");
      s.logoff();
    }
  }

  @Test
  void aShareRequiringEncryptionServesAnEncryptingClient() throws Exception {
    try (SMBClient client = new SMBClient(config(SMB2Dialect.SMB_3_1_1, true));
        Connection c = client.connect("127.0.0.1", server.port())) {
      Session s = c.authenticate(auth(USER, PASSWORD));
      double before = server.count("TREE_DISCONNECT", "STATUS_SUCCESS");
      Share share = s.connectShare(SEALED);
      // The tree requires encrypted requests (3.3.5.2.11): its disconnect succeeds only because smbj
      // encrypted it and the server decrypted it.
      share.close();
      assertThat(server.count("TREE_DISCONNECT", "STATUS_SUCCESS")).isEqualTo(before + 1);
      s.logoff();
    }
  }

  @Test
  void aWrongPasswordIsALogonFailure() {
    assertThatThrownBy(() -> {
      try (SMBClient client = new SMBClient(config(SMB2Dialect.SMB_3_1_1, false));
          Connection c = client.connect("127.0.0.1", server.port())) {
        c.authenticate(auth(USER, "not-the-password"));
      }
    }).hasMessageContaining("STATUS_LOGON_FAILURE");
  }

  @Test
  void anUnknownUserIsALogonFailure() {
    assertThatThrownBy(() -> {
      try (SMBClient client = new SMBClient(config(SMB2Dialect.SMB_2_1, false));
          Connection c = client.connect("127.0.0.1", server.port())) {
        c.authenticate(auth("mallory", PASSWORD));
      }
    }).hasMessageContaining("STATUS_LOGON_FAILURE");
  }

  @Test
  void aUserWithoutAGrantCannotConnectTheShare() throws Exception {
    try (SMBClient client = new SMBClient(config(SMB2Dialect.SMB_3_1_1, false));
        Connection c = client.connect("127.0.0.1", server.port())) {
      Session s = c.authenticate(auth(NOBODY, PASSWORD));
      assertThatThrownBy(() -> s.connectShare(VOLUME)).hasMessageContaining("STATUS_ACCESS_DENIED");
      s.logoff();
    }
  }
}
