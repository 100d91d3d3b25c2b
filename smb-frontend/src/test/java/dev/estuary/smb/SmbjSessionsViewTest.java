package dev.estuary.smb;

import static dev.estuary.smb.testing.SmbTestServer.PASSWORD;
import static dev.estuary.smb.testing.SmbTestServer.SEALED;
import static dev.estuary.smb.testing.SmbTestServer.USER;
import static dev.estuary.smb.testing.SmbTestServer.VOLUME;
import static org.assertj.core.api.Assertions.assertThat;

import com.hierynomus.msdtyp.AccessMask;
import com.hierynomus.mssmb2.SMB2CreateDisposition;
import com.hierynomus.mssmb2.SMB2Dialect;
import com.hierynomus.mssmb2.SMB2ShareAccess;
import com.hierynomus.smbj.SMBClient;
import com.hierynomus.smbj.SmbConfig;
import com.hierynomus.smbj.auth.AuthenticationContext;
import com.hierynomus.smbj.connection.Connection;
import com.hierynomus.smbj.session.Session;
import com.hierynomus.smbj.share.Directory;
import com.hierynomus.smbj.share.DiskShare;
import com.hierynomus.smbj.share.File;
import dev.estuary.core.ClientSession;
import dev.estuary.smb.testing.SmbTestServer;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The admin view of SMB sessions ({@code estuary status}, {@code GET /api/v1/status}) while smbj holds
 * them: user, client address, dialect, signing or encryption, and each open with share, path, access,
 * share mode and the byte-range locks it holds in the backend; gone again once the client logs off.
 */
class SmbjSessionsViewTest {
  private SmbTestServer server;

  @BeforeEach
  void start() throws Exception {
    server = new SmbTestServer();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static SMBClient client(SMB2Dialect dialect, boolean encrypt) {
    return new SMBClient(SmbConfig.builder().withDialects(dialect).withSigningRequired(true)
        .withEncryptData(encrypt).withDfsEnabled(false).withMultiProtocolNegotiate(false)
        .withTimeout(30, TimeUnit.SECONDS).build());
  }

  @Test
  void signedSessionWithOpensAndLocks_isListedThenGoneAfterLogoff() throws Exception {
    try (SMBClient client = client(SMB2Dialect.SMB_3_1_1, false);
        Connection c = client.connect("127.0.0.1", server.port())) {
      Session s = c.authenticate(new AuthenticationContext(USER, PASSWORD.toCharArray(), "WORKGROUP"));
      try (DiskShare d = (DiskShare) s.connectShare(VOLUME)) {
        d.mkdir("reports");
        try (File f = d.openFile("reports\\q3.txt", EnumSet.of(AccessMask.GENERIC_READ, AccessMask.GENERIC_WRITE),
                null, EnumSet.of(SMB2ShareAccess.FILE_SHARE_READ), SMB2CreateDisposition.FILE_CREATE, null);
            Directory dir = d.openDirectory("reports", EnumSet.of(AccessMask.FILE_READ_ATTRIBUTES), null,
                SMB2ShareAccess.ALL, SMB2CreateDisposition.FILE_OPEN, null)) {
          f.write(new byte[100], 0);
          // 3.3.5.14: several ranges in one LOCK must each fail immediately.
          f.requestLock().exclusiveLock(0, 10, true).sharedLock(50, 10, true).send();

          List<ClientSession> sessions = server.sessions();
          assertThat(sessions).hasSize(1);
          ClientSession v = sessions.getFirst();
          assertThat(v.user()).isEqualTo(USER);
          assertThat(v.client()).matches("127\\.0\\.0\\.1:\\d+");
          assertThat(v.protocol()).isEqualTo("SMB 3.1.1");
          assertThat(v.security()).startsWith("signed AES-");
          // The test server's clock is fixed: the session's time is the clock's.
          assertThat(v.openedAt()).isEqualTo(Instant.parse("2026-06-01T12:00:00Z"));
          assertThat(v.opens()).extracting(ClientSession.OpenFile::path)
              .containsExactlyInAnyOrder("reports\\q3.txt", "reports");
          ClientSession.OpenFile file = v.opens().stream().filter(o -> o.path().equals("reports\\q3.txt"))
              .findFirst().orElseThrow();
          assertThat(file.share()).isEqualTo(VOLUME);
          assertThat(file.access()).startsWith("read,write");
          assertThat(file.shareMode()).isEqualTo("read");
          assertThat(file.locks()).isEqualTo(2);
          ClientSession.OpenFile folder = v.opens().stream().filter(o -> o.path().equals("reports"))
              .findFirst().orElseThrow();
          // An attributes-only open takes part in no share-mode check ([MS-FSA] 2.1.5.1.2).
          assertThat(folder.access()).startsWith("attributes");
          assertThat(folder.shareMode()).isEqualTo("-");
          assertThat(folder.locks()).isZero();

          f.requestLock().unlock(0, 10).send();
          assertThat(server.sessions().getFirst().opens()).filteredOn(o -> o.path().equals("reports\\q3.txt"))
              .extracting(ClientSession.OpenFile::locks).containsExactly(1);
        }
        assertThat(server.sessions().getFirst().opens()).isEmpty();
      }
      s.logoff();
      assertThat(server.sessions()).isEmpty();
    }
  }

  @Test
  void encryptedAndOlderDialectSessions_showTheirProtection() throws Exception {
    try (SMBClient sealed = client(SMB2Dialect.SMB_3_1_1, true);
        Connection c1 = sealed.connect("127.0.0.1", server.port());
        SMBClient old = client(SMB2Dialect.SMB_2_1, false);
        Connection c2 = old.connect("127.0.0.1", server.port())) {
      Session s1 = c1.authenticate(new AuthenticationContext(USER, PASSWORD.toCharArray(), "WORKGROUP"));
      Session s2 = c2.authenticate(new AuthenticationContext(USER, PASSWORD.toCharArray(), "WORKGROUP"));
      try (DiskShare d1 = (DiskShare) s1.connectShare(SEALED); DiskShare d2 = (DiskShare) s2.connectShare(VOLUME)) {
        assertThat(d1.list("")).isNotNull();
        assertThat(d2.list("")).isNotNull();
        List<ClientSession> sessions = server.sessions();
        assertThat(sessions).extracting(ClientSession::protocol)
            .containsExactlyInAnyOrder("SMB 3.1.1", "SMB 2.1");
        ClientSession v311 = sessions.stream().filter(v -> v.protocol().equals("SMB 3.1.1")).findFirst()
            .orElseThrow();
        // The server does not require encryption for every session: the session signs, and the share that
        // requires encryption (the test server's vault) is named with the cipher smbj negotiated.
        assertThat(v311.security()).isEqualTo("signed AES-CMAC, encrypted AES-128-GCM on " + SEALED);
        ClientSession v21 = sessions.stream().filter(v -> v.protocol().equals("SMB 2.1")).findFirst()
            .orElseThrow();
        assertThat(v21.security()).isEqualTo("signed HMAC-SHA256");
        assertThat(sessions).allSatisfy(v -> assertThat(v.client()).startsWith("127.0.0.1:"));
        assertThat(v311.client()).isNotEqualTo(v21.client());
      }
    }
  }
}
