package dev.estuary.smb.internal.ops;

import static dev.estuary.smb.internal.ops.FilesFixture.READ;
import static dev.estuary.smb.internal.ops.FilesFixture.READ_WRITE_DELETE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.smb.internal.codec.FileId;
import dev.estuary.smb.internal.codec.FileOps;
import dev.estuary.smb.internal.codec.NtStatus;
import dev.estuary.smb.testing.SmbTestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** FLUSH ([MS-SMB2] 3.3.5.11) through {@link FlushHandler}. */
class FlushHandlerTest {
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
  void aWritableOpenFlushesAReadOnlyOneIsDenied() {
    FileId w = f.open("f.txt", READ_WRITE_DELETE, CreateHandler.FILE_CREATE, 0);
    assertThat(f.call(new FlushHandler(), new FileOps.FlushRequest(w)).status()).isEqualTo(NtStatus.SUCCESS);
    FileId r = f.open("f.txt", READ, CreateHandler.FILE_OPEN, 0);
    assertThat(f.call(new FlushHandler(), new FileOps.FlushRequest(r)).status()).isEqualTo(NtStatus.ACCESS_DENIED);
    FileId dir = f.open("", SmbFiles.GENERIC_READ | SmbFiles.GENERIC_WRITE, CreateHandler.FILE_OPEN, 0);
    assertThat(f.call(new FlushHandler(), new FileOps.FlushRequest(dir)).status()).isEqualTo(NtStatus.SUCCESS);
    assertThat(f.call(new FlushHandler(), new FileOps.FlushRequest(new FileId(999, 999))).status())
        .isEqualTo(NtStatus.FILE_CLOSED);
  }
}
