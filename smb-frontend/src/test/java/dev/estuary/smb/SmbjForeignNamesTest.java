package dev.estuary.smb;

import static dev.estuary.smb.testing.SmbTestServer.PASSWORD;
import static dev.estuary.smb.testing.SmbTestServer.USER;
import static dev.estuary.smb.testing.SmbTestServer.VOLUME;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hierynomus.msdtyp.AccessMask;
import com.hierynomus.msfscc.fileinformation.FileIdBothDirectoryInformation;
import com.hierynomus.mssmb2.SMB2CreateDisposition;
import com.hierynomus.mssmb2.SMB2Dialect;
import com.hierynomus.mssmb2.SMB2ShareAccess;
import com.hierynomus.mssmb2.SMBApiException;
import com.hierynomus.smbj.SMBClient;
import com.hierynomus.smbj.SmbConfig;
import com.hierynomus.smbj.auth.AuthenticationContext;
import com.hierynomus.smbj.connection.Connection;
import com.hierynomus.smbj.share.DiskShare;
import com.hierynomus.smbj.share.File;
import dev.estuary.dfs.Attributes;
import dev.estuary.dfs.FileHandle;
import dev.estuary.dfs.OpenMode;
import dev.estuary.dfs.Ownership;
import dev.estuary.dfs.Volume;
import dev.estuary.smb.testing.SmbTestServer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Names that S3 or NFS can create but Windows cannot hold ({@code : \ " * < > ? |}, control characters):
 * smbj lists them in their private-use form (codec WireNames), opens, reads, renames and deletes them by that
 * form, and a name a client sends in that form (as the macOS client does for {@code :}) is the backend name
 * with the real character. The same names sent as they are stay refused (STATUS_OBJECT_NAME_INVALID).
 */
class SmbjForeignNamesTest {
  private static SmbTestServer server;

  @BeforeAll
  static void start() throws Exception {
    server = new SmbTestServer();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static SMBClient client() {
    return new SMBClient(SmbConfig.builder().withDialects(SMB2Dialect.SMB_3_1_1).withSigningRequired(true)
        .withDfsEnabled(false).withMultiProtocolNegotiate(false).withTimeout(30, TimeUnit.SECONDS).build());
  }

  private static void backendFile(Volume v, Attributes dir, String name, String content) {
    Attributes a = v.create(dir.id(), name, 0644, new Ownership(1000, 1000), true);
    try (FileHandle h = v.open(a.id(), OpenMode.WRITE)) {
      h.write(0, ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8)));
    }
  }

  @Test
  void backendNamesWindowsCannotHold_listOpenRenameDeleteThroughTheirWireForm() throws Exception {
    Volume v = server.services().dfs().volume(VOLUME);
    Attributes dir = v.mkdir(v.root(), "from-s3", 0755, new Ownership(1000, 1000));
    backendFile(v, dir, "take 1: final.mov", "colon");
    backendFile(v, dir, "back\\slash.txt", "backslash");
    backendFile(v, dir, "what?.txt", "question");
    backendFile(v, dir, "tab\there", "tab");
    backendFile(v, dir, "dots...", "trailing dots");
    backendFile(v, dir, "plain.txt", "plain");
    try (SMBClient client = client(); Connection c = client.connect("127.0.0.1", server.port());
        DiskShare d = (DiskShare) c.authenticate(new AuthenticationContext(USER, PASSWORD.toCharArray(),
            "WORKGROUP")).connectShare(VOLUME)) {
      List<String> names = d.list("from-s3").stream().map(FileIdBothDirectoryInformation::getFileName)
          .filter(n -> !n.equals(".") && !n.equals("..")).toList();
      assertThat(names).containsExactlyInAnyOrder("take 1\uF022 final.mov", "back\uF026slash.txt", "what\uF025.txt",
          "tab\uF009here", "dots...", "plain.txt");
      // A wildcard pattern matches the names as listed.
      assertThat(d.list("from-s3", "*\uF022*")).extracting(FileIdBothDirectoryInformation::getFileName)
          .containsExactly("take 1\uF022 final.mov");

      try (File f = d.openFile("from-s3\\back\uF026slash.txt", EnumSet.of(AccessMask.GENERIC_READ), null,
          SMB2ShareAccess.ALL, SMB2CreateDisposition.FILE_OPEN, null)) {
        byte[] b = new byte[64];
        int n = f.read(b, 0);
        assertThat(new String(b, 0, n, StandardCharsets.UTF_8)).isEqualTo("backslash");
        assertThat(f.getFileInformation().getNameInformation()).endsWith("from-s3\\back\uF026slash.txt");
      }

      // Renamed over SMB to another such name: the backend gets the real characters.
      try (File f = d.openFile("from-s3\\take 1\uF022 final.mov", EnumSet.of(AccessMask.DELETE,
          AccessMask.GENERIC_READ), null, SMB2ShareAccess.ALL, SMB2CreateDisposition.FILE_OPEN, null)) {
        f.rename("from-s3\\take 2\uF022 \uF023final\uF024.mov");
      }
      assertThat(v.lookup(dir.id(), "take 2: <final>.mov")).isNotNull();

      // Created over SMB in the private-use form (what macOS sends for ':'): a real ':' in the backend.
      try (File f = d.openFile("from-s3\\mac\uF022name.txt", EnumSet.of(AccessMask.GENERIC_WRITE), null,
          SMB2ShareAccess.ALL, SMB2CreateDisposition.FILE_CREATE, null)) {
        f.write("from a mac".getBytes(StandardCharsets.UTF_8), 0);
      }
      assertThat(v.lookup(dir.id(), "mac:name.txt").size()).isEqualTo(10);
      // A rename that only changes case keeps the real characters too.
      try (File f = d.openFile("from-s3\\mac\uF022name.txt", EnumSet.of(AccessMask.DELETE), null,
          SMB2ShareAccess.ALL, SMB2CreateDisposition.FILE_OPEN, null)) {
        f.rename("from-s3\\MAC\uF022name.txt");
      }
      assertThat(v.readdir(dir.id(), dev.estuary.dfs.DirCursor.START, 100, false).entries())
          .extracting(dev.estuary.dfs.DirEntry::name).contains("MAC:name.txt").doesNotContain("mac:name.txt");

      d.rm("from-s3\\what\uF025.txt");
      assertThat(d.list("from-s3")).extracting(FileIdBothDirectoryInformation::getFileName)
          .doesNotContain("what\uF025.txt");
      assertThat(v.readdir(dir.id(), dev.estuary.dfs.DirCursor.START, 100, false).entries())
          .extracting(dev.estuary.dfs.DirEntry::name).doesNotContain("what?.txt").contains("MAC:name.txt");

      // The characters themselves are still refused (MS-FSCC 2.1.5.2).
      assertThatThrownBy(() -> d.openFile("from-s3\\new:name.txt", EnumSet.of(AccessMask.GENERIC_WRITE), null,
          SMB2ShareAccess.ALL, SMB2CreateDisposition.FILE_CREATE, null))
          .isInstanceOf(SMBApiException.class).hasMessageContaining("STATUS_OBJECT_NAME_INVALID");
    }
  }
}
