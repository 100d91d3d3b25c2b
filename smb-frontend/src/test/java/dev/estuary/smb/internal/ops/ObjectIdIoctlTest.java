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

/** FSCTL_CREATE_OR_GET_OBJECT_ID through {@link IoctlHandler} (smbtorture smb2.compound.related3/5). */
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

  private static SmbReply objectId(FileId id, int maxOut) {
    return f.call(ioctl, new Ioctl.Request(ObjectIdFsctl.FSCTL_CREATE_OR_GET_OBJECT_ID, id, Bytes.EMPTY, 0,
        Bytes.EMPTY, maxOut, Ioctl.IS_FSCTL));
  }

  @Test
  void theObjectIdIsStableAcrossOpensAndDistinctPerObject() {
    FileId a = f.open("oid-a.bin", READ_WRITE_DELETE, CreateHandler.FILE_CREATE, 0);
    FileId b = f.open("oid-b.bin", READ_WRITE_DELETE, CreateHandler.FILE_CREATE, 0);
    FileId a2 = f.open("oid-a.bin", READ, CreateHandler.FILE_OPEN, 0);
    SmbReply ra = objectId(a, 64);
    assertThat(ra.status()).isEqualTo(NtStatus.SUCCESS);
    Bytes ida = ((Ioctl.Response) ra.body()).output();
    assertThat(ida.length()).isEqualTo(64);
    ByteBuffer buf = ByteBuffer.wrap(ida.toArray()).order(ByteOrder.LITTLE_ENDIAN);
    long fileNumber = f.volume().resolve("oid-a.bin", false).fileNumber();
    assertThat(buf.getLong(0)).isEqualTo(fileNumber);
    assertThat(buf.getLong(32)).as("BirthObjectId = ObjectId").isEqualTo(fileNumber);
    assertThat(((Ioctl.Response) objectId(a2, 64).body()).output()).isEqualTo(ida);
    assertThat(((Ioctl.Response) objectId(b, 64).body()).output()).isNotEqualTo(ida);
    assertThat(objectId(a, 63).status()).isEqualTo(NtStatus.INVALID_PARAMETER);
    f.close(a2);
    f.close(b);
    f.close(a);
    assertThat(objectId(a, 64).status()).isEqualTo(NtStatus.FILE_CLOSED);
  }
}
