package dev.estuary.smb;

import static dev.estuary.smb.testing.SmbTestServer.PASSWORD;
import static dev.estuary.smb.testing.SmbTestServer.USER;
import static dev.estuary.smb.testing.SmbTestServer.VOLUME;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hierynomus.msdtyp.AccessMask;
import com.hierynomus.mssmb2.SMB2CreateDisposition;
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
import dev.estuary.dfs.EncryptedObjects;
import dev.estuary.dfs.FileHandle;
import dev.estuary.dfs.OpenMode;
import dev.estuary.dfs.Ownership;
import dev.estuary.dfs.Volume;
import dev.estuary.dfs.XattrMode;
import dev.estuary.smb.testing.SmbTestServer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * smbj against an object S3 encrypted: the object carries the backend's mark ({@link
 * EncryptedObjects#XATTR}, set here as S3 sets it before linking), so opening it to read, to write
 * or to overwrite is STATUS_ACCESS_DENIED (the one decorator every file protocol goes through
 * refuses it; SMB would read ciphertext or corrupt it), its bytes stay as they were, and the
 * directory still lists it.
 */
class SmbjEncryptedObjectTest {
  private static SmbTestServer server;
  private static final byte[] CIPHERTEXT = "not really plaintext".getBytes(StandardCharsets.UTF_8);

  @BeforeAll
  static void start() throws Exception {
    server = new SmbTestServer();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static Attributes encryptedObject(String name) {
    Volume v = server.services().dfs().volume(VOLUME);
    int uid = server.services().identity().principal(USER).orElseThrow().uid();
    Attributes a = v.create(v.root(), name, 0666, new Ownership(uid, uid), true);
    try (FileHandle h = v.open(a.id(), OpenMode.READ_WRITE)) {
      h.write(0, ByteBuffer.wrap(CIPHERTEXT));
    }
    v.setXattr(a.id(), EncryptedObjects.XATTR, new byte[] {1}, XattrMode.UPSERT);
    return a;
  }

  private static byte[] backendBytes(Attributes a) {
    Volume v = server.services().dfs().volume(VOLUME);
    try (FileHandle h = v.open(a.id(), OpenMode.READ)) {
      ByteBuffer b = ByteBuffer.allocate((int) h.size());
      while (b.hasRemaining() && h.read(b.position(), b) >= 0) {
        // until full
      }
      return b.array();
    }
  }

  @Test
  void readWriteAndOverwriteAreDenied() throws Exception {
    Attributes a = encryptedObject("sealed.bin");
    try (SMBClient client = new SMBClient(SmbConfig.builder().withDialects(SMB2Dialect.SMB_3_1_1)
        .withSigningRequired(true).withDfsEnabled(false).withMultiProtocolNegotiate(false)
        .withTimeout(30, TimeUnit.SECONDS).build());
        Connection c = client.connect("127.0.0.1", server.port())) {
      Session s = c.authenticate(new AuthenticationContext(USER, PASSWORD.toCharArray(), "WORKGROUP"));
      try (DiskShare d = (DiskShare) s.connectShare(VOLUME)) {
        assertThatThrownBy(() -> {
          try (File f = d.openFile("sealed.bin", EnumSet.of(AccessMask.GENERIC_READ), null,
              SMB2ShareAccess.ALL, SMB2CreateDisposition.FILE_OPEN, null)) {
            f.read(new byte[64], 0);
          }
        }).hasMessageContaining("STATUS_ACCESS_DENIED");
        assertThatThrownBy(() -> {
          try (File f = d.openFile("sealed.bin", EnumSet.of(AccessMask.GENERIC_WRITE), null,
              SMB2ShareAccess.ALL, SMB2CreateDisposition.FILE_OPEN, null)) {
            f.write("overwritten".getBytes(StandardCharsets.UTF_8), 0);
          }
        }).hasMessageContaining("STATUS_ACCESS_DENIED");
        assertThatThrownBy(() -> {
          try (File f = d.openFile("sealed.bin", EnumSet.of(AccessMask.GENERIC_WRITE), null,
              SMB2ShareAccess.ALL, SMB2CreateDisposition.FILE_OVERWRITE, null)) {
            f.write("x".getBytes(StandardCharsets.UTF_8), 0);
          }
        }).hasMessageContaining("STATUS_ACCESS_DENIED");
        assertThat(d.list("").stream().map(i -> i.getFileName())).contains("sealed.bin");
      }
    }
    assertThat(backendBytes(a)).isEqualTo(CIPHERTEXT);
  }
}
