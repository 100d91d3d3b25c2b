package dev.estuary.smb.internal.ops;

import static dev.estuary.smb.internal.ops.FilesFixture.READ;
import static dev.estuary.smb.internal.ops.FilesFixture.READ_WRITE_DELETE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.smb.internal.codec.Bytes;
import dev.estuary.smb.internal.codec.FileId;
import dev.estuary.smb.internal.codec.Ioctl;
import dev.estuary.smb.internal.codec.NtStatus;
import dev.estuary.smb.testing.SmbTestServer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** FSCTL_CREATE_OR_GET_OBJECT_ID and FSCTL_GET_OBJECT_ID ([MS-FSCC] 2.3.7, 2.3.25) through {@link IoctlHandler}. */
class ObjectIdIoctlTest {
  private static SmbTestServer server;
  private static FilesFixture f;
  private static IoctlHandler ioctl;

  @BeforeAll
  static void start() throws Exception {
    server = new SmbTestServer();
    f = new FilesFixture(server, SmbTestServer.USER);
    ioctl = new IoctlHandler(server.services());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static SmbReply fsctl(FileId id, int ctl, int maxOut) {
    return f.call(ioctl, new Ioctl.Request(ctl, id, Bytes.EMPTY, 0, Bytes.EMPTY, maxOut, Ioctl.IS_FSCTL));
  }

  private static ByteBuffer objectId(FileId id, int ctl) {
    SmbReply r = fsctl(id, ctl, 64);
    assertThat(r.status()).isEqualTo(NtStatus.SUCCESS);
    Bytes out = ((Ioctl.Response) r.body()).output();
    assertThat(out.length()).isEqualTo(ObjectIdFsctl.SIZE);
    return ByteBuffer.wrap(out.toArray()).order(ByteOrder.LITTLE_ENDIAN);
  }

  @Test
  void theObjectIdIsStableAcrossOpensAndDistinctPerFile() {
    FileId a = f.open("oid-a.txt", READ_WRITE_DELETE, CreateHandler.FILE_CREATE, 0);
    FileId again = f.open("oid-a.txt", READ, CreateHandler.FILE_OPEN, 0);
    FileId b = f.open("oid-b.txt", READ_WRITE_DELETE, CreateHandler.FILE_CREATE, 0);
    ByteBuffer first = objectId(a, Ioctl.FSCTL_CREATE_OR_GET_OBJECT_ID);
    assertThat(objectId(again, Ioctl.FSCTL_GET_OBJECT_ID)).isEqualTo(first);
    assertThat(first.getLong(8)).isEqualTo(f.volume().resolve("oid-a.txt", false).fileNumber());
    // BirthObjectId is the ObjectId, BirthVolumeId the volume's id; DomainId is zero.
    assertThat(first.getLong(32)).isEqualTo(first.getLong(0));
    assertThat(first.getLong(40)).isEqualTo(first.getLong(8));
    assertThat(first.getLong(16)).isEqualTo(first.getLong(0));
    assertThat(first.getLong(48)).isZero();
    assertThat(first.getLong(56)).isZero();
    assertThat(objectId(b, Ioctl.FSCTL_CREATE_OR_GET_OBJECT_ID)).isNotEqualTo(first);
  }

  @Test
  void aSmallOutputBufferIsBufferTooSmallAndAClosedFileIsFileClosed() {
    FileId a = f.open("oid-c.txt", READ_WRITE_DELETE, CreateHandler.FILE_CREATE, 0);
    assertThat(fsctl(a, Ioctl.FSCTL_CREATE_OR_GET_OBJECT_ID, 63).status()).isEqualTo(NtStatus.INVALID_PARAMETER);
    assertThat(fsctl(new FileId(1234, 5678), Ioctl.FSCTL_CREATE_OR_GET_OBJECT_ID, 64).status())
        .isEqualTo(NtStatus.FILE_CLOSED);
  }
}
