package dev.estuary.smb.internal.ops;

import static dev.estuary.smb.internal.ops.FilesFixture.READ;
import static dev.estuary.smb.internal.ops.FilesFixture.READ_WRITE_DELETE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.dfs.Attributes;
import dev.estuary.dfs.FileHandle;
import dev.estuary.dfs.OpenMode;
import dev.estuary.dfs.Volume;
import dev.estuary.smb.internal.codec.Bytes;
import dev.estuary.smb.internal.codec.FileId;
import dev.estuary.smb.internal.codec.FileRanges;
import dev.estuary.smb.internal.codec.Ioctl;
import dev.estuary.smb.internal.codec.Lock;
import dev.estuary.smb.internal.codec.NtStatus;
import dev.estuary.smb.internal.codec.ReadWrite;
import dev.estuary.smb.testing.SmbTestServer;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * FSCTL_SET_SPARSE, FSCTL_SET_ZERO_DATA and FSCTL_QUERY_ALLOCATED_RANGES ([MS-FSCC] 2.3.64, 2.3.67, 2.3.47;
 * [MS-FSA] 2.1.5.10) through {@link IoctlHandler}, checked through the backend.
 */
class SparseIoctlTest {
  private static final int K64 = 64 << 10;
  private static final int M1 = 1 << 20;
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

  private static void write(FileId id, long offset, byte[] data) {
    assertThat(f.call(new WriteHandler(), new ReadWrite.WriteRequest(offset, id, 0, 0, Bytes.EMPTY, 0,
        Bytes.of(data))).status()).isEqualTo(NtStatus.SUCCESS);
  }

  /** A file of 2 MiB with 64 KiB of data at 0 and at 1 MiB, holes elsewhere. */
  private static FileId sparseLayout(String name) {
    FileId id = f.open(name, READ_WRITE_DELETE, CreateHandler.FILE_CREATE, 0);
    byte[] ones = new byte[K64];
    Arrays.fill(ones, (byte) 1);
    write(id, 0, ones);
    write(id, M1, ones);
    write(id, 2 * M1 - 1, new byte[] {1});
    return id;
  }

  private static SmbReply ranges(FileId id, long offset, long length, int maxOut) {
    return fsctl(id, Ioctl.FSCTL_QUERY_ALLOCATED_RANGES, new FileRanges.Range(offset, length).encode(), maxOut);
  }

  private static List<FileRanges.Range> output(SmbReply r) throws Exception {
    return FileRanges.Range.decodeAll(((Ioctl.Response) r.body()).output());
  }

  private static Attributes attrs(String name) {
    return f.volume().resolve(name, false);
  }

  private static byte[] backend(String name, long offset, int length) {
    Volume v = f.volume();
    try (FileHandle h = v.open(attrs(name).id(), OpenMode.READ)) {
      ByteBuffer b = ByteBuffer.allocate(length);
      h.read(offset, b);
      return b.array();
    }
  }

  @Test
  void setSparseKeepsTheAttributeAcrossOtherAttributeChanges() {
    FileId id = f.open("sp-attr.bin", READ_WRITE_DELETE, CreateHandler.FILE_CREATE, 0);
    Volume v = f.volume();
    assertThat(SmbFiles.attributes(v, attrs("sp-attr.bin")) & SmbFiles.ATTR_SPARSE_FILE).isZero();
    assertThat(fsctl(id, Ioctl.FSCTL_SET_SPARSE, Bytes.EMPTY, 0).status()).isEqualTo(NtStatus.SUCCESS);
    assertThat(SmbFiles.attributes(v, attrs("sp-attr.bin")))
        .isEqualTo(SmbFiles.ATTR_ARCHIVE | SmbFiles.ATTR_SPARSE_FILE);
    // SET_INFO and CREATE cannot change the sparse bit ([MS-FSA] 2.1.5.14.2).
    SmbFiles.storeDos(v, attrs("sp-attr.bin"), SmbFiles.ATTR_HIDDEN);
    assertThat(SmbFiles.attributes(v, attrs("sp-attr.bin")))
        .isEqualTo(SmbFiles.ATTR_HIDDEN | SmbFiles.ATTR_SPARSE_FILE);
    assertThat(fsctl(id, Ioctl.FSCTL_SET_SPARSE, Bytes.of((byte) 0), 0).status()).isEqualTo(NtStatus.SUCCESS);
    assertThat(SmbFiles.attributes(v, attrs("sp-attr.bin"))).isEqualTo(SmbFiles.ATTR_HIDDEN);
    FileId ro = f.open("sp-attr.bin", READ, CreateHandler.FILE_OPEN, 0);
    assertThat(fsctl(ro, Ioctl.FSCTL_SET_SPARSE, Bytes.EMPTY, 0).status()).isEqualTo(NtStatus.ACCESS_DENIED);
    FileId dir = f.open("", READ, CreateHandler.FILE_OPEN, 0);
    assertThat(fsctl(dir, Ioctl.FSCTL_SET_SPARSE, Bytes.EMPTY, 0).status()).isEqualTo(NtStatus.INVALID_PARAMETER);
  }

  @Test
  void allocatedRangesAreTheWholeFileUntilItIsSparseThenItsDataRanges() throws Exception {
    FileId id = sparseLayout("sp-ranges.bin");
    SmbReply whole = ranges(id, 0, Long.MAX_VALUE, 1024);
    assertThat(whole.status()).isEqualTo(NtStatus.SUCCESS);
    assertThat(output(whole)).containsExactly(new FileRanges.Range(0, 2 * M1));
    assertThat(fsctl(id, Ioctl.FSCTL_SET_SPARSE, Bytes.of((byte) 1), 0).status()).isEqualTo(NtStatus.SUCCESS);
    List<FileRanges.Range> all = output(ranges(id, 0, 2 * M1, 1024));
    assertThat(all).hasSize(3);
    assertThat(all.get(0)).isEqualTo(new FileRanges.Range(0, K64));
    assertThat(all.get(1)).isEqualTo(new FileRanges.Range(M1, K64));
    assertThat(all.get(2).fileOffset() + all.get(2).length()).isEqualTo(2 * M1);
    // Clipped to the queried range.
    assertThat(output(ranges(id, K64 / 2, M1, 1024))).containsExactly(new FileRanges.Range(K64 / 2, K64 / 2),
        new FileRanges.Range(M1, K64 / 2));
    // Not all fit: BUFFER_OVERFLOW with those that do; not even one: BUFFER_TOO_SMALL.
    SmbReply one = ranges(id, 0, 2 * M1, 16);
    assertThat(one.status()).isEqualTo(NtStatus.BUFFER_OVERFLOW);
    assertThat(output(one)).containsExactly(new FileRanges.Range(0, K64));
    assertThat(ranges(id, 0, 2 * M1, 15).status()).isEqualTo(NtStatus.BUFFER_TOO_SMALL);
    assertThat(ranges(id, -1, 10, 1024).status()).isEqualTo(NtStatus.INVALID_PARAMETER);
    assertThat(ranges(id, 10, Long.MAX_VALUE, 1024).status()).isEqualTo(NtStatus.INVALID_PARAMETER);
    assertThat(fsctl(id, Ioctl.FSCTL_QUERY_ALLOCATED_RANGES, Bytes.zeros(15), 1024).status())
        .isEqualTo(NtStatus.INVALID_PARAMETER);
    assertThat(output(ranges(id, 3 * M1, 10, 1024))).isEmpty();
  }

  /**
   * smbtorture smb2.ioctl.sparse_qar_malformed: with no range to return, even a zero-byte output buffer
   * suffices; a range that does not fit one is BUFFER_TOO_SMALL; an oversized input is read for its first
   * FILE_ALLOCATED_RANGE_BUFFER.
   */
  @Test
  void anEmptyAnswerFitsAnyBufferAndAnOversizedInputIsAccepted() throws Exception {
    FileId id = f.open("sp-empty.bin", READ_WRITE_DELETE, CreateHandler.FILE_CREATE, 0);
    SmbReply none = ranges(id, 0, 1024, 0);
    assertThat(none.status()).isEqualTo(NtStatus.SUCCESS);
    assertThat(output(none)).isEmpty();
    write(id, 0, new byte[1024]);
    assertThat(ranges(id, 0, 1024, 0).status()).isEqualTo(NtStatus.BUFFER_TOO_SMALL);
    Bytes twice = Bytes.of(java.util.stream.Stream.of(new FileRanges.Range(0, 1024).encode(),
        new FileRanges.Range(0, 1024).encode()).map(Bytes::toArray).reduce(new byte[0], (a, b) -> {
          byte[] c = Arrays.copyOf(a, a.length + b.length);
          System.arraycopy(b, 0, c, a.length, b.length);
          return c;
        }));
    SmbReply big = fsctl(id, Ioctl.FSCTL_QUERY_ALLOCATED_RANGES, twice, 1024);
    assertThat(big.status()).isEqualTo(NtStatus.SUCCESS);
    assertThat(output(big)).containsExactly(new FileRanges.Range(0, 1024));
    f.close(id);
  }

  @Test
  void setZeroDataPunchesAHoleWithoutChangingTheSize() throws Exception {
    FileId id = sparseLayout("sp-zero.bin");
    assertThat(fsctl(id, Ioctl.FSCTL_SET_SPARSE, Bytes.EMPTY, 0).status()).isEqualTo(NtStatus.SUCCESS);
    SmbReply z = fsctl(id, Ioctl.FSCTL_SET_ZERO_DATA, new FileRanges.ZeroData(0, K64).encode(), 0);
    assertThat(z.status()).isEqualTo(NtStatus.SUCCESS);
    assertThat(backend("sp-zero.bin", 0, K64)).isEqualTo(new byte[K64]);
    assertThat(output(ranges(id, 0, M1 + K64, 1024))).containsExactly(new FileRanges.Range(M1, K64));
    // Part of a range, and past the end: zeros inside, the size unchanged.
    assertThat(fsctl(id, Ioctl.FSCTL_SET_ZERO_DATA, new FileRanges.ZeroData(M1 + 10, 5 * M1).encode(), 0)
        .status()).isEqualTo(NtStatus.SUCCESS);
    assertThat(attrs("sp-zero.bin").size()).isEqualTo(2 * M1);
    byte[] head = backend("sp-zero.bin", M1, 12);
    assertThat(head).containsExactly(1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0);
    assertThat(fsctl(id, Ioctl.FSCTL_SET_ZERO_DATA, new FileRanges.ZeroData(10, 5).encode(), 0).status())
        .isEqualTo(NtStatus.INVALID_PARAMETER);
    assertThat(fsctl(id, Ioctl.FSCTL_SET_ZERO_DATA, Bytes.zeros(8), 0).status())
        .isEqualTo(NtStatus.INVALID_PARAMETER);
    FileId ro = f.open("sp-zero.bin", READ, CreateHandler.FILE_OPEN, 0);
    assertThat(fsctl(ro, Ioctl.FSCTL_SET_ZERO_DATA, new FileRanges.ZeroData(0, 10).encode(), 0).status())
        .isEqualTo(NtStatus.ACCESS_DENIED);
    FileId other = f.open("sp-zero.bin", READ_WRITE_DELETE, CreateHandler.FILE_OPEN, 0);
    assertThat(f.call(new LockHandler(), new Lock.Request(0, other,
        List.of(new Lock.Element(M1, 1, Lock.SHARED | Lock.FAIL_IMMEDIATELY)))).status())
        .isEqualTo(NtStatus.SUCCESS);
    assertThat(fsctl(id, Ioctl.FSCTL_SET_ZERO_DATA, new FileRanges.ZeroData(M1, M1 + 1).encode(), 0).status())
        .isEqualTo(NtStatus.FILE_LOCK_CONFLICT);
    assertThat(backend("sp-zero.bin", M1, 1)).containsExactly(1);
  }
}
