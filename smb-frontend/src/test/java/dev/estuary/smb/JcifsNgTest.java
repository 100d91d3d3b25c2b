package dev.estuary.smb;

import static dev.estuary.smb.testing.SmbTestServer.NOBODY;
import static dev.estuary.smb.testing.SmbTestServer.PASSWORD;
import static dev.estuary.smb.testing.SmbTestServer.READER;
import static dev.estuary.smb.testing.SmbTestServer.SEALED;
import static dev.estuary.smb.testing.SmbTestServer.USER;
import static dev.estuary.smb.testing.SmbTestServer.VOLUME;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.estuary.dfs.Attributes;
import dev.estuary.dfs.FileHandle;
import dev.estuary.dfs.OpenMode;
import dev.estuary.dfs.Volume;
import dev.estuary.smb.testing.SmbTestServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import jcifs.CIFSContext;
import jcifs.SmbConstants;
import jcifs.config.PropertyConfiguration;
import jcifs.context.BaseContext;
import jcifs.smb.NtlmPasswordAuthenticator;
import jcifs.smb.SmbAuthException;
import jcifs.smb.SmbException;
import jcifs.smb.SmbFile;
import jcifs.smb.SmbRandomAccessFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * jcifs-ng 2.1.10, a second Java SMB2/3 client written by others, against the real server: every command
 * its public API sends (NEGOTIATE with SMB2 negotiation, SESSION_SETUP with NTLMv2, TREE_CONNECT, CREATE,
 * READ, WRITE, QUERY_DIRECTORY, QUERY_INFO, SET_INFO for times, attributes, end of file, rename and
 * disposition, IOCTL server-side copy, CLOSE, LOGOFF) over signed 2.0.2,
 * 2.1, 3.0, 3.0.2 and 3.1.1 sessions, with the bytes checked through the backend that S3 and NFS read.
 * jcifs-ng 2.1.10 cannot encrypt (it has no SMB3 transform code) and lists shares only on port 445, so
 * sealed sessions and share listing are covered by smbj, smbclient and rpcclient instead.
 */
class JcifsNgTest {
  private static SmbTestServer server;

  @BeforeAll
  static void start() throws Exception {
    server = new SmbTestServer();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** How a test connects: jcifs-ng's dialect name, and whether it asks for encryption. */
  enum Mode {
    SIGNED_202("SMB202"),
    SIGNED_210("SMB210"),
    SIGNED_300("SMB300"),
    SIGNED_302("SMB302"),
    SIGNED_311("SMB311");

    final String dialect;

    Mode(String dialect) {
      this.dialect = dialect;
    }
  }

  /** The contexts a test made: closed after it, so their pooled connections do not pile up to the limit. */
  private final List<CIFSContext> contexts = new ArrayList<>();

  @AfterEach
  void closeContexts() throws Exception {
    for (CIFSContext c : contexts) {
      c.close();
    }
  }

  private CIFSContext context(Mode m, String user, String password) throws Exception {
    Properties p = new Properties();
    p.setProperty("jcifs.smb.client.minVersion", m.dialect);
    p.setProperty("jcifs.smb.client.maxVersion", m.dialect);
    // No SMB1 probe: straight SMB2 NEGOTIATE (the SMB1 upgrade path has its own test).
    p.setProperty("jcifs.smb.client.useSMB2Negotiation", "true");
    p.setProperty("jcifs.smb.client.disableSMB1", "true");
    p.setProperty("jcifs.smb.client.signingEnforced", "true");
    p.setProperty("jcifs.smb.client.ipcSigningEnforced", "true");
    // jcifs-ng 2.1.10 can offer a cipher but has no SMB3 transform (no TRANSFORM_HEADER code), so it
    // cannot read an encrypted answer: it never asks for encryption here (smbj and smbclient cover sealing).
    p.setProperty("jcifs.smb.client.encryptionEnabled", "false");
    // No attribute cache: every length/time/attribute question goes to the server.
    p.setProperty("jcifs.smb.client.attrExpirationPeriod", "0");
    p.setProperty("jcifs.smb.client.dfs.disabled", "true");
    p.setProperty("jcifs.resolveOrder", "DNS");
    p.setProperty("jcifs.smb.client.responseTimeout", "30000");
    p.setProperty("jcifs.smb.client.soTimeout", "35000");
    CIFSContext base = new BaseContext(new PropertyConfiguration(p));
    contexts.add(base);
    return base.withCredentials(new NtlmPasswordAuthenticator("WORKGROUP", user, password));
  }

  private static String url(String share, String path) {
    return "smb://127.0.0.1:" + server.port() + "/" + share + "/" + path;
  }

  private static byte[] backendBytes(String volume, String path) {
    Volume v = server.services().dfs().volume(volume);
    Attributes a = v.resolve(path, false);
    try (FileHandle h = v.open(a.id(), OpenMode.READ)) {
      ByteBuffer b = ByteBuffer.allocate((int) h.size());
      while (b.hasRemaining() && h.read(b.position(), b) >= 0) {
        // until full
      }
      return b.array();
    }
  }

  private static String dirName(Mode m) {
    return "jcifs-" + m.name().toLowerCase(java.util.Locale.ROOT);
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void createWriteReadListRenameDelete(Mode m) throws Exception {
    String share = VOLUME;
    CIFSContext ctx = context(m, USER, PASSWORD);
    String dir = dirName(m);
    byte[] data = new byte[3 * 1024 * 1024 + 123];
    new Random(42).nextBytes(data);
    try (SmbFile d = new SmbFile(url(share, dir + "/"), ctx)) {
      d.mkdir();
      assertThat(d.isDirectory()).isTrue();
      try (SmbFile f = new SmbFile(url(share, dir + "/Clip.MOV"), ctx)) {
        try (OutputStream out = f.openOutputStream()) {
          out.write(data);
        }
        assertThat(f.length()).isEqualTo(data.length);
        try (InputStream in = f.openInputStream()) {
          assertThat(in.readAllBytes()).isEqualTo(data);
        }
        // Case-insensitive, case-preserving lookup.
        try (SmbFile other = new SmbFile(url(share, dir + "/clip.mov"), ctx)) {
          assertThat(other.exists()).isTrue();
          assertThat(other.length()).isEqualTo(data.length);
        }
      }
      assertThat(backendBytes(share, dir + "/Clip.MOV")).isEqualTo(data);
      for (int i = 0; i < 5; i++) {
        try (SmbFile f = new SmbFile(url(share, dir + "/small-" + i + ".txt"), ctx)) {
          f.createNewFile();
        }
      }
      assertThat(Arrays.stream(d.list()).sorted())
          .containsExactly("Clip.MOV", "small-0.txt", "small-1.txt", "small-2.txt", "small-3.txt", "small-4.txt");
      SmbFile[] wild = d.listFiles("small-?.txt");
      assertThat(wild).hasSize(5);
      for (SmbFile f : wild) {
        f.close();
      }
      try (SmbFile from = new SmbFile(url(share, dir + "/Clip.MOV"), ctx);
          SmbFile to = new SmbFile(url(share, dir + "/Renamed.mov"), ctx)) {
        from.renameTo(to);
        assertThat(from.exists()).isFalse();
        assertThat(to.exists()).isTrue();
        // Rename onto an existing file without replace is refused and loses nothing.
        try (SmbFile small = new SmbFile(url(share, dir + "/small-0.txt"), ctx)) {
          assertThatThrownBy(() -> to.renameTo(small)).isInstanceOf(SmbException.class);
        }
        assertThat(backendBytes(share, dir + "/Renamed.mov")).isEqualTo(data);
        try (SmbFile small = new SmbFile(url(share, dir + "/small-0.txt"), ctx)) {
          to.renameTo(small, true);
        }
      }
      assertThat(backendBytes(share, dir + "/small-0.txt")).isEqualTo(data);
      d.delete(); // recursive: jcifs-ng deletes the children first
      assertThat(d.exists()).isFalse();
    }
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void randomAccessTimesAttributesAndServerSideCopy(Mode m) throws Exception {
    String share = VOLUME;
    CIFSContext ctx = context(m, USER, PASSWORD);
    String dir = dirName(m) + "-ra";
    try (SmbFile d = new SmbFile(url(share, dir + "/"), ctx)) {
      d.mkdir();
      try (SmbFile f = new SmbFile(url(share, dir + "/data.bin"), ctx)) {
        try (SmbRandomAccessFile raf = f.openRandomAccess("rw")) {
          raf.seek(1_000_000);
          raf.write(new byte[] {1, 2, 3, 4});
          assertThat(raf.length()).isEqualTo(1_000_004);
          raf.seek(10);
          raf.write(new byte[] {9});
          raf.setLength(500_000); // SET_INFO end of file
          raf.seek(10);
          assertThat(raf.read()).isEqualTo(9);
        }
        assertThat(f.length()).isEqualTo(500_000);
        byte[] stored = backendBytes(share, dir + "/data.bin");
        assertThat(stored).hasSize(500_000);
        assertThat(stored[10]).isEqualTo((byte) 9);

        long when = 1_600_000_000_000L;
        f.setLastModified(when);
        f.setCreateTime(when - 86_400_000L);
        assertThat(f.lastModified()).isEqualTo(when);
        assertThat(f.createTime()).isEqualTo(when - 86_400_000L);

        f.setAttributes(SmbConstants.ATTR_HIDDEN | SmbConstants.ATTR_ARCHIVE);
        assertThat(f.getAttributes() & (SmbConstants.ATTR_HIDDEN | SmbConstants.ATTR_READONLY))
            .isEqualTo(SmbConstants.ATTR_HIDDEN);
        f.setReadOnly();
        assertThat(f.canWrite()).isFalse();
        f.setReadWrite();
        assertThat(f.canWrite()).isTrue();

        // SmbFile.copyTo on one server uses FSCTL_SRV_REQUEST_RESUME_KEY + FSCTL_SRV_COPYCHUNK_WRITE.
        double ioctlsBefore = server.count("IOCTL", "STATUS_SUCCESS");
        try (SmbFile copy = new SmbFile(url(share, dir + "/copy.bin"), ctx)) {
          f.copyTo(copy);
          assertThat(copy.length()).isEqualTo(500_000);
        }
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        assertThat(md.digest(backendBytes(share, dir + "/copy.bin")))
            .isEqualTo(MessageDigest.getInstance("SHA-256").digest(stored));
        // The copy went through the server-side copy FSCTLs, not a READ/WRITE fallback.
        assertThat(server.count("IOCTL", "STATUS_SUCCESS")).isGreaterThanOrEqualTo(ioctlsBefore + 2);
      }
      d.delete();
    }
  }

  @Test
  void aShareThatRequiresEncryptionRefusesAClientThatCannotEncrypt() throws Exception {
    // MS-SMB2 3.3.5.7: Share.EncryptData with a connection that negotiated no cipher is ACCESS_DENIED;
    // the server must not answer in a form the client cannot read.
    try (SmbFile share = new SmbFile(url(SEALED, ""), context(Mode.SIGNED_311, USER, PASSWORD))) {
      assertThatThrownBy(share::list).isInstanceOf(SmbException.class).hasMessageContaining("denied");
    }
    // The same user on a share without that requirement is fine on the same server.
    try (SmbFile share = new SmbFile(url(VOLUME, ""), context(Mode.SIGNED_311, USER, PASSWORD))) {
      assertThat(share.list()).isNotNull();
    }
  }

  @Test
  void aUserWithoutAGrantCannotConnect() throws Exception {
    // Share listing over srvsvc is not tested with jcifs-ng: its IPC$ connection for NetShareEnum
    // drops the URL's port (it only reaches 445); smbclient -L and rpcclient test the listing.
    try (SmbFile share = new SmbFile(url(VOLUME, ""), context(Mode.SIGNED_311, NOBODY, PASSWORD))) {
      assertThatThrownBy(share::list).isInstanceOf(SmbException.class);
    }
  }

  @Test
  void aWrongPasswordIsRefusedAndAReaderCannotWrite() throws Exception {
    try (SmbFile share = new SmbFile(url(VOLUME, ""), context(Mode.SIGNED_311, USER, "not-" + PASSWORD))) {
      assertThatThrownBy(share::list).isInstanceOf(SmbAuthException.class);
    }
    try (SmbFile f = new SmbFile(url(VOLUME, "reader-cannot.txt"), context(Mode.SIGNED_311, READER, PASSWORD))) {
      assertThatThrownBy(f::createNewFile).isInstanceOf(SmbException.class)
          .hasMessageContaining("denied");
      assertThat(f.exists()).isFalse();
    }
  }

  @Test
  void aSharingViolationBetweenTwoClients() throws Exception {
    CIFSContext a = context(Mode.SIGNED_311, USER, PASSWORD);
    CIFSContext b = context(Mode.SIGNED_300, USER, PASSWORD);
    try (SmbFile f = new SmbFile(url(VOLUME, "locked-open.txt"), a)) {
      try (OutputStream out = f.openOutputStream(false, SmbConstants.FILE_NO_SHARE)) {
        out.write(new byte[] {1});
        try (SmbFile g = new SmbFile(url(VOLUME, "locked-open.txt"), b)) {
          assertThatThrownBy(() -> g.openInputStream().close()).isInstanceOf(SmbException.class)
              .hasMessageContaining("being used by another process");
        }
      }
      try (SmbFile g = new SmbFile(url(VOLUME, "locked-open.txt"), b); InputStream in = g.openInputStream()) {
        assertThat(in.readAllBytes()).containsExactly(1);
      }
      f.delete();
    }
  }
}
