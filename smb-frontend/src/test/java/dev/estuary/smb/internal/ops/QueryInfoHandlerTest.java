package dev.estuary.smb.internal.ops;

import static dev.estuary.smb.internal.ops.FilesFixture.READ;
import static dev.estuary.smb.internal.ops.FilesFixture.READ_WRITE_DELETE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.dfs.Attributes;
import dev.estuary.smb.internal.codec.Bytes;
import dev.estuary.smb.internal.codec.ErrorResponse;
import dev.estuary.smb.internal.codec.FileId;
import dev.estuary.smb.internal.codec.Fscc;
import dev.estuary.smb.internal.codec.Info;
import dev.estuary.smb.internal.codec.NtStatus;
import dev.estuary.smb.internal.codec.OutputResponse;
import dev.estuary.smb.internal.codec.ReadWrite;
import dev.estuary.smb.internal.codec.SecurityDescriptor;
import dev.estuary.smb.testing.SmbTestServer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** QUERY_INFO ([MS-SMB2] 3.3.5.20) through {@link QueryInfoHandler}. */
class QueryInfoHandlerTest {
  private static SmbTestServer server;
  private static FilesFixture f;
  private static FileId file;
  private static FileId root;

  @BeforeAll
  static void start() throws Exception {
    server = new SmbTestServer();
    f = new FilesFixture(server, SmbTestServer.USER);
    file = f.open("q.txt", READ_WRITE_DELETE, CreateHandler.FILE_CREATE, 0);
    f.call(new WriteHandler(), new ReadWrite.WriteRequest(0, file, 0, 0, Bytes.EMPTY, 0, FilesFixture.utf8("abcdef")));
    root = f.open("", READ, CreateHandler.FILE_OPEN, 0);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static SmbReply query(FileId id, int type, int cls, int out, int additional) {
    return f.call(new QueryInfoHandler(server.services()), new Info.QueryRequest(type, cls, out, Bytes.EMPTY,
        additional, 0, id));
  }

  private static ByteBuffer ok(SmbReply r) {
    assertThat(r.status()).isEqualTo(NtStatus.SUCCESS);
    return ByteBuffer.wrap(((OutputResponse) r.body()).output().toArray()).order(ByteOrder.LITTLE_ENDIAN);
  }

  @Test
  void aDeletePendingFileCountsNoLink() {
    FileId doomed = f.open("doomed.txt", READ_WRITE_DELETE, CreateHandler.FILE_CREATE, 0);
    assertThat(ok(query(doomed, Info.INFO_FILE, Fscc.FILE_STANDARD_INFORMATION, 24, 0)).getInt(16)).isEqualTo(1);
    assertThat(f.call(new SetInfoHandler(server.services()), new Info.SetRequest(Info.INFO_FILE,
        Fscc.FILE_DISPOSITION_INFORMATION, 0, doomed, Bytes.of(new byte[] {1}))).status()).isEqualTo(NtStatus.SUCCESS);
    // [MS-FSA] 2.1.5.12.27: the link marked for deletion is not counted; DeletePending is set.
    ByteBuffer std = ok(query(doomed, Info.INFO_FILE, Fscc.FILE_STANDARD_INFORMATION, 24, 0));
    assertThat(std.getInt(16)).isZero();
    assertThat(std.get(20)).isEqualTo((byte) 1);
    assertThat(ok(query(doomed, Info.INFO_FILE, Fscc.FILE_ALL_INFORMATION, 4096, 0)).getInt(56)).isZero();
  }

  @Test
  void fileClasses() {
    Attributes a = f.volume().resolve("q.txt", false);
    ByteBuffer basic = ok(query(file, Info.INFO_FILE, Fscc.FILE_BASIC_INFORMATION, 40, 0));
    assertThat(basic.getLong(0)).isEqualTo(SmbFiles.filetime(a.birthTime()));
    assertThat(basic.getInt(32)).isEqualTo(SmbFiles.ATTR_ARCHIVE);
    ByteBuffer std = ok(query(file, Info.INFO_FILE, Fscc.FILE_STANDARD_INFORMATION, 24, 0));
    assertThat(std.getLong(8)).isEqualTo(6);
    assertThat(std.getInt(16)).isEqualTo(1);
    assertThat(std.get(21)).isZero();
    assertThat(ok(query(file, Info.INFO_FILE, Fscc.FILE_INTERNAL_INFORMATION, 8, 0)).getLong(0))
        .isEqualTo(a.fileNumber());
    assertThat(ok(query(file, Info.INFO_FILE, Fscc.FILE_ACCESS_INFORMATION, 4, 0)).getInt(0)
        & SmbFiles.FILE_WRITE_DATA).isNotZero();
    ByteBuffer all = ok(query(file, Info.INFO_FILE, Fscc.FILE_ALL_INFORMATION, 4096, 0));
    int nameLen = all.getInt(96);
    assertThat(new String(all.array(), 100, nameLen, StandardCharsets.UTF_16LE)).isEqualTo("\\q.txt");
    ByteBuffer net = ok(query(file, Info.INFO_FILE, Fscc.FILE_NETWORK_OPEN_INFORMATION, 56, 0));
    assertThat(net.getLong(40)).isEqualTo(6);
    ByteBuffer streams = ok(query(file, Info.INFO_FILE, Fscc.FILE_STREAM_INFORMATION, 1024, 0));
    assertThat(new String(streams.array(), 24, streams.getInt(4), StandardCharsets.UTF_16LE)).isEqualTo("::$DATA");
    assertThat(streams.getLong(8)).isEqualTo(6);
    assertThat(ok(query(root, Info.INFO_FILE, Fscc.FILE_STREAM_INFORMATION, 1024, 0)).capacity()).isZero();
    assertThat(ok(query(root, Info.INFO_FILE, Fscc.FILE_STANDARD_INFORMATION, 24, 0)).get(21)).isEqualTo((byte) 1);
    assertThat(ok(query(file, Info.INFO_FILE, Fscc.FILE_ATTRIBUTE_TAG_INFORMATION, 8, 0)).getInt(4)).isZero();
  }

  @Test
  void lengthsAndUnservedClasses() {
    assertThat(query(file, Info.INFO_FILE, Fscc.FILE_BASIC_INFORMATION, 39, 0).status())
        .isEqualTo(NtStatus.INFO_LENGTH_MISMATCH);
    SmbReply cut = query(file, Info.INFO_FILE, Fscc.FILE_ALL_INFORMATION, 102, 0);
    assertThat(cut.status()).isEqualTo(NtStatus.BUFFER_OVERFLOW);
    assertThat(((OutputResponse) cut.body()).output().length()).isEqualTo(102);
    assertThat(query(file, Info.INFO_FILE, Fscc.FILE_ALTERNATE_NAME_INFORMATION, 512, 0).status())
        .isEqualTo(NtStatus.OBJECT_NAME_NOT_FOUND);
    assertThat(query(file, Info.INFO_FILE, Fscc.FILE_RENAME_INFORMATION, 512, 0).status())
        .isEqualTo(NtStatus.INVALID_INFO_CLASS);
    assertThat(query(file, Info.INFO_FILE, Fscc.FILE_COMPRESSION_INFORMATION, 512, 0).status())
        .isEqualTo(NtStatus.NOT_SUPPORTED);
    assertThat(query(file, Info.INFO_FILE, 200, 512, 0).status()).isEqualTo(NtStatus.INVALID_INFO_CLASS);
    assertThat(query(file, Info.INFO_QUOTA, 0, 512, 0).status()).isEqualTo(NtStatus.NOT_SUPPORTED);
    FileId attrsOnly = f.open("q.txt", SmbFiles.READ_CONTROL, CreateHandler.FILE_OPEN, 0);
    assertThat(query(attrsOnly, Info.INFO_FILE, Fscc.FILE_BASIC_INFORMATION, 40, 0).status())
        .isEqualTo(NtStatus.ACCESS_DENIED);
  }

  @Test
  void fileSystemClasses() {
    ByteBuffer full = ok(query(root, Info.INFO_FILESYSTEM, Fscc.FS_FULL_SIZE_INFORMATION, 32, 0));
    assertThat(full.getLong(0)).isPositive();
    assertThat(full.getInt(24) * full.getInt(28)).isEqualTo(4096);
    ByteBuffer attr = ok(query(root, Info.INFO_FILESYSTEM, Fscc.FS_ATTRIBUTE_INFORMATION, 64, 0));
    // Case-preserved Unicode names, sparse files, object ids and EAs; no named streams, no ACL store.
    assertThat(attr.getInt(0)).isEqualTo(0x2 | 0x4 | 0x40 | 0x00010000 | 0x00800000);
    assertThat(attr.getInt(4)).isEqualTo(255);
    // FILE_SUPPORTS_SPARSE_FILES: the sparse FSCTLs are served (smbtorture smb2.ioctl.sparse_* run on it).
    assertThat(attr.getInt(0) & 0x40).isEqualTo(0x40);
    assertThat(new String(attr.array(), 12, attr.getInt(8), StandardCharsets.UTF_16LE)).isEqualTo("NTFS");
    ByteBuffer vol = ok(query(root, Info.INFO_FILESYSTEM, Fscc.FS_VOLUME_INFORMATION, 128, 0));
    assertThat(new String(vol.array(), 18, vol.getInt(12), StandardCharsets.UTF_16LE))
        .isEqualTo(SmbTestServer.VOLUME);
    assertThat(ok(query(root, Info.INFO_FILESYSTEM, Fscc.FS_SIZE_INFORMATION, 24, 0)).getInt(20)).isEqualTo(512);
    assertThat(ok(query(root, Info.INFO_FILESYSTEM, Fscc.FS_DEVICE_INFORMATION, 8, 0)).getInt(0)).isEqualTo(7);
    assertThat(ok(query(root, Info.INFO_FILESYSTEM, Fscc.FS_SECTOR_SIZE_INFORMATION, 28, 0)).getInt(0))
        .isEqualTo(512);
    assertThat(ok(query(root, Info.INFO_FILESYSTEM, Fscc.FS_OBJECT_ID_INFORMATION, 64, 0)).capacity()).isEqualTo(64);
    assertThat(ok(query(root, Info.INFO_FILESYSTEM, Fscc.FS_CONTROL_INFORMATION, 48, 0)).getLong(32)).isEqualTo(-1);
    assertThat(query(root, Info.INFO_FILESYSTEM, Fscc.FS_VOLUME_INFORMATION, 23, 0).status())
        .isEqualTo(NtStatus.INFO_LENGTH_MISMATCH);
    assertThat(query(root, Info.INFO_FILESYSTEM, Fscc.FS_ATTRIBUTE_INFORMATION, 16, 0).status())
        .isEqualTo(NtStatus.BUFFER_OVERFLOW);
    assertThat(query(root, Info.INFO_FILESYSTEM, 77, 64, 0).status()).isEqualTo(NtStatus.INVALID_INFO_CLASS);
  }

  @Test
  void theSecurityDescriptorComesFromOwnerGroupAndMode() throws Exception {
    int parts = SecurityDescriptor.OWNER | SecurityDescriptor.GROUP | SecurityDescriptor.DACL;
    SmbReply r = query(file, Info.INFO_SECURITY, 0, 4096, parts);
    SecurityDescriptor sd = SecurityDescriptor.decode(((OutputResponse) r.body()).output());
    Attributes a = f.volume().resolve("q.txt", false);
    var sids = server.services().identity().sids();
    assertThat(sd.owner()).isEqualTo(Bytes.of(sids.userSid(a.uid()).toBytes()));
    assertThat(sd.group()).isEqualTo(Bytes.of(sids.groupSid(a.gid()).toBytes()));
    assertThat(sd.dacl()).hasSize(3);
    assertThat(SecurityMapping.modeOf(sd.dacl(), a, sids)).contains(a.mode());
    SmbReply small = query(file, Info.INFO_SECURITY, 0, 8, parts);
    assertThat(small.status()).isEqualTo(NtStatus.BUFFER_TOO_SMALL);
    assertThat(((ErrorResponse) small.body()).errorData().length()).isEqualTo(4);
    assertThat(query(file, Info.INFO_SECURITY, 0, 4096, SecurityDescriptor.SACL).status())
        .isEqualTo(NtStatus.PRIVILEGE_NOT_HELD);
  }
}
