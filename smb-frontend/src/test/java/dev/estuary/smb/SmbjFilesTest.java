package dev.estuary.smb;

import static dev.estuary.smb.testing.SmbTestServer.PASSWORD;
import static dev.estuary.smb.testing.SmbTestServer.READER;
import static dev.estuary.smb.testing.SmbTestServer.SEALED;
import static dev.estuary.smb.testing.SmbTestServer.USER;
import static dev.estuary.smb.testing.SmbTestServer.VOLUME;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hierynomus.msdtyp.AccessMask;
import com.hierynomus.msdtyp.FileTime;
import com.hierynomus.msdtyp.SecurityDescriptor;
import com.hierynomus.msdtyp.SecurityInformation;
import com.hierynomus.msfscc.FileAttributes;
import com.hierynomus.msfscc.fileinformation.FileAllInformation;
import com.hierynomus.msfscc.fileinformation.FileBasicInformation;
import com.hierynomus.msfscc.fileinformation.FileIdBothDirectoryInformation;
import com.hierynomus.msfscc.fileinformation.FileStandardInformation;
import com.hierynomus.msfscc.fileinformation.ShareInfo;
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
import dev.estuary.dfs.Volume;
import dev.estuary.smb.testing.SmbTestServer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * smbj 0.14.0 against the real server, for the file commands: create, write, read, list, rename, delete,
 * query and set information, the security descriptor, share-mode conflicts between two opens, over
 * signed 2.1/3.0/3.1.1 sessions and an encrypted 3.1.1 session. Every file written over SMB is read back
 * through the backend, which S3 and NFS also read, with the same bytes.
 */
class SmbjFilesTest {
  private static SmbTestServer server;

  @BeforeAll
  static void start() throws Exception {
    server = new SmbTestServer();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** How a test connects. */
  enum Mode {
    SIGNED_21(SMB2Dialect.SMB_2_1, false),
    SIGNED_30(SMB2Dialect.SMB_3_0, false),
    SIGNED_311(SMB2Dialect.SMB_3_1_1, false),
    SEALED_311(SMB2Dialect.SMB_3_1_1, true);

    final SMB2Dialect dialect;
    final boolean encrypt;

    Mode(SMB2Dialect dialect, boolean encrypt) {
      this.dialect = dialect;
      this.encrypt = encrypt;
    }
  }

  private static SMBClient client(Mode m) {
    return new SMBClient(SmbConfig.builder().withDialects(m.dialect).withSigningRequired(true)
        .withEncryptData(m.encrypt).withDfsEnabled(false).withMultiProtocolNegotiate(false)
        .withTimeout(30, TimeUnit.SECONDS).withReadBufferSize(1 << 20).withWriteBufferSize(1 << 20).build());
  }

  private static Session login(Connection c, String user) {
    return c.authenticate(new AuthenticationContext(user, PASSWORD.toCharArray(), "WORKGROUP"));
  }

  private static Volume backend(String volume) {
    return server.services().dfs().volume(volume);
  }

  private static byte[] backendBytes(String volume, String path) {
    Volume v = backend(volume);
    Attributes a = v.resolve(path, false);
    try (FileHandle h = v.open(a.id(), OpenMode.READ)) {
      ByteBuffer b = ByteBuffer.allocate((int) h.size());
      while (b.hasRemaining() && h.read(b.position(), b) >= 0) {
        // until full
      }
      return b.array();
    }
  }

  private static File create(DiskShare share, String path) {
    return share.openFile(path, EnumSet.of(AccessMask.GENERIC_READ, AccessMask.GENERIC_WRITE, AccessMask.DELETE),
        null, SMB2ShareAccess.ALL, SMB2CreateDisposition.FILE_CREATE, null);
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void createWriteReadListRenameDelete(Mode m) throws Exception {
    String share = m.encrypt ? SEALED : VOLUME;
    String dir = "work-" + m.name();
    byte[] data = new byte[3 * (1 << 20) + 12345];
    new Random(m.ordinal()).nextBytes(data);
    try (SMBClient client = client(m); Connection c = client.connect("127.0.0.1", server.port())) {
      Session s = login(c, USER);
      try (DiskShare d = (DiskShare) s.connectShare(share)) {
        d.mkdir(dir);
        assertThat(d.folderExists(dir)).isTrue();
        try (File f = create(d, dir + "\\Clip.MOV")) {
          assertThat(f.write(data, 0)).isEqualTo(data.length);
        }
        // Visible through the backend (and so S3 and NFS) with the same bytes, under the name as typed.
        assertThat(MessageDigest.getInstance("SHA-256").digest(backendBytes(share, dir + "/Clip.MOV")))
            .isEqualTo(MessageDigest.getInstance("SHA-256").digest(data));
        // Case-insensitive lookup, case-preserving listing.
        try (File f = d.openFile(dir + "\\clip.mov", EnumSet.of(AccessMask.GENERIC_READ), null,
            SMB2ShareAccess.ALL, SMB2CreateDisposition.FILE_OPEN, null)) {
          byte[] back = new byte[data.length];
          int off = 0;
          while (off < back.length) {
            int n = f.read(back, off, off, back.length - off);
            assertThat(n).isPositive();
            off += n;
          }
          assertThat(back).isEqualTo(data);
          FileStandardInformation std = f.getFileInformation(FileStandardInformation.class);
          assertThat(std.getEndOfFile()).isEqualTo(data.length);
          assertThat(std.isDirectory()).isFalse();
        }
        List<String> names = d.list(dir).stream().map(FileIdBothDirectoryInformation::getFileName).toList();
        assertThat(names).containsExactlyInAnyOrder(".", "..", "Clip.MOV");
        assertThat(d.list(dir, "*.mov")).extracting(FileIdBothDirectoryInformation::getFileName)
            .containsExactly("Clip.MOV");
        assertThat(d.list(dir, "*.txt")).isEmpty();

        try (File f = d.openFile(dir + "\\Clip.MOV", EnumSet.of(AccessMask.DELETE, AccessMask.GENERIC_READ), null,
            SMB2ShareAccess.ALL, SMB2CreateDisposition.FILE_OPEN, null)) {
          f.rename(dir + "\\Renamed.mov");
        }
        assertThat(d.fileExists(dir + "\\Clip.MOV")).isFalse();
        assertThat(backendBytes(share, dir + "/Renamed.mov")).isEqualTo(data);
        d.rm(dir + "\\Renamed.mov");
        assertThat(d.fileExists(dir + "\\Renamed.mov")).isFalse();
        d.rmdir(dir, false);
        assertThat(d.folderExists(dir)).isFalse();
      }
      s.logoff();
    }
    assertThat(server.services().objects().size()).isZero();
  }

  @Test
  void largeMtuReadsAndWritesOf8MiB() throws Exception {
    int mib8 = 8 << 20;
    byte[] data = new byte[2 * mib8 + 100];
    new Random(3).nextBytes(data);
    SmbConfig config = SmbConfig.builder().withDialects(SMB2Dialect.SMB_3_1_1).withSigningRequired(true)
        .withDfsEnabled(false).withMultiProtocolNegotiate(false).withTimeout(60, TimeUnit.SECONDS)
        .withReadBufferSize(mib8).withWriteBufferSize(mib8).build();
    try (SMBClient client = new SMBClient(config); Connection c = client.connect("127.0.0.1", server.port())) {
      Session s = login(c, USER);
      try (DiskShare d = (DiskShare) s.connectShare(VOLUME)) {
        try (File f = create(d, "big.bin")) {
          // smbj sends one WRITE per call, of at most the negotiated MaxWriteSize: 8 MiB and a credit charge of 128.
          assertThat(f.write(data, 0, 0, mib8)).isEqualTo(mib8);
          assertThat(f.write(data, mib8, mib8, data.length - mib8)).isEqualTo(data.length - mib8);
          byte[] back = new byte[mib8];
          // And one READ per call, answered in full.
          assertThat(f.read(back, mib8, 0, mib8)).isEqualTo(mib8);
          assertThat(back).isEqualTo(java.util.Arrays.copyOfRange(data, mib8, 2 * mib8));
        }
        assertThat(backendBytes(VOLUME, "big.bin")).isEqualTo(data);
        d.rm("big.bin");
      }
      s.logoff();
    }
  }

  @Test
  void queryAndSetInformationAndTheSecurityDescriptor() throws Exception {
    try (SMBClient client = client(Mode.SIGNED_311); Connection c = client.connect("127.0.0.1", server.port())) {
      Session s = login(c, USER);
      try (DiskShare d = (DiskShare) s.connectShare(VOLUME)) {
        try (File f = create(d, "info.txt")) {
          f.write("hello".getBytes(StandardCharsets.UTF_8), 0);
          FileAllInformation all = f.getFileInformation();
          assertThat(all.getStandardInformation().getEndOfFile()).isEqualTo(5);
          assertThat(all.getInternalInformation().getIndexNumber())
              .isEqualTo(backend(VOLUME).resolve("info.txt", false).fileNumber());
          assertThat(all.getNameInformation()).isEqualTo("\\info.txt");
          assertThat(all.getBasicInformation().getFileAttributes() & FileAttributes.FILE_ATTRIBUTE_ARCHIVE.getValue())
              .isNotZero();

          // Creation time and DOS attributes are kept per object.
          Instant created = Instant.parse("2020-01-02T03:04:05Z");
          f.setFileInformation(new FileBasicInformation(FileTime.ofEpochMillis(created.toEpochMilli()),
              FileBasicInformation.DONT_SET, FileBasicInformation.DONT_SET, FileBasicInformation.DONT_SET,
              FileAttributes.FILE_ATTRIBUTE_HIDDEN.getValue() | FileAttributes.FILE_ATTRIBUTE_ARCHIVE.getValue()));
          FileBasicInformation basic = f.getFileInformation(FileBasicInformation.class);
          assertThat(basic.getCreationTime().toEpochMillis()).isEqualTo(created.toEpochMilli());
          assertThat(basic.getFileAttributes()).isEqualTo(FileAttributes.FILE_ATTRIBUTE_HIDDEN.getValue()
              | FileAttributes.FILE_ATTRIBUTE_ARCHIVE.getValue());
          assertThat(backend(VOLUME).resolve("info.txt", false).birthTime()).isEqualTo(created);

          f.setLength(2);
          assertThat(f.getFileInformation(FileStandardInformation.class).getEndOfFile()).isEqualTo(2);

          SecurityDescriptor sd = f.getSecurityInformation(EnumSet.of(SecurityInformation.OWNER_SECURITY_INFORMATION,
              SecurityInformation.GROUP_SECURITY_INFORMATION, SecurityInformation.DACL_SECURITY_INFORMATION));
          assertThat(sd.getOwnerSid().toString()).isEqualTo(server.services().identity().sids()
              .userSid(server.services().identity().principal(USER).orElseThrow().uid()).toString());
          assertThat(sd.getDacl().getAces()).hasSize(3);
        }
        ShareInfo info = d.getShareInformation();
        assertThat(info.getTotalSpace()).isPositive();
        d.rm("info.txt");
      }
      s.logoff();
    }
  }

  @Test
  void aSecondOpenThatConflictsIsASharingViolation() throws Exception {
    try (SMBClient client = client(Mode.SIGNED_311); Connection c = client.connect("127.0.0.1", server.port())) {
      Session s = login(c, USER);
      try (DiskShare d = (DiskShare) s.connectShare(VOLUME)) {
        try (File first = d.openFile("locked.bin", EnumSet.of(AccessMask.GENERIC_READ, AccessMask.GENERIC_WRITE,
            AccessMask.DELETE), null, EnumSet.of(SMB2ShareAccess.FILE_SHARE_READ), SMB2CreateDisposition.FILE_CREATE,
            null)) {
          assertThatThrownBy(() -> d.openFile("locked.bin", EnumSet.of(AccessMask.GENERIC_WRITE), null,
              SMB2ShareAccess.ALL, SMB2CreateDisposition.FILE_OPEN, null))
              .hasMessageContaining("STATUS_SHARING_VIOLATION");
          // Reading is shared, so a reader gets in.
          d.openFile("locked.bin", EnumSet.of(AccessMask.GENERIC_READ), null, SMB2ShareAccess.ALL,
              SMB2CreateDisposition.FILE_OPEN, null).close();
          first.deleteOnClose();
        }
        assertThat(d.fileExists("locked.bin")).isFalse();
      }
      s.logoff();
    }
  }

  @Test
  void namesWindowsCannotHoldAreRefusedAndMissingOnesNotFound() throws Exception {
    try (SMBClient client = client(Mode.SIGNED_311); Connection c = client.connect("127.0.0.1", server.port())) {
      Session s = login(c, USER);
      try (DiskShare d = (DiskShare) s.connectShare(VOLUME)) {
        assertThatThrownBy(() -> create(d, "bad|name")).hasMessageContaining("STATUS_OBJECT_NAME_INVALID");
        assertThatThrownBy(() -> create(d, "what?")).hasMessageContaining("STATUS_OBJECT_NAME_INVALID");
        assertThatThrownBy(() -> d.openFile("missing.txt", EnumSet.of(AccessMask.GENERIC_READ), null,
            SMB2ShareAccess.ALL, SMB2CreateDisposition.FILE_OPEN, null))
            .hasMessageContaining("STATUS_OBJECT_NAME_NOT_FOUND");
        assertThatThrownBy(() -> d.openFile("no-dir\\x.txt", EnumSet.of(AccessMask.GENERIC_READ), null,
            SMB2ShareAccess.ALL, SMB2CreateDisposition.FILE_OPEN, null))
            .hasMessageContaining("STATUS_OBJECT_PATH_NOT_FOUND");
        create(d, "twice.txt").close();
        assertThatThrownBy(() -> create(d, "TWICE.txt")).hasMessageContaining("STATUS_OBJECT_NAME_COLLISION");
        d.rm("twice.txt");
      }
      s.logoff();
    }
  }

  @Test
  void aReaderCannotWrite() throws Exception {
    try (SMBClient client = client(Mode.SIGNED_311); Connection c = client.connect("127.0.0.1", server.port())) {
      Session s = login(c, READER);
      try (DiskShare d = (DiskShare) s.connectShare(VOLUME)) {
        assertThatThrownBy(() -> create(d, "reader.txt")).hasMessageContaining("STATUS_ACCESS_DENIED");
        assertThat(d.list("")).extracting(FileIdBothDirectoryInformation::getFileName).contains(".", "..");
      }
      s.logoff();
    }
  }

  @Test
  void openFilesAreClosedWhenTheConnectionDrops() throws Exception {
    try (SMBClient client = client(Mode.SIGNED_311)) {
      Connection c = client.connect("127.0.0.1", server.port());
      Session s = login(c, USER);
      DiskShare d = (DiskShare) s.connectShare(VOLUME);
      File f = d.openFile("dropped.bin", EnumSet.of(AccessMask.GENERIC_ALL), null, Set.of(),
          SMB2CreateDisposition.FILE_CREATE, EnumSet.of(SMB2CreateOptions.FILE_DELETE_ON_CLOSE));
      f.write(new byte[10], 0);
      assertThat(server.services().objects().size()).isEqualTo(1);
      c.close(true);
    }
    // Connection loss closes the open (3.3.7.1), which was delete-on-close.
    // The release runs on the connection's task after the socket closed: wait (bounded) for its effect.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while ((server.services().objects().size() != 0 || exists("dropped.bin")) && System.nanoTime() < deadline) {
      java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
    }
    assertThat(server.services().objects().size()).isZero();
    assertThatThrownBy(() -> backend(VOLUME).resolve("dropped.bin", false)).hasMessageContaining("dropped.bin");
  }

  private static boolean exists(String path) {
    try {
      backend(VOLUME).resolve(path, false);
      return true;
    } catch (dev.estuary.dfs.DfsException e) {
      return false;
    }
  }
}
