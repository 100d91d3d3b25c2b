package dev.estuary.smb.internal.ops;

import static dev.estuary.smb.internal.ops.FilesFixture.READ;
import static dev.estuary.smb.internal.ops.FilesFixture.READ_WRITE_DELETE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.estuary.smb.internal.codec.FileId;
import dev.estuary.smb.internal.codec.FileOps;
import dev.estuary.smb.internal.codec.NtStatus;
import dev.estuary.smb.internal.codec.ReadWrite;
import dev.estuary.smb.internal.codec.SimpleMessages;
import dev.estuary.smb.internal.codec.SmbCommand;
import dev.estuary.smb.testing.SmbTestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** CLOSE ([MS-SMB2] 3.3.5.10) through {@link CloseHandler}, and opens closed by TREE_DISCONNECT and LOGOFF. */
class CloseHandlerTest {
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

  @Test
  void postQueryAttributesAndASecondCloseIsFileClosed() {
    FileId id = f.open("c1.txt", READ_WRITE_DELETE, CreateHandler.FILE_CREATE, 0);
    f.call(new WriteHandler(), new ReadWrite.WriteRequest(0, id, 0, 0,
        dev.estuary.smb.internal.codec.Bytes.EMPTY, 0, FilesFixture.utf8("12345")));
    SmbReply r = f.call(new CloseHandler(server.services()),
        new FileOps.CloseRequest(FileOps.CLOSE_FLAG_POSTQUERY_ATTRIB, id));
    assertThat(r.status()).isEqualTo(NtStatus.SUCCESS);
    FileOps.CloseResponse c = (FileOps.CloseResponse) r.body();
    assertThat(c.flags()).isEqualTo(FileOps.CLOSE_FLAG_POSTQUERY_ATTRIB);
    assertThat(c.endOfFile()).isEqualTo(5);
    assertThat(c.fileAttributes()).isEqualTo(SmbFiles.ATTR_ARCHIVE);
    assertThat(c.lastWriteTime()).isEqualTo(SmbFiles.filetime(f.volume().resolve("c1.txt", false).modifyTime()));
    assertThat(f.close(id).status()).isEqualTo(NtStatus.FILE_CLOSED);
    FileId plain = f.open("c1.txt", READ, CreateHandler.FILE_OPEN, 0);
    assertThat(((FileOps.CloseResponse) f.close(plain).body()).endOfFile()).isZero();
    assertThat(server.services().objects().size()).isZero();
  }

  @Test
  void theLastCloseOfADeleteOnCloseOpenRemovesTheFile() {
    FileId id = f.open("c2.txt", READ_WRITE_DELETE, CreateHandler.FILE_CREATE, CreateHandler.FILE_DELETE_ON_CLOSE);
    assertThat(f.close(id).status()).isEqualTo(NtStatus.SUCCESS);
    assertThatThrownBy(() -> f.volume().resolve("c2.txt", false)).hasMessageContaining("c2.txt");
  }

  @Test
  void treeDisconnectAndLogoffCloseTheirOpens() {
    FilesFixture other = new FilesFixture(server, SmbTestServer.USER);
    other.open("c3.txt", READ_WRITE_DELETE, CreateHandler.FILE_CREATE, CreateHandler.FILE_DELETE_ON_CLOSE);
    assertThat(other.session.opens().size()).isEqualTo(1);
    SmbReply r = other.call(new TreeDisconnectHandler(server.services().objects()),
        new SimpleMessages.Empty(SmbCommand.TREE_DISCONNECT));
    assertThat(r.status()).isEqualTo(NtStatus.SUCCESS);
    assertThat(other.session.opens().size()).isZero();
    assertThatThrownBy(() -> f.volume().resolve("c3.txt", false)).hasMessageContaining("c3.txt");

    FilesFixture third = new FilesFixture(server, SmbTestServer.USER);
    third.open("c4.txt", READ_WRITE_DELETE, CreateHandler.FILE_CREATE, CreateHandler.FILE_DELETE_ON_CLOSE);
    third.call(new LogoffHandler(server.services().objects()), new SimpleMessages.Empty(SmbCommand.LOGOFF));
    assertThat(third.session.opens().size()).isZero();
    assertThatThrownBy(() -> f.volume().resolve("c4.txt", false)).hasMessageContaining("c4.txt");
  }
}
