package dev.estuary.smb.internal.ops;

import static dev.estuary.smb.internal.ops.FilesFixture.READ;
import static dev.estuary.smb.internal.ops.FilesFixture.READ_WRITE_DELETE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.estuary.dfs.Attributes;
import dev.estuary.smb.internal.codec.Bytes;
import dev.estuary.smb.internal.codec.FileId;
import dev.estuary.smb.internal.codec.Fscc;
import dev.estuary.smb.internal.codec.Info;
import dev.estuary.smb.internal.codec.NtStatus;
import dev.estuary.smb.internal.codec.SecurityDescriptor;
import dev.estuary.smb.testing.SmbTestServer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** SET_INFO ([MS-SMB2] 3.3.5.21) through {@link SetInfoHandler}. */
class SetInfoHandlerTest {
  private static SmbTestServer server;
  private static FilesFixture f;

  @BeforeAll
  static void start() throws Exception {
    server = new SmbTestServer();
    f = new FilesFixture(server, SmbTestServer.USER);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static NtStatus set(FileId id, int type, int cls, int additional, byte[] buffer) {
    return f.call(new SetInfoHandler(server.services()), new Info.SetRequest(type, cls, additional, id,
        Bytes.of(buffer))).status();
  }

  private static ByteBuffer le(int size) {
    return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
  }

  private static byte[] rename(String target, boolean replace) {
    byte[] n = target.getBytes(StandardCharsets.UTF_16LE);
    return le(20 + n.length).put(0, (byte) (replace ? 1 : 0)).putInt(16, n.length).put(20, n).array();
  }

  @Test
  void basicSetsTimesAndDosAttributes() {
    FileId id = f.open("b.txt", READ_WRITE_DELETE, CreateHandler.FILE_CREATE, 0);
    Instant created = Instant.parse("2019-05-06T07:08:09.123Z");
    Instant written = Instant.parse("2021-01-01T00:00:00Z");
    byte[] basic = le(40).putLong(0, SmbFiles.filetime(created)).putLong(16, SmbFiles.filetime(written))
        .putLong(8, -1).putInt(32, SmbFiles.ATTR_READONLY | SmbFiles.ATTR_SYSTEM).array();
    assertThat(set(id, Info.INFO_FILE, Fscc.FILE_BASIC_INFORMATION, 0, basic)).isEqualTo(NtStatus.SUCCESS);
    Attributes a = f.volume().resolve("b.txt", false);
    assertThat(a.birthTime()).isEqualTo(created);
    assertThat(a.modifyTime()).isEqualTo(written);
    assertThat(SmbFiles.attributes(f.volume(), a)).isEqualTo(SmbFiles.ATTR_READONLY | SmbFiles.ATTR_SYSTEM);
    // A read-only file refuses write opens and deletion, but opens for DELETE.
    assertThat(f.create(FilesFixture.create("b.txt", SmbFiles.GENERIC_WRITE, 7, CreateHandler.FILE_OPEN, 0))
        .status()).isEqualTo(NtStatus.ACCESS_DENIED);
    assertThat(f.create(FilesFixture.create("b.txt", SmbFiles.DELETE, 7, CreateHandler.FILE_OPEN, 0))
        .status()).isEqualTo(NtStatus.SUCCESS);
    assertThat(set(id, Info.INFO_FILE, Fscc.FILE_DISPOSITION_INFORMATION, 0, new byte[] {1}))
        .isEqualTo(NtStatus.CANNOT_DELETE);
    assertThat(set(id, Info.INFO_FILE, Fscc.FILE_BASIC_INFORMATION, 0, new byte[8]))
        .isEqualTo(NtStatus.INFO_LENGTH_MISMATCH);
    assertThat(set(id, Info.INFO_FILE, Fscc.FILE_BASIC_INFORMATION, 0,
        le(40).putInt(32, SmbFiles.ATTR_DIRECTORY).array())).isEqualTo(NtStatus.INVALID_PARAMETER);
    FileId dir = f.open("", READ | SmbFiles.FILE_WRITE_ATTRIBUTES, CreateHandler.FILE_OPEN, 0);
    assertThat(set(dir, Info.INFO_FILE, Fscc.FILE_BASIC_INFORMATION, 0,
        le(40).putInt(32, SetInfoHandler.ATTR_TEMPORARY).array())).isEqualTo(NtStatus.INVALID_PARAMETER);
  }

  @Test
  void aChangeTimeSetIsAnsweredUntilTheObjectChanges() {
    FileId id = f.open("ct.txt", READ_WRITE_DELETE, CreateHandler.FILE_CREATE, 0);
    long ct = SmbFiles.filetime(Instant.parse("2018-03-04T05:06:07Z"));
    assertThat(set(id, Info.INFO_FILE, Fscc.FILE_BASIC_INFORMATION, 0, le(40).putLong(24, ct).array()))
        .isEqualTo(NtStatus.SUCCESS);
    QueryInfoHandler q = new QueryInfoHandler(server.services());
    java.util.function.LongSupplier changeTime = () -> ByteBuffer.wrap(((dev.estuary.smb.internal.codec.OutputResponse)
        f.call(q, new Info.QueryRequest(Info.INFO_FILE, Fscc.FILE_BASIC_INFORMATION, 40, Bytes.EMPTY, 0, 0, id))
            .body()).output().toArray()).order(ByteOrder.LITTLE_ENDIAN).getLong(24);
    assertThat(changeTime.getAsLong()).isEqualTo(ct);
    f.call(new WriteHandler(), new dev.estuary.smb.internal.codec.ReadWrite.WriteRequest(0, id, 0, 0, Bytes.EMPTY, 0,
        FilesFixture.utf8("changed")));
    assertThat(changeTime.getAsLong()).isNotEqualTo(ct)
        .isEqualTo(SmbFiles.filetime(f.volume().resolve("ct.txt", false).changeTime()));
  }

  @Test
  void endOfFileAllocationAndDisposition() {
    FileId id = f.open("e.txt", READ_WRITE_DELETE, CreateHandler.FILE_CREATE, 0);
    assertThat(set(id, Info.INFO_FILE, Fscc.FILE_END_OF_FILE_INFORMATION, 0, le(8).putLong(0, 5000).array()))
        .isEqualTo(NtStatus.SUCCESS);
    assertThat(f.volume().resolve("e.txt", false).size()).isEqualTo(5000);
    assertThat(set(id, Info.INFO_FILE, Fscc.FILE_ALLOCATION_INFORMATION, 0, le(8).putLong(0, 1 << 20).array()))
        .isEqualTo(NtStatus.SUCCESS);
    assertThat(f.volume().resolve("e.txt", false).size()).isEqualTo(5000);
    assertThat(f.volume().resolve("e.txt", false).allocatedBytes()).isGreaterThanOrEqualTo(1 << 20);
    assertThat(set(id, Info.INFO_FILE, Fscc.FILE_ALLOCATION_INFORMATION, 0, le(8).putLong(0, 100).array()))
        .isEqualTo(NtStatus.SUCCESS);
    assertThat(f.volume().resolve("e.txt", false).size()).isEqualTo(100);
    assertThat(set(id, Info.INFO_FILE, Fscc.FILE_DISPOSITION_INFORMATION_EX, 0,
        le(4).putInt(0, SetInfoHandler.DISPOSITION_DELETE).array())).isEqualTo(NtStatus.SUCCESS);
    assertThat(f.close(id).status()).isEqualTo(NtStatus.SUCCESS);
    assertThatThrownBy(() -> f.volume().resolve("e.txt", false)).hasMessageContaining("e.txt");

    FileId ro = f.open("e2.txt", READ, CreateHandler.FILE_CREATE, 0);
    assertThat(set(ro, Info.INFO_FILE, Fscc.FILE_END_OF_FILE_INFORMATION, 0, le(8).array()))
        .isEqualTo(NtStatus.ACCESS_DENIED);
    assertThat(set(ro, Info.INFO_FILE, Fscc.FILE_DISPOSITION_INFORMATION, 0, new byte[] {1}))
        .isEqualTo(NtStatus.ACCESS_DENIED);
    f.close(f.open("NotEmpty", READ, CreateHandler.FILE_CREATE, CreateHandler.FILE_DIRECTORY_FILE));
    f.close(f.open("NotEmpty\\x", READ_WRITE_DELETE, CreateHandler.FILE_CREATE, 0));
    FileId dir = f.open("NotEmpty", READ_WRITE_DELETE & ~SmbFiles.GENERIC_WRITE, CreateHandler.FILE_OPEN, 0);
    assertThat(set(dir, Info.INFO_FILE, Fscc.FILE_DISPOSITION_INFORMATION, 0, new byte[] {1}))
        .isEqualTo(NtStatus.DIRECTORY_NOT_EMPTY);
  }

  @Test
  void renameWithAndWithoutReplaceAndLinkRefused() {
    FileId a = f.open("ra.txt", READ_WRITE_DELETE, CreateHandler.FILE_CREATE, 0);
    f.close(f.open("rb.txt", READ_WRITE_DELETE, CreateHandler.FILE_CREATE, 0));
    f.close(f.open("Sub", READ, CreateHandler.FILE_CREATE, CreateHandler.FILE_DIRECTORY_FILE));
    assertThat(set(a, Info.INFO_FILE, Fscc.FILE_RENAME_INFORMATION, 0, rename("rb.txt", false)))
        .isEqualTo(NtStatus.OBJECT_NAME_COLLISION);
    assertThat(set(a, Info.INFO_FILE, Fscc.FILE_RENAME_INFORMATION, 0, rename("RB.TXT", true)))
        .isEqualTo(NtStatus.SUCCESS);
    assertThat(f.volume().lookup(f.volume().root(), "rb.txt").isFile()).isTrue();
    assertThat(set(a, Info.INFO_FILE, Fscc.FILE_RENAME_INFORMATION, 0, rename("sub\\Moved.txt", false)))
        .isEqualTo(NtStatus.SUCCESS);
    assertThat(f.volume().resolve("Sub/Moved.txt", false).isFile()).isTrue();
    // Only the case changes: the same object, the new spelling.
    assertThat(set(a, Info.INFO_FILE, Fscc.FILE_RENAME_INFORMATION, 0, rename("Sub\\MOVED.txt", false)))
        .isEqualTo(NtStatus.SUCCESS);
    assertThat(f.volume().lookup(f.volume().resolve("Sub", false).id(), "MOVED.txt").isFile()).isTrue();
    assertThat(set(a, Info.INFO_FILE, Fscc.FILE_RENAME_INFORMATION, 0, rename("nodir\\x.txt", false)))
        .isEqualTo(NtStatus.OBJECT_PATH_NOT_FOUND);
    assertThat(set(a, Info.INFO_FILE, Fscc.FILE_RENAME_INFORMATION, 0, rename("bad:name", false)))
        .isEqualTo(NtStatus.OBJECT_NAME_INVALID);
    // No hard links in the backend.
    assertThat(set(a, Info.INFO_FILE, Fscc.FILE_LINK_INFORMATION, 0, rename("hard.txt", false)))
        .isEqualTo(NtStatus.NOT_SUPPORTED);
    FileId noDelete = f.open("Sub\\Moved.txt", READ, CreateHandler.FILE_OPEN, 0);
    assertThat(set(noDelete, Info.INFO_FILE, Fscc.FILE_RENAME_INFORMATION, 0, rename("z.txt", false)))
        .isEqualTo(NtStatus.ACCESS_DENIED);
  }

  @Test
  void renamingIsASharingViolationWhileTheParentIsOpenForDeleteOrWithoutSharingDelete() {
    f.close(f.open("Parent", READ, CreateHandler.FILE_CREATE, CreateHandler.FILE_DIRECTORY_FILE));
    FileId file = f.open("Parent\\a.txt", READ_WRITE_DELETE, CreateHandler.FILE_CREATE, 0);
    SmbReply dir = f.create(FilesFixture.create("Parent", READ | SmbFiles.DELETE, 7, CreateHandler.FILE_OPEN, 0));
    assertThat(set(file, Info.INFO_FILE, Fscc.FILE_RENAME_INFORMATION, 0, rename("Parent\\b.txt", false)))
        .isEqualTo(NtStatus.SHARING_VIOLATION);
    f.close(((dev.estuary.smb.internal.codec.Create.Response) dir.body()).fileId());
    SmbReply noShare = f.create(FilesFixture.create("Parent", READ, 0, CreateHandler.FILE_OPEN, 0));
    assertThat(set(file, Info.INFO_FILE, Fscc.FILE_RENAME_INFORMATION, 0, rename("Parent\\b.txt", false)))
        .isEqualTo(NtStatus.SHARING_VIOLATION);
    f.close(((dev.estuary.smb.internal.codec.Create.Response) noShare.body()).fileId());
    SmbReply shared = f.create(FilesFixture.create("Parent", READ, 7, CreateHandler.FILE_OPEN, 0));
    assertThat(set(file, Info.INFO_FILE, Fscc.FILE_RENAME_INFORMATION, 0, rename("Parent\\b.txt", false)))
        .isEqualTo(NtStatus.SUCCESS);
    f.close(((dev.estuary.smb.internal.codec.Create.Response) shared.body()).fileId());
  }

  @Test
  void aDirectoryWithAnOpenFileBelowCannotBeRenamed() {
    f.close(f.open("Outer", READ, CreateHandler.FILE_CREATE, CreateHandler.FILE_DIRECTORY_FILE));
    f.close(f.open("Outer\\Inner", READ, CreateHandler.FILE_CREATE, CreateHandler.FILE_DIRECTORY_FILE));
    FileId deep = f.open("Outer\\Inner\\open.txt", READ_WRITE_DELETE, CreateHandler.FILE_CREATE, 0);
    FileId dir = f.open("Outer", READ | SmbFiles.DELETE, CreateHandler.FILE_OPEN, 0);
    assertThat(set(dir, Info.INFO_FILE, Fscc.FILE_RENAME_INFORMATION, 0, rename("Outer2", false)))
        .isEqualTo(NtStatus.ACCESS_DENIED);
    f.close(deep);
    assertThat(set(dir, Info.INFO_FILE, Fscc.FILE_RENAME_INFORMATION, 0, rename("Outer2", false)))
        .isEqualTo(NtStatus.SUCCESS);
    assertThat(f.volume().resolve("Outer2/Inner/open.txt", false).isFile()).isTrue();
  }

  @Test
  void aSimpleDaclChangesTheModeBits() {
    FileId id = f.open("m.txt", SmbFiles.GENERIC_ALL, CreateHandler.FILE_CREATE, 0);
    Attributes a = f.volume().resolve("m.txt", false);
    var sids = server.services().identity().sids();
    SecurityDescriptor sd = new SecurityDescriptor(null, null, List.of(
        new SecurityDescriptor.Ace(SecurityDescriptor.ACCESS_ALLOWED, 0, SmbFiles.FILE_GENERIC_READ
            | SmbFiles.FILE_GENERIC_WRITE, Bytes.of(sids.userSid(a.uid()).toBytes())),
        new SecurityDescriptor.Ace(SecurityDescriptor.ACCESS_ALLOWED, 0, SmbFiles.FILE_GENERIC_READ,
            Bytes.of(sids.groupSid(a.gid()).toBytes()))));
    assertThat(set(id, Info.INFO_SECURITY, 0, SecurityDescriptor.DACL, sd.encode().toArray()))
        .isEqualTo(NtStatus.SUCCESS);
    assertThat(f.volume().resolve("m.txt", false).mode()).isEqualTo(0640);
    SecurityDescriptor deny = new SecurityDescriptor(null, null, List.of(new SecurityDescriptor.Ace(
        SecurityDescriptor.ACCESS_DENIED, 0, SmbFiles.FILE_GENERIC_READ, Bytes.of(sids.userSid(a.uid()).toBytes()))));
    assertThat(set(id, Info.INFO_SECURITY, 0, SecurityDescriptor.DACL, deny.encode().toArray()))
        .isEqualTo(NtStatus.NOT_SUPPORTED);
    assertThat(f.volume().resolve("m.txt", false).mode()).isEqualTo(0640);
  }

  @Test
  void inheritOnlyAcesAreSkipped_nullDaclAndOtherPartsAreRefused() {
    FileId id = f.open("sd", SmbFiles.GENERIC_ALL, CreateHandler.FILE_CREATE, CreateHandler.FILE_DIRECTORY_FILE);
    Attributes a = f.volume().resolve("sd", false);
    var sids = server.services().identity().sids();
    Bytes owner = Bytes.of(sids.userSid(a.uid()).toBytes());
    Bytes everyone = Bytes.of(SecurityMapping.EVERYONE.toBytes());
    int oici = 0x01 | 0x02;
    // What Explorer sets on a folder: ACEs for the folder and its children (OI|CI), plus inherit-only ones
    // for children (OI|CI|IO, 0x08) that grant nothing on the folder itself ([MS-DTYP] 2.4.4.1).
    SecurityDescriptor explorer = new SecurityDescriptor(null, null, List.of(
        new SecurityDescriptor.Ace(SecurityDescriptor.ACCESS_ALLOWED, oici, SmbFiles.FILE_ALL_ACCESS, owner),
        new SecurityDescriptor.Ace(SecurityDescriptor.ACCESS_ALLOWED, oici, SmbFiles.FILE_GENERIC_READ
            | SmbFiles.FILE_GENERIC_EXECUTE, everyone),
        new SecurityDescriptor.Ace(SecurityDescriptor.ACCESS_ALLOWED, oici | 0x08, SmbFiles.FILE_ALL_ACCESS,
            everyone)));
    int protectedDacl = SecurityDescriptor.DACL | 0x80000000;
    assertThat(set(id, Info.INFO_SECURITY, 0, protectedDacl, explorer.encode().toArray()))
        .isEqualTo(NtStatus.SUCCESS);
    assertThat(f.volume().resolve("sd", false).mode() & 0777).isEqualTo(0705);

    // A NULL DACL (DACL part asked for, none present) would grant everyone everything: refused, mode kept.
    SecurityDescriptor none = new SecurityDescriptor(null, null, null);
    assertThat(set(id, Info.INFO_SECURITY, 0, SecurityDescriptor.DACL, none.encode().toArray()))
        .isEqualTo(NtStatus.NOT_SUPPORTED);
    // LABEL_SECURITY_INFORMATION (0x10) has no place on a POSIX object.
    assertThat(set(id, Info.INFO_SECURITY, 0, SecurityDescriptor.DACL | 0x10, explorer.encode().toArray()))
        .isEqualTo(NtStatus.NOT_SUPPORTED);
    assertThat(f.volume().resolve("sd", false).mode() & 0777).isEqualTo(0705);
  }
}
