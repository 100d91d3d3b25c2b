package dev.estuary.smb.internal.ops;

import static dev.estuary.smb.internal.ops.CreateHandler.ACTION_CREATED;
import static dev.estuary.smb.internal.ops.CreateHandler.ACTION_OPENED;
import static dev.estuary.smb.internal.ops.CreateHandler.ACTION_OVERWRITTEN;
import static dev.estuary.smb.internal.ops.CreateHandler.ACTION_SUPERSEDED;
import static dev.estuary.smb.internal.ops.CreateHandler.FILE_CREATE;
import static dev.estuary.smb.internal.ops.CreateHandler.FILE_DELETE_ON_CLOSE;
import static dev.estuary.smb.internal.ops.CreateHandler.FILE_DIRECTORY_FILE;
import static dev.estuary.smb.internal.ops.CreateHandler.FILE_NON_DIRECTORY_FILE;
import static dev.estuary.smb.internal.ops.CreateHandler.FILE_OPEN;
import static dev.estuary.smb.internal.ops.CreateHandler.FILE_OPEN_IF;
import static dev.estuary.smb.internal.ops.CreateHandler.FILE_OVERWRITE;
import static dev.estuary.smb.internal.ops.CreateHandler.FILE_OVERWRITE_IF;
import static dev.estuary.smb.internal.ops.CreateHandler.FILE_SUPERSEDE;
import static dev.estuary.smb.internal.ops.FilesFixture.READ;
import static dev.estuary.smb.internal.ops.FilesFixture.READ_WRITE_DELETE;
import static dev.estuary.smb.internal.ops.FilesFixture.SHARE_ALL;
import static dev.estuary.smb.internal.ops.FilesFixture.create;
import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.dfs.Attributes;
import dev.estuary.dfs.FileHandle;
import dev.estuary.dfs.OpenMode;
import dev.estuary.smb.internal.codec.Bytes;
import dev.estuary.smb.internal.codec.Create;
import dev.estuary.smb.internal.codec.CreateContext;
import dev.estuary.smb.internal.codec.FileId;
import dev.estuary.smb.internal.codec.NtStatus;
import dev.estuary.smb.testing.SmbTestServer;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** CREATE ([MS-SMB2] 3.3.5.9) through {@link CreateHandler} on the engine. */
class CreateHandlerTest {
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

  private static Create.Response ok(SmbReply r) {
    assertThat(r.status()).isEqualTo(NtStatus.SUCCESS);
    return (Create.Response) r.body();
  }

  private static void write(String name, String text) {
    Attributes a = f.volume().resolve(name, false);
    try (FileHandle h = f.volume().open(a.id(), OpenMode.WRITE)) {
      h.write(0, ByteBuffer.wrap(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
  }

  @Test
  void everyDispositionOnMissingAndExistingNames() {
    assertThat(f.create(create("d1.txt", READ, SHARE_ALL, FILE_OPEN, 0)).status())
        .isEqualTo(NtStatus.OBJECT_NAME_NOT_FOUND);
    assertThat(f.create(create("d1.txt", READ_WRITE_DELETE, SHARE_ALL, FILE_OVERWRITE, 0)).status())
        .isEqualTo(NtStatus.OBJECT_NAME_NOT_FOUND);
    Create.Response c = ok(f.create(create("d1.txt", READ_WRITE_DELETE, SHARE_ALL, FILE_CREATE, 0)));
    assertThat(c.createAction()).isEqualTo(ACTION_CREATED);
    assertThat(c.oplockLevel()).isZero();
    assertThat(c.fileAttributes()).isEqualTo(SmbFiles.ATTR_ARCHIVE);
    f.close(c.fileId());
    assertThat(f.create(create("d1.txt", READ, SHARE_ALL, FILE_CREATE, 0)).status())
        .isEqualTo(NtStatus.OBJECT_NAME_COLLISION);
    assertThat(ok(f.create(create("d1.txt", READ, SHARE_ALL, FILE_OPEN_IF, 0))).createAction())
        .isEqualTo(ACTION_OPENED);
    write("d1.txt", "some bytes");
    Create.Response ow = ok(f.create(create("d1.txt", READ_WRITE_DELETE, SHARE_ALL, FILE_OVERWRITE, 0)));
    assertThat(ow.createAction()).isEqualTo(ACTION_OVERWRITTEN);
    assertThat(ow.endOfFile()).isZero();
    write("d1.txt", "again");
    Create.Response sup = ok(f.create(create("d1.txt", READ_WRITE_DELETE, SHARE_ALL, FILE_SUPERSEDE, 0)));
    assertThat(sup.createAction()).isEqualTo(ACTION_SUPERSEDED);
    assertThat(f.volume().resolve("d1.txt", false).size()).isZero();
    assertThat(ok(f.create(create("d2.txt", READ_WRITE_DELETE, SHARE_ALL, FILE_OVERWRITE_IF, 0))).createAction())
        .isEqualTo(ACTION_CREATED);
    assertThat(ok(f.create(create("d3.txt", READ_WRITE_DELETE, SHARE_ALL, FILE_SUPERSEDE, 0))).createAction())
        .isEqualTo(ACTION_CREATED);
  }

  @Test
  void directoriesAndTypeOptions() {
    Create.Response d = ok(f.create(create("Dir1", READ, SHARE_ALL, FILE_CREATE, FILE_DIRECTORY_FILE)));
    assertThat(d.fileAttributes()).isEqualTo(SmbFiles.ATTR_DIRECTORY);
    assertThat(f.volume().resolve("Dir1", false).isDirectory()).isTrue();
    assertThat(f.create(create("dir1", READ, SHARE_ALL, FILE_OPEN, FILE_NON_DIRECTORY_FILE)).status())
        .isEqualTo(NtStatus.FILE_IS_A_DIRECTORY);
    ok(f.create(create("dir1\\inner.txt", READ_WRITE_DELETE, SHARE_ALL, FILE_CREATE, 0)));
    assertThat(f.volume().resolve("Dir1/inner.txt", false).isFile()).isTrue();
    assertThat(f.create(create("DIR1\\INNER.TXT", READ, SHARE_ALL, FILE_OPEN, FILE_DIRECTORY_FILE)).status())
        .isEqualTo(NtStatus.NOT_A_DIRECTORY);
    assertThat(f.create(create("Dir1\\inner.txt\\x", READ, SHARE_ALL, FILE_OPEN, 0)).status())
        .isEqualTo(NtStatus.OBJECT_PATH_NOT_FOUND);
    assertThat(f.create(create("Dir2", READ, SHARE_ALL, FILE_OVERWRITE_IF, FILE_DIRECTORY_FILE)).status())
        .isEqualTo(NtStatus.INVALID_PARAMETER);
    assertThat(f.create(create("x", READ, SHARE_ALL, FILE_OPEN, FILE_DIRECTORY_FILE | FILE_NON_DIRECTORY_FILE))
        .status()).isEqualTo(NtStatus.INVALID_PARAMETER);
    // The share root is the empty name.
    assertThat(ok(f.create(create("", READ, SHARE_ALL, FILE_OPEN, 0))).fileAttributes())
        .isEqualTo(SmbFiles.ATTR_DIRECTORY);
  }

  @Test
  void namesAreCheckedFoundIgnoringCaseAndCreatedAsTyped() {
    ok(f.create(create("MixedCase.Txt", READ_WRITE_DELETE, SHARE_ALL, FILE_CREATE, 0)));
    // FILE_ALL_ACCESS on an existing file (it carries FILE_DELETE_CHILD, meaningless on files).
    assertThat(f.create(create("MixedCase.Txt", SmbFiles.FILE_ALL_ACCESS, SHARE_ALL, FILE_OPEN, 0)).status())
        .isEqualTo(NtStatus.SUCCESS);
    assertThat(f.volume().lookup(f.volume().root(), "MixedCase.Txt").isFile()).isTrue();
    Create.Response again = ok(f.create(create("mixedcase.TXT", READ, SHARE_ALL, FILE_OPEN_IF, 0)));
    assertThat(again.createAction()).isEqualTo(ACTION_OPENED);
    for (String bad : new String[] {"a<b", "a>b", "a:b", "a*b", "a?b", "a\"b", "a|b", "a\u0001b", "a\\\\b", ".",
        "x\\..", "a/b", "n".repeat(256)}) {
      assertThat(f.create(create(bad, READ_WRITE_DELETE, SHARE_ALL, FILE_CREATE, 0)).status()).as(bad)
          .isEqualTo(NtStatus.OBJECT_NAME_INVALID);
    }
    // A path above the share's root is malformed.
    assertThat(f.create(create("..\\..\\..", READ_WRITE_DELETE, SHARE_ALL, FILE_CREATE, FILE_DIRECTORY_FILE))
        .status()).isEqualTo(NtStatus.OBJECT_PATH_SYNTAX_BAD);
    assertThat(f.create(create("\\lead.txt", READ, SHARE_ALL, FILE_OPEN_IF, 0)).status())
        .isEqualTo(NtStatus.INVALID_PARAMETER);
    // The root's reserved entries do not exist for SMB.
    assertThat(f.create(create(".estuary-s3-uploads", READ, SHARE_ALL, FILE_CREATE, FILE_DIRECTORY_FILE)).status())
        .isEqualTo(NtStatus.ACCESS_DENIED);
  }

  @Test
  void maximalAccessAndOnDiskIdContexts() throws Exception {
    Create.Response r = ok(f.create(create("ctx.txt", READ_WRITE_DELETE, SHARE_ALL, FILE_CREATE, 0,
        CreateContext.of(CreateContext.MXAC, Bytes.EMPTY), CreateContext.of(CreateContext.QFID, Bytes.EMPTY),
        CreateContext.of(CreateContext.RQLS, Bytes.zeros(32)))));
    assertThat(r.contexts()).hasSize(2);
    CreateContext mxac = r.contexts().get(0);
    assertThat(mxac.is(CreateContext.MXAC)).isTrue();
    ByteBuffer b = mxac.data().asReadOnlyBuffer().order(java.nio.ByteOrder.LITTLE_ENDIAN);
    assertThat(b.getInt(0)).isZero();
    assertThat(b.getInt(4) & (SmbFiles.FILE_WRITE_DATA | SmbFiles.DELETE | SmbFiles.WRITE_DAC))
        .isEqualTo(SmbFiles.FILE_WRITE_DATA | SmbFiles.DELETE | SmbFiles.WRITE_DAC);
    ByteBuffer q = r.contexts().get(1).data().asReadOnlyBuffer().order(java.nio.ByteOrder.LITTLE_ENDIAN);
    assertThat(q.getLong(0)).isEqualTo(f.volume().resolve("ctx.txt", false).fileNumber());
    // No lease is granted: the lease request gets no context back.
    assertThat(r.contexts()).noneMatch(c -> c.is(CreateContext.RQLS));
    // AlSi reserves the space: the allocation grows, the size does not.
    ByteBuffer alsi = ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(0, 1 << 20);
    Create.Response pre = ok(f.create(create("alsi.bin", READ_WRITE_DELETE, SHARE_ALL, FILE_CREATE, 0,
        CreateContext.of(CreateContext.ALSI, Bytes.of(alsi.array())))));
    assertThat(pre.allocationSize()).isGreaterThanOrEqualTo(1 << 20);
    assertThat(pre.endOfFile()).isZero();
    assertThat(f.volume().resolve("alsi.bin", false).allocatedBytes()).isGreaterThanOrEqualTo(1 << 20);
    assertThat(f.create(create("ctx2.txt", READ_WRITE_DELETE, SHARE_ALL, FILE_CREATE, 0,
        CreateContext.of(CreateContext.EXTA, Bytes.zeros(8)))).status()).isEqualTo(NtStatus.EA_LIST_INCONSISTENT);
  }

  @Test
  void aSecurityDescriptorAtCreateSetsTheModeBitsWhenTheyCanExpressIt() {
    var sids = server.services().identity().sids();
    var owner = server.services().identity().principal(SmbTestServer.USER).orElseThrow();
    int gid = f.volume().getAttributes(f.volume().root()).gid();
    var sd = new dev.estuary.smb.internal.codec.SecurityDescriptor(null, null, java.util.List.of(
        new dev.estuary.smb.internal.codec.SecurityDescriptor.Ace(0, 0, SmbFiles.FILE_GENERIC_READ
            | SmbFiles.FILE_GENERIC_WRITE, Bytes.of(sids.userSid(owner.uid()).toBytes())),
        new dev.estuary.smb.internal.codec.SecurityDescriptor.Ace(0, 0, SmbFiles.FILE_GENERIC_READ,
            Bytes.of(sids.groupSid(gid).toBytes()))));
    ok(f.create(create("secd.txt", READ_WRITE_DELETE, SHARE_ALL, FILE_CREATE, 0,
        CreateContext.of(CreateContext.SECD, sd.encode()))));
    assertThat(f.volume().resolve("secd.txt", false).mode()).isEqualTo(0640);
    var deny = new dev.estuary.smb.internal.codec.SecurityDescriptor(null, null, java.util.List.of(
        new dev.estuary.smb.internal.codec.SecurityDescriptor.Ace(1, 0, SmbFiles.FILE_GENERIC_READ,
            Bytes.of(SecurityMapping.EVERYONE.toBytes()))));
    assertThat(f.create(create("secd2.txt", READ_WRITE_DELETE, SHARE_ALL, FILE_CREATE, 0,
        CreateContext.of(CreateContext.SECD, deny.encode()))).status()).isEqualTo(NtStatus.NOT_SUPPORTED);
    assertThat(f.create(create("secd2.txt", READ, SHARE_ALL, FILE_OPEN, 0)).status())
        .isEqualTo(NtStatus.OBJECT_NAME_NOT_FOUND);
  }

  @Test
  void shareModesConflictThroughTheBackend() {
    FileId first = f.open("shared.bin", READ_WRITE_DELETE, FILE_CREATE, 0);
    f.close(first);
    SmbReply a = f.create(create("shared.bin", READ_WRITE_DELETE, CreateHandler.SHARE_READ, FILE_OPEN, 0));
    assertThat(a.status()).isEqualTo(NtStatus.SUCCESS);
    assertThat(f.create(create("shared.bin", SmbFiles.GENERIC_WRITE, SHARE_ALL, FILE_OPEN, 0)).status())
        .isEqualTo(NtStatus.SHARING_VIOLATION);
    assertThat(f.create(create("shared.bin", READ, SHARE_ALL, FILE_OPEN, 0)).status()).isEqualTo(NtStatus.SUCCESS);
    // An open for attributes only takes no part in share modes, even denying everything.
    assertThat(f.create(create("shared.bin", SmbFiles.FILE_READ_ATTRIBUTES, 0, FILE_OPEN, 0)).status())
        .isEqualTo(NtStatus.SUCCESS);
    f.close(((Create.Response) a.body()).fileId());
    assertThat(f.create(create("shared.bin", SmbFiles.GENERIC_WRITE, SHARE_ALL, FILE_OPEN, 0)).status())
        .isEqualTo(NtStatus.SUCCESS);
  }

  @Test
  void deleteOnCloseAndDeletePending() {
    FileId id = f.open("doomed.txt", READ_WRITE_DELETE, FILE_CREATE, FILE_DELETE_ON_CLOSE);
    FileId other = f.open("doomed.txt", READ, FILE_OPEN, 0);
    f.close(id);
    // Delete-pending now: no new open, and the name goes with the last open.
    assertThat(f.create(create("doomed.txt", READ, SHARE_ALL, FILE_OPEN, 0)).status())
        .isEqualTo(NtStatus.DELETE_PENDING);
    assertThat(f.volume().lookup(f.volume().root(), "doomed.txt")).isNotNull();
    f.close(other);
    assertThat(f.create(create("doomed.txt", READ, SHARE_ALL, FILE_OPEN, 0)).status())
        .isEqualTo(NtStatus.OBJECT_NAME_NOT_FOUND);
    Create.Request readOnly = new Create.Request(0, 0, 2, 0, READ_WRITE_DELETE, SmbFiles.ATTR_READONLY, SHARE_ALL,
        FILE_CREATE, FILE_DELETE_ON_CLOSE, "ro-doc.txt", java.util.List.of());
    assertThat(f.create(readOnly).status()).isEqualTo(NtStatus.CANNOT_DELETE);
    assertThat(f.create(create("x.txt", READ, SHARE_ALL, FILE_CREATE, FILE_DELETE_ON_CLOSE)).status())
        .as("delete-on-close without DELETE access").isEqualTo(NtStatus.INVALID_PARAMETER);
  }

  @Test
  void opensBeyondTheSessionLimitAreInsufficientResources() {
    ServerServices base = server.services();
    var st = base.settings();
    ServerServices two = new ServerServices(base.identity(), base.access(), base.dfs(), base.clock(), base.random(),
        new dev.estuary.smb.internal.state.SmbSettings(st.serverGuid(), st.names(), st.limits(), st.maxConnections(),
            st.maxCredits(), st.maxSessions(), st.maxTrees(), st.maxQueuedFrames(), st.encryptedShares(), 2, false, true),
        base.ntlm(), base.objects(), base.shares(), base.sessions(), base.oplocks());
    FilesFixture g = new FilesFixture(server, SmbTestServer.USER);
    CreateHandler h = new CreateHandler(two);
    Create.Request root = create("", READ, SHARE_ALL, FILE_OPEN, 0);
    assertThat(g.call(h, root).status()).isEqualTo(NtStatus.SUCCESS);
    SmbReply second = g.call(h, root);
    assertThat(second.status()).isEqualTo(NtStatus.SUCCESS);
    assertThat(g.call(h, root).status()).isEqualTo(NtStatus.INSUFFICIENT_RESOURCES);
    g.close(((Create.Response) second.body()).fileId());
    assertThat(g.call(h, root).status()).isEqualTo(NtStatus.SUCCESS);
  }

  @Test
  void aReaderIsRefusedWriteAccess() throws Exception {
    FilesFixture reader = new FilesFixture(server, SmbTestServer.READER);
    f.close(f.open("for-reader.txt", READ_WRITE_DELETE, FILE_CREATE, 0));
    assertThat(reader.create(create("for-reader.txt", SmbFiles.GENERIC_WRITE, SHARE_ALL, FILE_OPEN, 0)).status())
        .isEqualTo(NtStatus.ACCESS_DENIED);
    assertThat(reader.create(create("for-reader.txt", READ, SHARE_ALL, FILE_OPEN, 0)).status())
        .isEqualTo(NtStatus.SUCCESS);
    assertThat(reader.create(create("new.txt", READ, SHARE_ALL, FILE_CREATE, 0)).status())
        .isEqualTo(NtStatus.ACCESS_DENIED);
  }
}
