package dev.estuary.smb.internal.ops;

import static dev.estuary.smb.internal.ops.FilesFixture.READ;
import static dev.estuary.smb.internal.ops.FilesFixture.READ_WRITE_DELETE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.dfs.FileHandle;
import dev.estuary.dfs.OpenMode;
import dev.estuary.smb.internal.codec.Bytes;
import dev.estuary.smb.internal.codec.CopyChunk;
import dev.estuary.smb.internal.codec.FileId;
import dev.estuary.smb.internal.codec.Ioctl;
import dev.estuary.smb.internal.codec.Lock;
import dev.estuary.smb.internal.codec.NtStatus;
import dev.estuary.smb.internal.codec.ReadWrite;
import dev.estuary.smb.testing.SmbTestServer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * FSCTL_SRV_REQUEST_RESUME_KEY and FSCTL_SRV_COPYCHUNK(_WRITE) ([MS-SMB2] 3.3.5.15.5, 3.3.5.15.6) through
 * {@link IoctlHandler}, the bytes checked through the backend.
 */
class CopyChunkIoctlTest {
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

  private static Bytes resumeKey(FileId id) throws Exception {
    SmbReply r = fsctl(id, Ioctl.FSCTL_SRV_REQUEST_RESUME_KEY, Bytes.EMPTY, 32);
    assertThat(r.status()).isEqualTo(NtStatus.SUCCESS);
    Bytes out = ((Ioctl.Response) r.body()).output();
    assertThat(out.length()).isEqualTo(32);
    return CopyChunk.ResumeKeyResponse.decode(out).resumeKey();
  }

  private static SmbReply copy(FileId target, int ctl, Bytes key, CopyChunk.Chunk... chunks) {
    return fsctl(target, ctl, new CopyChunk.Copy(key, List.of(chunks)).encode(), 12);
  }

  private static CopyChunk.Response response(SmbReply r) throws Exception {
    return CopyChunk.Response.decode(((Ioctl.Response) r.body()).output());
  }

  private static FileId file(String name, String content) {
    FileId id = f.open(name, READ_WRITE_DELETE, CreateHandler.FILE_OVERWRITE_IF, 0);
    assertThat(f.call(new WriteHandler(), new ReadWrite.WriteRequest(0, id, 0, 0, Bytes.EMPTY, 0,
        FilesFixture.utf8(content))).status()).isEqualTo(NtStatus.SUCCESS);
    return id;
  }

  /** The file's content read through the backend. */
  private static String backend(String name) {
    var v = f.volume();
    try (FileHandle h = v.open(v.resolve(name, false).id(), OpenMode.READ)) {
      ByteBuffer b = ByteBuffer.allocate((int) h.size());
      h.read(0, b);
      return new String(b.array(), 0, b.position(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void copiesChunksFromTheResumeKeysOpenToTheIoctlsOpen() throws Exception {
    FileId src = file("cc-src.txt", "0123456789abcdef");
    FileId dst = file("cc-dst.txt", "________");
    SmbReply r = copy(dst, Ioctl.FSCTL_SRV_COPYCHUNK, resumeKey(src), new CopyChunk.Chunk(10, 0, 6),
        new CopyChunk.Chunk(0, 10, 4));
    assertThat(r.status()).isEqualTo(NtStatus.SUCCESS);
    assertThat(response(r)).isEqualTo(new CopyChunk.Response(2, 0, 10));
    assertThat(backend("cc-dst.txt")).isEqualTo("abcdef__\0\u00000123");
    // A copy within one file, overlapping, as if through a buffer.
    SmbReply self = copy(src, Ioctl.FSCTL_SRV_COPYCHUNK_WRITE, resumeKey(src), new CopyChunk.Chunk(0, 2, 8));
    assertThat(self.status()).isEqualTo(NtStatus.SUCCESS);
    assertThat(backend("cc-src.txt")).isEqualTo("0101234567abcdef");
  }

  @Test
  void accessChecksDifferForCopyChunkAndCopyChunkWrite() throws Exception {
    file("cc-acc-src.txt", "data");
    FileId noRead = f.open("cc-acc-src.txt", SmbFiles.FILE_WRITE_DATA | SmbFiles.SYNCHRONIZE,
        CreateHandler.FILE_OPEN, 0);
    FileId readable = f.open("cc-acc-src.txt", READ, CreateHandler.FILE_OPEN, 0);
    file("cc-acc-dst.txt", "");
    FileId writeOnly = f.open("cc-acc-dst.txt", SmbFiles.FILE_WRITE_DATA | SmbFiles.SYNCHRONIZE,
        CreateHandler.FILE_OPEN, 0);
    FileId readOnly = f.open("cc-acc-dst.txt", READ, CreateHandler.FILE_OPEN, 0);
    CopyChunk.Chunk c = new CopyChunk.Chunk(0, 0, 4);
    // COPYCHUNK needs read on the destination; COPYCHUNK_WRITE does not.
    assertThat(copy(writeOnly, Ioctl.FSCTL_SRV_COPYCHUNK, resumeKey(readable), c).status())
        .isEqualTo(NtStatus.ACCESS_DENIED);
    assertThat(copy(writeOnly, Ioctl.FSCTL_SRV_COPYCHUNK_WRITE, resumeKey(readable), c).status())
        .isEqualTo(NtStatus.SUCCESS);
    assertThat(backend("cc-acc-dst.txt")).isEqualTo("data");
    assertThat(copy(readOnly, Ioctl.FSCTL_SRV_COPYCHUNK_WRITE, resumeKey(readable), c).status())
        .isEqualTo(NtStatus.ACCESS_DENIED);
    assertThat(copy(writeOnly, Ioctl.FSCTL_SRV_COPYCHUNK_WRITE, resumeKey(noRead), c).status())
        .as("source without read").isEqualTo(NtStatus.ACCESS_DENIED);
  }

  @Test
  void unknownOrForeignResumeKeysAreNotFoundAndAClosedTargetIsFileClosed() throws Exception {
    FileId src = file("cc-key.txt", "data");
    FileId dst = file("cc-key-dst.txt", "");
    Bytes key = resumeKey(src);
    byte[] otherSession = key.toArray();
    otherSession[16] ^= 1;
    CopyChunk.Chunk c = new CopyChunk.Chunk(0, 0, 4);
    assertThat(copy(dst, Ioctl.FSCTL_SRV_COPYCHUNK, Bytes.of(otherSession), c).status())
        .isEqualTo(NtStatus.OBJECT_NAME_NOT_FOUND);
    assertThat(copy(dst, Ioctl.FSCTL_SRV_COPYCHUNK, Bytes.zeros(24), c).status())
        .isEqualTo(NtStatus.OBJECT_NAME_NOT_FOUND);
    f.close(src);
    assertThat(copy(dst, Ioctl.FSCTL_SRV_COPYCHUNK, key, c).status()).as("closed source")
        .isEqualTo(NtStatus.OBJECT_NAME_NOT_FOUND);
    assertThat(fsctl(new FileId(999, 999), Ioctl.FSCTL_SRV_REQUEST_RESUME_KEY, Bytes.EMPTY, 32).status())
        .isEqualTo(NtStatus.FILE_CLOSED);
    assertThat(fsctl(dst, Ioctl.FSCTL_SRV_REQUEST_RESUME_KEY, Bytes.EMPTY, 31).status())
        .isEqualTo(NtStatus.INVALID_PARAMETER);
  }

  @Test
  void exceededLimitsAnswerInvalidParameterWithTheServersLimits() throws Exception {
    FileId src = file("cc-lim.txt", "data");
    FileId dst = file("cc-lim-dst.txt", "");
    Bytes key = resumeKey(src);
    CopyChunk.Response limits = new CopyChunk.Response(256, 1 << 20, 16 << 20);
    List<CopyChunk.Chunk> many = new ArrayList<>(Collections.nCopies(257, new CopyChunk.Chunk(0, 0, 1)));
    SmbReply tooMany = fsctl(dst, Ioctl.FSCTL_SRV_COPYCHUNK, new CopyChunk.Copy(key, many).encode(), 12);
    assertThat(tooMany.status()).isEqualTo(NtStatus.INVALID_PARAMETER);
    assertThat(response(tooMany)).isEqualTo(limits);
    SmbReply tooLarge = copy(dst, Ioctl.FSCTL_SRV_COPYCHUNK, key, new CopyChunk.Chunk(0, 0, (1 << 20) + 1));
    assertThat(tooLarge.status()).isEqualTo(NtStatus.INVALID_PARAMETER);
    assertThat(response(tooLarge)).isEqualTo(limits);
    SmbReply zero = copy(dst, Ioctl.FSCTL_SRV_COPYCHUNK, key, new CopyChunk.Chunk(0, 0, 0));
    assertThat(response(zero)).isEqualTo(limits);
    List<CopyChunk.Chunk> total = new ArrayList<>(Collections.nCopies(17, new CopyChunk.Chunk(0, 0, 1 << 20)));
    SmbReply tooMuch = fsctl(dst, Ioctl.FSCTL_SRV_COPYCHUNK, new CopyChunk.Copy(key, total).encode(), 12);
    assertThat(tooMuch.status()).isEqualTo(NtStatus.INVALID_PARAMETER);
    assertThat(response(tooMuch)).isEqualTo(limits);
    // A ChunkCount the input does not hold, a short input and a short output are plain errors.
    byte[] lying = new CopyChunk.Copy(key, List.of(new CopyChunk.Chunk(0, 0, 4))).encode().toArray();
    lying[24] = 2;
    assertThat(fsctl(dst, Ioctl.FSCTL_SRV_COPYCHUNK, Bytes.of(lying), 12).status())
        .isEqualTo(NtStatus.INVALID_PARAMETER);
    assertThat(fsctl(dst, Ioctl.FSCTL_SRV_COPYCHUNK, Bytes.zeros(31), 12).status())
        .isEqualTo(NtStatus.INVALID_PARAMETER);
    assertThat(fsctl(dst, Ioctl.FSCTL_SRV_COPYCHUNK,
        new CopyChunk.Copy(key, List.of(new CopyChunk.Chunk(0, 0, 4))).encode(), 11).status())
        .isEqualTo(NtStatus.INVALID_PARAMETER);
    assertThat(backend("cc-lim-dst.txt")).isEmpty();
  }

  @Test
  void aSourceRangePastTheEndIsInvalidViewSizeAndLockedBytesConflict() throws Exception {
    FileId src = file("cc-end.txt", "0123456789");
    FileId dst = file("cc-end-dst.txt", "");
    Bytes key = resumeKey(src);
    assertThat(copy(dst, Ioctl.FSCTL_SRV_COPYCHUNK, key, new CopyChunk.Chunk(6, 0, 5)).status())
        .isEqualTo(NtStatus.INVALID_VIEW_SIZE);
    FileId other = f.open("cc-end.txt", READ_WRITE_DELETE, CreateHandler.FILE_OPEN, 0);
    assertThat(f.call(new LockHandler(), new Lock.Request(0, other,
        List.of(new Lock.Element(4, 2, Lock.EXCLUSIVE | Lock.FAIL_IMMEDIATELY)))).status())
        .isEqualTo(NtStatus.SUCCESS);
    SmbReply locked = copy(dst, Ioctl.FSCTL_SRV_COPYCHUNK, key, new CopyChunk.Chunk(0, 0, 5));
    assertThat(locked.status()).as("source bytes locked").isEqualTo(NtStatus.FILE_LOCK_CONFLICT);
    // The error answer still carries the SRV_COPYCHUNK_RESPONSE of what was copied: nothing.
    assertThat(response(locked)).isEqualTo(new CopyChunk.Response(0, 0, 0));
    assertThat(copy(dst, Ioctl.FSCTL_SRV_COPYCHUNK, key, new CopyChunk.Chunk(0, 0, 4)).status())
        .isEqualTo(NtStatus.SUCCESS);
    FileId dstOther = f.open("cc-end-dst.txt", READ_WRITE_DELETE, CreateHandler.FILE_OPEN, 0);
    assertThat(f.call(new LockHandler(), new Lock.Request(0, dstOther,
        List.of(new Lock.Element(0, 1, Lock.SHARED | Lock.FAIL_IMMEDIATELY)))).status())
        .isEqualTo(NtStatus.SUCCESS);
    assertThat(copy(dst, Ioctl.FSCTL_SRV_COPYCHUNK, key, new CopyChunk.Chunk(0, 0, 4)).status())
        .as("destination bytes locked").isEqualTo(NtStatus.FILE_LOCK_CONFLICT);
    assertThat(backend("cc-end-dst.txt")).isEqualTo("0123");
  }

  /**
   * smbtorture smb2.ioctl.copy_chunk_src_exceed_multi: a chunk failing after others stops the copy; the
   * chunks before it stay written and the error answer counts them.
   */
  @Test
  void aChunkFailingAfterOthersAnswersTheErrorWithWhatWasWritten() throws Exception {
    FileId src = file("cc-multi.txt", "0123456789");
    FileId dst = file("cc-multi-dst.txt", "");
    SmbReply r = copy(dst, Ioctl.FSCTL_SRV_COPYCHUNK, resumeKey(src), new CopyChunk.Chunk(0, 0, 4),
        new CopyChunk.Chunk(8, 4, 4));
    assertThat(r.status()).isEqualTo(NtStatus.INVALID_VIEW_SIZE);
    assertThat(response(r)).isEqualTo(new CopyChunk.Response(1, 0, 4));
    assertThat(backend("cc-multi-dst.txt")).isEqualTo("0123");
  }

  /** smbtorture smb2.ioctl.copy_chunk_bad_access: a source opened for FILE_EXECUTE can be read from. */
  @Test
  void aSourceOpenedForExecuteIsReadable() throws Exception {
    file("cc-exec.txt", "exec");
    FileId exec = f.open("cc-exec.txt", SmbFiles.FILE_EXECUTE | SmbFiles.SYNCHRONIZE, CreateHandler.FILE_OPEN, 0);
    FileId dst = file("cc-exec-dst.txt", "");
    assertThat(copy(dst, Ioctl.FSCTL_SRV_COPYCHUNK, resumeKey(exec), new CopyChunk.Chunk(0, 0, 4)).status())
        .isEqualTo(NtStatus.SUCCESS);
    assertThat(backend("cc-exec-dst.txt")).isEqualTo("exec");
    // On the destination of COPYCHUNK, FILE_EXECUTE without FILE_READ_DATA is not enough.
    FileId execDst = f.open("cc-exec-dst.txt", SmbFiles.FILE_EXECUTE | SmbFiles.FILE_WRITE_DATA
        | SmbFiles.SYNCHRONIZE, CreateHandler.FILE_OPEN, 0);
    assertThat(copy(execDst, Ioctl.FSCTL_SRV_COPYCHUNK, resumeKey(exec), new CopyChunk.Chunk(0, 0, 4)).status())
        .isEqualTo(NtStatus.ACCESS_DENIED);
  }
}
