package dev.estuary.smb.internal.ops;

import static dev.estuary.smb.internal.ops.FilesFixture.READ;
import static dev.estuary.smb.internal.ops.FilesFixture.READ_WRITE_DELETE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.smb.internal.codec.Bytes;
import dev.estuary.smb.internal.codec.FileId;
import dev.estuary.smb.internal.codec.NtStatus;
import dev.estuary.smb.internal.codec.ReadWrite;
import dev.estuary.smb.testing.SmbTestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** READ ([MS-SMB2] 3.3.5.12) through {@link ReadHandler}. */
class ReadHandlerTest {
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

  private static SmbReply read(FileId id, int length, long offset, int minimum) {
    return f.call(new ReadHandler(), new ReadWrite.ReadRequest(0, 0, length, offset, id, minimum, 0, 0, Bytes.EMPTY));
  }

  @Test
  void readsWhatIsThereAndEndOfFileBeyond() {
    FileId w = f.open("r.txt", READ_WRITE_DELETE, CreateHandler.FILE_CREATE, 0);
    f.call(new WriteHandler(), new ReadWrite.WriteRequest(0, w, 0, 0, Bytes.EMPTY, 0, FilesFixture.utf8("0123456789")));
    SmbReply r = read(w, 4, 3, 0);
    assertThat(r.status()).isEqualTo(NtStatus.SUCCESS);
    assertThat(((ReadWrite.ReadResponse) r.body()).data()).isEqualTo(FilesFixture.utf8("3456"));
    // A read past the end returns what there is.
    assertThat(((ReadWrite.ReadResponse) read(w, 100, 8, 0).body()).data()).isEqualTo(FilesFixture.utf8("89"));
    assertThat(read(w, 10, 10, 0).status()).isEqualTo(NtStatus.END_OF_FILE);
    assertThat(read(w, 10, 8, 5).status()).as("shorter than MinimumCount").isEqualTo(NtStatus.END_OF_FILE);
    assertThat(read(w, 0, 50, 0).status()).isEqualTo(NtStatus.SUCCESS);
    assertThat(read(w, 1, Long.MAX_VALUE, 0).status()).isEqualTo(NtStatus.INVALID_PARAMETER);
    assertThat(read(w, 0, -1, 0).status()).isEqualTo(NtStatus.INVALID_PARAMETER);
    assertThat(read(w, 0, 10, 1).status()).as("zero length, MinimumCount 1").isEqualTo(NtStatus.END_OF_FILE);
    // FilePositionInformation follows the last read (smbtorture smb2.read.position).
    read(w, 4, 2, 0);
    assertThat(f.session.opens().get(w, f.tree.treeId()).position()).isEqualTo(6);
    assertThat(f.call(new ReadHandler(), new ReadWrite.ReadRequest(0, 0, 4, 0, w, 0, 1, 0, Bytes.EMPTY)).status())
        .as("an RDMA channel").isEqualTo(NtStatus.INVALID_PARAMETER);
  }

  @Test
  void directoriesAndOpensWithoutReadAccessAreRefused() {
    FileId dir = f.open("", READ, CreateHandler.FILE_OPEN, 0);
    assertThat(read(dir, 4, 0, 0).status()).isEqualTo(NtStatus.INVALID_DEVICE_REQUEST);
    f.close(f.open("wo.txt", READ_WRITE_DELETE, CreateHandler.FILE_CREATE, 0));
    FileId attrsOnly = f.open("wo.txt", SmbFiles.FILE_READ_ATTRIBUTES, CreateHandler.FILE_OPEN, 0);
    assertThat(read(attrsOnly, 4, 0, 0).status()).isEqualTo(NtStatus.ACCESS_DENIED);
    assertThat(read(new FileId(77, 77), 4, 0, 0).status()).isEqualTo(NtStatus.FILE_CLOSED);
  }
}
