package dev.estuary.smb;

import static dev.estuary.smb.testing.SmbTestServer.PASSWORD;
import static dev.estuary.smb.testing.SmbTestServer.USER;
import static dev.estuary.smb.testing.SmbTestServer.VOLUME;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hierynomus.msdtyp.AccessMask;
import com.hierynomus.mssmb2.SMB2CreateDisposition;
import com.hierynomus.mssmb2.SMB2CreateOptions;
import com.hierynomus.mssmb2.SMB2Dialect;
import com.hierynomus.mssmb2.SMB2ShareAccess;
import com.hierynomus.smbj.SMBClient;
import com.hierynomus.smbj.SmbConfig;
import com.hierynomus.smbj.auth.AuthenticationContext;
import com.hierynomus.smbj.connection.Connection;
import com.hierynomus.smbj.session.Session;
import com.hierynomus.smbj.share.DiskShare;
import com.hierynomus.smbj.share.File;
import dev.estuary.dfs.Attributes;
import dev.estuary.dfs.FileHandle;
import dev.estuary.dfs.OpenMode;
import dev.estuary.dfs.Ownership;
import dev.estuary.dfs.RetentionMode;
import dev.estuary.dfs.Volume;
import dev.estuary.smb.testing.SmbTestServer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * smbj against a file under retention or legal hold (set through the backend, as S3 Object Lock
 * does): deleting it is refused with STATUS_CANNOT_DELETE when the client asks for it (SET_INFO
 * disposition, or CREATE with FILE_DELETE_ON_CLOSE), as Windows answers for a read-only file;
 * writing to it or renaming another file over it with STATUS_ACCESS_DENIED; the bytes stay.
 */
class SmbjRetentionTest {
  private static final byte[] CONTENT = "veeam block 42".getBytes(StandardCharsets.UTF_8);
  private static SmbTestServer server;

  @BeforeAll
  static void start() throws Exception {
    server = new SmbTestServer();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static Volume backend() {
    return server.services().dfs().volume(VOLUME);
  }

  private static Attributes backendFile(String name) {
    Volume v = backend();
    Attributes root = v.getAttributes(v.root()); // the volume belongs to the SMB user
    Attributes a = v.create(v.root(), name, 0666, new Ownership(root.uid(), root.gid()), true);
    try (FileHandle h = v.open(a.id(), OpenMode.WRITE)) {
      h.write(0, ByteBuffer.wrap(CONTENT));
    }
    return a;
  }

  private static byte[] backendBytes(String name) {
    Volume v = backend();
    Attributes a = v.lookup(v.root(), name);
    try (FileHandle h = v.open(a.id(), OpenMode.READ)) {
      ByteBuffer b = ByteBuffer.allocate((int) h.size());
      h.read(0, b);
      return b.array();
    }
  }

  private static SMBClient client() {
    return new SMBClient(SmbConfig.builder().withDialects(SMB2Dialect.SMB_3_1_1).withSigningRequired(true)
        .withDfsEnabled(false).withMultiProtocolNegotiate(false).withTimeout(30, TimeUnit.SECONDS).build());
  }

  @Test
  void deletingARetainedFileIsCannotDelete_writingOrReplacingItAccessDenied() throws Exception {
    Attributes locked = backendFile("locked.vbk");
    backendFile("other.vbk");
    backend().setRetention(locked.id(), RetentionMode.GOVERNANCE,
        server.services().clock().instant().plus(Duration.ofDays(30)), false);

    try (SMBClient client = client(); Connection c = client.connect("127.0.0.1", server.port())) {
      Session s = c.authenticate(new AuthenticationContext(USER, PASSWORD.toCharArray(), "WORKGROUP"));
      try (DiskShare d = (DiskShare) s.connectShare(VOLUME)) {
        assertThatThrownBy(() -> d.rm("locked.vbk")).hasMessageContaining("STATUS_CANNOT_DELETE");
        assertThatThrownBy(() -> d.openFile("locked.vbk", EnumSet.of(AccessMask.DELETE), null,
            SMB2ShareAccess.ALL, SMB2CreateDisposition.FILE_OPEN,
            EnumSet.of(SMB2CreateOptions.FILE_DELETE_ON_CLOSE)).close())
            .hasMessageContaining("STATUS_CANNOT_DELETE");
        try (File f = d.openFile("locked.vbk", EnumSet.of(AccessMask.GENERIC_READ, AccessMask.GENERIC_WRITE), null,
            SMB2ShareAccess.ALL, SMB2CreateDisposition.FILE_OPEN, null)) {
          assertThatThrownBy(() -> f.write(new byte[] {1, 2, 3}, 0)).hasMessageContaining("STATUS_ACCESS_DENIED");
        }
        assertThatThrownBy(() -> d.openFile("locked.vbk", EnumSet.of(AccessMask.GENERIC_WRITE), null,
            SMB2ShareAccess.ALL, SMB2CreateDisposition.FILE_OVERWRITE, null).close())
            .hasMessageContaining("STATUS_ACCESS_DENIED");
        try (File other = d.openFile("other.vbk", EnumSet.of(AccessMask.DELETE, AccessMask.GENERIC_READ), null,
            SMB2ShareAccess.ALL, SMB2CreateDisposition.FILE_OPEN, null)) {
          assertThatThrownBy(() -> other.rename("locked.vbk", true)).hasMessageContaining("STATUS_ACCESS_DENIED");
        }
        assertThat(d.fileExists("locked.vbk")).isTrue();
      }
      s.logoff();
    }
    assertThat(backendBytes("locked.vbk")).isEqualTo(CONTENT);
    assertThat(backend().lookup(backend().root(), "locked.vbk").id()).isEqualTo(locked.id());
  }

  @Test
  void aHeldFileCanBeRenamedButNotDeleted_andIsDeletableOnceReleased() throws Exception {
    Attributes held = backendFile("held.vbk");
    backend().setLegalHold(held.id(), true);

    try (SMBClient client = client(); Connection c = client.connect("127.0.0.1", server.port())) {
      Session s = c.authenticate(new AuthenticationContext(USER, PASSWORD.toCharArray(), "WORKGROUP"));
      try (DiskShare d = (DiskShare) s.connectShare(VOLUME)) {
        try (File f = d.openFile("held.vbk", EnumSet.of(AccessMask.DELETE, AccessMask.GENERIC_READ), null,
            SMB2ShareAccess.ALL, SMB2CreateDisposition.FILE_OPEN, null)) {
          f.rename("moved.vbk");
        }
        assertThatThrownBy(() -> d.rm("moved.vbk")).hasMessageContaining("STATUS_CANNOT_DELETE");

        backend().setLegalHold(held.id(), false);
        d.rm("moved.vbk");
        assertThat(d.fileExists("moved.vbk")).isFalse();
      }
      s.logoff();
    }
  }
}
