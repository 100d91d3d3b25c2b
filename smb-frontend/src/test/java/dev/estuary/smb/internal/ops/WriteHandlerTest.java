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

/** WRITE ([MS-SMB2] 3.3.5.13) through {@link WriteHandler}. */
class WriteHandlerTest {
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

  private static SmbReply write(FileId id, long offset, int flags, String text) {
    return f.call(new WriteHandler(), new ReadWrite.WriteRequest(offset, id, 0, 0, Bytes.EMPTY, flags,
        FilesFixture.utf8(text)));
  }

  @Test
  void writesAtOffsetsWritesThroughAndRefusesOffsetsBeyondTheLargestFile() {
    FileId w = f.open("w.txt", READ_WRITE_DELETE, CreateHandler.FILE_CREATE, 0);
    SmbReply r = write(w, 0, 0, "hello");
    assertThat(r.status()).isEqualTo(NtStatus.SUCCESS);
    assertThat(((ReadWrite.WriteResponse) r.body()).count()).isEqualTo(5);
    assertThat(write(w, 10, ReadWrite.WRITEFLAG_WRITE_THROUGH, "!").status()).isEqualTo(NtStatus.SUCCESS);
    assertThat(f.volume().resolve("w.txt", false).size()).isEqualTo(11);
    // Offsets of 2^63 and above (all ones too) and writes past NTFS's largest file are refused.
    assertThat(write(w, -1, 0, "++").status()).isEqualTo(NtStatus.INVALID_PARAMETER);
    assertThat(write(w, Long.MIN_VALUE, 0, "").status()).isEqualTo(NtStatus.INVALID_PARAMETER);
    assertThat(write(w, WriteHandler.MAX_FILE_SIZE, 0, "x").status()).isEqualTo(NtStatus.INVALID_PARAMETER);
    assertThat(write(w, Long.MAX_VALUE, 0, "").status()).isEqualTo(NtStatus.SUCCESS);
    assertThat(f.volume().resolve("w.txt", false).size()).isEqualTo(11);
  }

  @Test
  void readOnlyAndAppendOnlyOpens() {
    FileId w = f.open("ro.txt", READ_WRITE_DELETE, CreateHandler.FILE_CREATE, 0);
    assertThat(write(w, 0, 0, "abc").status()).isEqualTo(NtStatus.SUCCESS);
    f.close(w);
    FileId r = f.open("ro.txt", READ, CreateHandler.FILE_OPEN, 0);
    assertThat(write(r, 0, 0, "no").status()).isEqualTo(NtStatus.ACCESS_DENIED);
    FileId a = f.open("ro.txt", SmbFiles.FILE_APPEND_DATA | SmbFiles.SYNCHRONIZE, CreateHandler.FILE_OPEN, 0);
    assertThat(write(a, 0, 0, "x").status()).as("append-only before the end").isEqualTo(NtStatus.ACCESS_DENIED);
    assertThat(write(a, 3, 0, "end").status())
        .isEqualTo(NtStatus.SUCCESS);
    FileId dir = f.open("", READ_WRITE_DELETE & ~SmbFiles.DELETE, CreateHandler.FILE_OPEN, 0);
    assertThat(write(dir, 0, 0, "x").status()).isEqualTo(NtStatus.INVALID_DEVICE_REQUEST);
  }
}
