package dev.estuary.smb.internal.ops;

import static dev.estuary.smb.internal.ops.FilesFixture.READ;
import static dev.estuary.smb.internal.ops.FilesFixture.READ_WRITE_DELETE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.smb.internal.codec.Bytes;
import dev.estuary.smb.internal.codec.FileId;
import dev.estuary.smb.internal.codec.Ioctl;
import dev.estuary.smb.internal.codec.NtStatus;
import dev.estuary.smb.testing.SmbTestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * FSCTL_GET_COMPRESSION / FSCTL_SET_COMPRESSION through {@link IoctlHandler} on a volume without
 * compression (smbtorture smb2.ioctl.compress_notsup_get and compress_notsup_set).
 */
class CompressionIoctlTest {
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

  private static SmbReply fsctl(FileId id, int ctl, Bytes input, int maxOut) {
    return f.call(ioctl, new Ioctl.Request(ctl, id, input, 0, Bytes.EMPTY, maxOut, Ioctl.IS_FSCTL));
  }

  @Test
  void filesAreUncompressedAndOnlyNoneCanBeSet() {
    FileId id = f.open("compress.bin", READ_WRITE_DELETE, CreateHandler.FILE_OVERWRITE_IF, 0);
    SmbReply get = fsctl(id, CompressionFsctl.FSCTL_GET_COMPRESSION, Bytes.EMPTY, 2);
    assertThat(get.status()).isEqualTo(NtStatus.SUCCESS);
    assertThat(((Ioctl.Response) get.body()).output()).isEqualTo(Bytes.hex("0000"));
    assertThat(fsctl(id, CompressionFsctl.FSCTL_GET_COMPRESSION, Bytes.EMPTY, 1).status())
        .isEqualTo(NtStatus.INVALID_PARAMETER);
    assertThat(fsctl(id, CompressionFsctl.FSCTL_SET_COMPRESSION, Bytes.hex("0100"), 0).status())
        .as("DEFAULT").isEqualTo(NtStatus.NOT_SUPPORTED);
    assertThat(fsctl(id, CompressionFsctl.FSCTL_SET_COMPRESSION, Bytes.hex("0200"), 0).status())
        .as("LZNT1").isEqualTo(NtStatus.NOT_SUPPORTED);
    assertThat(fsctl(id, CompressionFsctl.FSCTL_SET_COMPRESSION, Bytes.hex("0000"), 0).status())
        .as("NONE").isEqualTo(NtStatus.SUCCESS);
    assertThat(fsctl(id, CompressionFsctl.FSCTL_SET_COMPRESSION, Bytes.hex("0300"), 0).status())
        .as("unknown format").isEqualTo(NtStatus.INVALID_PARAMETER);
    assertThat(fsctl(id, CompressionFsctl.FSCTL_SET_COMPRESSION, Bytes.hex("00"), 0).status())
        .as("short buffer").isEqualTo(NtStatus.INVALID_PARAMETER);
    FileId readOnly = f.open("compress.bin", READ, CreateHandler.FILE_OPEN, 0);
    assertThat(fsctl(readOnly, CompressionFsctl.FSCTL_SET_COMPRESSION, Bytes.hex("0000"), 0).status())
        .isEqualTo(NtStatus.ACCESS_DENIED);
    f.close(readOnly);
    f.close(id);
  }
}
