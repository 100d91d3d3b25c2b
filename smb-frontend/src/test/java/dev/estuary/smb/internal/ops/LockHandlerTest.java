package dev.estuary.smb.internal.ops;

import static dev.estuary.smb.internal.ops.FilesFixture.READ_WRITE_DELETE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.dfs.ByteRange;
import dev.estuary.dfs.LockSession;
import dev.estuary.dfs.LockStyle;
import dev.estuary.dfs.LockType;
import dev.estuary.dfs.ObjectId;
import dev.estuary.smb.internal.codec.Bytes;
import dev.estuary.smb.internal.codec.FileId;
import dev.estuary.smb.internal.codec.Lock;
import dev.estuary.smb.internal.codec.NtStatus;
import dev.estuary.smb.internal.codec.ReadWrite;
import dev.estuary.smb.testing.SmbTestServer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** LOCK ([MS-SMB2] 3.3.5.14) through {@link LockHandler}, and its effect on READ and WRITE. */
class LockHandlerTest {
  private static final int X = Lock.EXCLUSIVE | Lock.FAIL_IMMEDIATELY;
  private static final int S = Lock.SHARED | Lock.FAIL_IMMEDIATELY;

  private static SmbTestServer server;
  private static FilesFixture f;
  private static FilesFixture g;

  @BeforeAll
  static void start() throws Exception {
    server = new SmbTestServer();
    f = new FilesFixture(server, SmbTestServer.USER);
    g = new FilesFixture(server, SmbTestServer.USER);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static FileId file(String name) {
    FileId id = f.open(name, READ_WRITE_DELETE, CreateHandler.FILE_CREATE, 0);
    assertThat(f.call(new WriteHandler(), new ReadWrite.WriteRequest(0, id, 0, 0, Bytes.EMPTY, 0,
        Bytes.of(new byte[300]))).status()).isEqualTo(NtStatus.SUCCESS);
    return id;
  }

  private static SmbReply lock(FilesFixture x, FileId id, Lock.Element... elements) {
    return x.call(new LockHandler(), new Lock.Request(0, id, List.of(elements)));
  }

  private static Lock.Element el(long offset, long length, int flags) {
    return new Lock.Element(offset, length, flags);
  }

  private static NtStatus read(FilesFixture x, FileId id, long offset, int length) {
    return x.call(new ReadHandler(), new ReadWrite.ReadRequest(0, 0, length, offset, id, 0, 0, 0, Bytes.EMPTY))
        .status();
  }

  private static NtStatus write(FilesFixture x, FileId id, long offset) {
    return x.call(new WriteHandler(), new ReadWrite.WriteRequest(offset, id, 0, 0, Bytes.EMPTY, 0,
        FilesFixture.utf8("w"))).status();
  }

  /**
   * [MS-FSA] 2.1.5.7 (smbtorture smb2.lock.zerobytelength, errorcode, unlock): a zero-length lock at X
   * conflicts with a lock strictly containing X (starting before X, ending at or after it), in either
   * order and on the same open or another; two zero-length locks never conflict.
   */
  @Test
  void zeroLengthLocksConflictWithLocksStrictlyContainingTheirOffset() {
    FileId a = file("l-zero.bin");
    FileId b = g.open("l-zero.bin", READ_WRITE_DELETE, CreateHandler.FILE_OPEN, 0);
    long[][] cases = {{10, 0, 10, 0, 1}, {10, 0, 9, 1, 1}, {10, 0, 10, 1, 1}, {10, 0, 11, 1, 1},
        {10, 0, 9, 2, 0}, {10, 0, 10, 2, 1}, {10, 0, 9, 3, 0}, {9, 2, 10, 0, 0}, {10, 2, 10, 0, 1},
        {9, 3, 10, 0, 0}, {0, 0, 0, 0, 1}};
    for (long[] c : cases) {
      for (FilesFixture second : new FilesFixture[] {f, g}) {
        FileId h2 = second == f ? a : b;
        String what = "{" + c[0] + "," + c[1] + "} then {" + c[2] + "," + c[3] + "}"
            + (second == f ? " same open" : " other open");
        assertThat(lock(f, a, el(c[0], c[1], X)).status()).as(what).isEqualTo(NtStatus.SUCCESS);
        NtStatus st = lock(second, h2, el(c[2], c[3], X)).status();
        assertThat(st).as(what).isEqualTo(c[4] == 1 ? NtStatus.SUCCESS : NtStatus.LOCK_NOT_GRANTED);
        if (st == NtStatus.SUCCESS) {
          assertThat(lock(second, h2, el(c[2], c[3], Lock.UNLOCK)).status()).isEqualTo(NtStatus.SUCCESS);
        }
        assertThat(lock(f, a, el(c[0], c[1], Lock.UNLOCK)).status()).isEqualTo(NtStatus.SUCCESS);
      }
    }
    // errorcode: a zero-length lock inside an exclusive range is not granted, on either open.
    assertThat(lock(f, a, el(100, 10, X)).status()).isEqualTo(NtStatus.SUCCESS);
    assertThat(lock(f, a, el(102, 0, X)).status()).isEqualTo(NtStatus.LOCK_NOT_GRANTED);
    assertThat(lock(g, b, el(102, 0, X)).status()).isEqualTo(NtStatus.LOCK_NOT_GRANTED);
    assertThat(lock(f, a, el(100, 10, Lock.UNLOCK)).status()).isEqualTo(NtStatus.SUCCESS);
    f.close(a);
    g.close(b);
  }

  /** [MS-FSA] 2.1.5.8: of stacked locks with one range, the exclusive one is released first. */
  @Test
  void unlockReleasesTheExclusiveLockBeforeASharedOneStackedOnIt() {
    FileId a = file("l-stack.bin");
    FileId b = g.open("l-stack.bin", READ_WRITE_DELETE, CreateHandler.FILE_OPEN, 0);
    assertThat(lock(f, a, el(10, 0, X)).status()).isEqualTo(NtStatus.SUCCESS);
    assertThat(lock(f, a, el(10, 0, S)).status()).isEqualTo(NtStatus.SUCCESS);
    assertThat(lock(g, b, el(5, 10, S)).status()).isEqualTo(NtStatus.LOCK_NOT_GRANTED);
    assertThat(lock(f, a, el(10, 0, Lock.UNLOCK)).status()).isEqualTo(NtStatus.SUCCESS);
    assertThat(lock(g, b, el(5, 10, S)).status()).as("only the shared lock is left").isEqualTo(NtStatus.SUCCESS);
    assertThat(lock(g, b, el(5, 10, Lock.UNLOCK)).status()).isEqualTo(NtStatus.SUCCESS);
    assertThat(lock(f, a, el(10, 0, Lock.UNLOCK)).status()).isEqualTo(NtStatus.SUCCESS);
    f.close(a);
    g.close(b);
  }

  @Test
  void exclusiveAndSharedLocksConflictAcrossOpensAndGuardReadsAndWrites() {
    FileId a = file("l1.bin");
    FileId b = g.open("l1.bin", READ_WRITE_DELETE, CreateHandler.FILE_OPEN, 0);
    assertThat(lock(f, a, el(0, 10, X)).status()).isEqualTo(NtStatus.SUCCESS);
    assertThat(lock(g, b, el(5, 1, S)).status()).isEqualTo(NtStatus.LOCK_NOT_GRANTED);
    assertThat(lock(g, b, el(10, 10, X)).status()).as("adjacent").isEqualTo(NtStatus.SUCCESS);
    // [MS-FSA] 2.1.5.2/2.1.5.3: another open's exclusive lock forbids reading and writing its bytes.
    assertThat(read(g, b, 0, 4)).isEqualTo(NtStatus.FILE_LOCK_CONFLICT);
    assertThat(write(g, b, 9)).isEqualTo(NtStatus.FILE_LOCK_CONFLICT);
    assertThat(read(f, a, 0, 4)).isEqualTo(NtStatus.SUCCESS);
    assertThat(write(f, a, 0)).isEqualTo(NtStatus.SUCCESS);
    assertThat(read(g, b, 20, 4)).isEqualTo(NtStatus.SUCCESS);
    // Shared locks stack; a shared lock forbids writes, even the holder's own.
    assertThat(lock(f, a, el(100, 10, S)).status()).isEqualTo(NtStatus.SUCCESS);
    assertThat(lock(g, b, el(100, 10, S)).status()).isEqualTo(NtStatus.SUCCESS);
    assertThat(read(g, b, 100, 4)).isEqualTo(NtStatus.SUCCESS);
    assertThat(write(f, a, 105)).isEqualTo(NtStatus.FILE_LOCK_CONFLICT);
    // Unlock: exactly a held range, else RANGE_NOT_LOCKED.
    assertThat(lock(f, a, el(0, 5, Lock.UNLOCK)).status()).isEqualTo(NtStatus.RANGE_NOT_LOCKED);
    assertThat(lock(f, a, el(0, 10, Lock.UNLOCK)).status()).isEqualTo(NtStatus.SUCCESS);
    assertThat(lock(f, a, el(0, 10, Lock.UNLOCK)).status()).isEqualTo(NtStatus.RANGE_NOT_LOCKED);
    assertThat(read(g, b, 0, 4)).isEqualTo(NtStatus.SUCCESS);
    f.close(a);
    g.close(b);
  }

  @Test
  void severalElementsAreGrantedAllOrNone() {
    FileId a = file("l2.bin");
    FileId b = g.open("l2.bin", READ_WRITE_DELETE, CreateHandler.FILE_OPEN, 0);
    assertThat(lock(f, a, el(50, 10, X)).status()).isEqualTo(NtStatus.SUCCESS);
    assertThat(lock(g, b, el(0, 10, X), el(20, 10, X), el(55, 1, X)).status()).isEqualTo(NtStatus.LOCK_NOT_GRANTED);
    // Nothing of the failed request stayed held.
    assertThat(lock(f, a, el(0, 10, X), el(20, 10, S)).status()).isEqualTo(NtStatus.SUCCESS);
    // Only a request of one lock may wait: several without FAIL_IMMEDIATELY are refused, nothing taken.
    assertThat(lock(g, b, el(200, 1, X), el(300, 1, Lock.EXCLUSIVE)).status())
        .isEqualTo(NtStatus.INVALID_PARAMETER);
    assertThat(lock(g, b, el(200, 1, X)).status()).isEqualTo(NtStatus.SUCCESS);
    // Unlocks go in order and stop at the first range not held.
    assertThat(lock(f, a, el(0, 10, Lock.UNLOCK), el(7, 1, Lock.UNLOCK), el(20, 10, Lock.UNLOCK)).status())
        .isEqualTo(NtStatus.RANGE_NOT_LOCKED);
    assertThat(lock(f, a, el(0, 10, Lock.UNLOCK)).status()).isEqualTo(NtStatus.RANGE_NOT_LOCKED);
    assertThat(lock(f, a, el(20, 10, Lock.UNLOCK)).status()).isEqualTo(NtStatus.SUCCESS);
    f.close(a);
    g.close(b);
  }

  @Test
  void badFlagsAndRangesAreRefused() {
    FileId a = file("l3.bin");
    // In an unlock request a bad element fails when reached (smbtorture smb2.lock.valid-request).
    assertThat(lock(f, a, el(0, 1, Lock.UNLOCK), el(1, 1, X)).status()).isEqualTo(NtStatus.RANGE_NOT_LOCKED);
    assertThat(lock(f, a, el(0, 1, X)).status()).isEqualTo(NtStatus.SUCCESS);
    assertThat(lock(f, a, el(0, 1, Lock.UNLOCK), el(1, 1, X)).status()).isEqualTo(NtStatus.INVALID_PARAMETER);
    assertThat(lock(f, a, el(0, 1, Lock.UNLOCK)).status()).as("the first unlock was done")
        .isEqualTo(NtStatus.RANGE_NOT_LOCKED);
    assertThat(lock(f, a, el(0, 1, X), el(1, 1, Lock.UNLOCK)).status()).isEqualTo(NtStatus.INVALID_PARAMETER);
    assertThat(lock(f, a, el(0, 1, 0)).status()).isEqualTo(NtStatus.INVALID_PARAMETER);
    assertThat(lock(f, a, el(0, 1, Lock.SHARED | Lock.EXCLUSIVE)).status()).isEqualTo(NtStatus.INVALID_PARAMETER);
    assertThat(lock(f, a, el(0, 1, Lock.UNLOCK | Lock.FAIL_IMMEDIATELY)).status())
        .isEqualTo(NtStatus.INVALID_PARAMETER);
    assertThat(lock(f, a, el(-2L, 3, X)).status()).as("past 2^64").isEqualTo(NtStatus.INVALID_LOCK_RANGE);
    assertThat(lock(f, a, el(-2L, 2, X)).status()).as("up to 2^64 - 1").isEqualTo(NtStatus.SUCCESS);
    assertThat(lock(f, a, el(7, 0, X)).status()).as("zero length").isEqualTo(NtStatus.SUCCESS);
    assertThat(lock(f, new FileId(5, 5), el(0, 1, X)).status()).isEqualTo(NtStatus.FILE_CLOSED);
    FileId dir = f.open("", FilesFixture.READ, CreateHandler.FILE_OPEN, 0);
    assertThat(lock(f, dir, el(0, 1, X)).status()).isEqualTo(NtStatus.INVALID_PARAMETER);
    FileId attrs = f.open("l3.bin", SmbFiles.FILE_READ_ATTRIBUTES, CreateHandler.FILE_OPEN, 0);
    assertThat(lock(f, attrs, el(0, 1, X)).status()).isEqualTo(NtStatus.ACCESS_DENIED);
    f.close(attrs);
    f.close(dir);
    f.close(a);
  }

  @Test
  void aBlockingLockWaitsForTheRangeAndEndsWithCancelOrClose() throws Exception {
    FileId a = file("l4.bin");
    FileId b = g.open("l4.bin", READ_WRITE_DELETE, CreateHandler.FILE_OPEN, 0);
    assertThat(lock(f, a, el(0, 10, X)).status()).isEqualTo(NtStatus.SUCCESS);

    // Granted when the holder unlocks.
    SmbReply p = lock(g, b, el(0, 10, Lock.EXCLUSIVE));
    assertThat(p.status()).isEqualTo(NtStatus.PENDING);
    CompletableFuture<SmbReply> done = new CompletableFuture<>();
    p.async().start(done::complete);
    assertThat(done).isNotDone();
    assertThat(lock(f, a, el(0, 10, Lock.UNLOCK)).status()).isEqualTo(NtStatus.SUCCESS);
    assertThat(done.get(30, TimeUnit.SECONDS).status()).isEqualTo(NtStatus.SUCCESS);
    assertThat(lock(f, a, el(0, 1, X)).status()).as("now g holds it").isEqualTo(NtStatus.LOCK_NOT_GRANTED);

    // CANCEL withdraws the request: it is never granted afterwards.
    SmbReply c = lock(f, a, el(0, 10, Lock.SHARED));
    assertThat(c.status()).isEqualTo(NtStatus.PENDING);
    CompletableFuture<SmbReply> cancelled = new CompletableFuture<>();
    c.async().start(cancelled::complete);
    c.async().cancel();
    assertThat(lock(g, b, el(0, 10, Lock.UNLOCK)).status()).isEqualTo(NtStatus.SUCCESS);
    assertThat(lock(g, b, el(0, 10, X)).status()).as("f holds nothing").isEqualTo(NtStatus.SUCCESS);

    // Closing the waiting open ends the wait with RANGE_NOT_LOCKED (smbtorture smb2.lock.cancel-tdis).
    SmbReply w = lock(f, a, el(0, 10, Lock.EXCLUSIVE));
    CompletableFuture<SmbReply> closed = new CompletableFuture<>();
    w.async().start(closed::complete);
    f.close(a);
    assertThat(closed.get(30, TimeUnit.SECONDS).status()).isEqualTo(NtStatus.RANGE_NOT_LOCKED);
    g.close(b);
  }

  @Test
  void aSharedLockStacksOnTheSameOpensExclusiveLockOnly() {
    FileId a = file("l7.bin");
    FileId b = g.open("l7.bin", READ_WRITE_DELETE, CreateHandler.FILE_OPEN, 0);
    assertThat(lock(f, a, el(0, 10, X)).status()).isEqualTo(NtStatus.SUCCESS);
    assertThat(lock(f, a, el(0, 10, S)).status()).as("smbtorture smb2.lock.stacking").isEqualTo(NtStatus.SUCCESS);
    assertThat(lock(f, a, el(0, 10, X)).status()).isEqualTo(NtStatus.LOCK_NOT_GRANTED);
    assertThat(lock(g, b, el(0, 10, S)).status()).isEqualTo(NtStatus.LOCK_NOT_GRANTED);
    // Two unlocks release the stack one lock at a time.
    assertThat(lock(f, a, el(0, 10, Lock.UNLOCK)).status()).isEqualTo(NtStatus.SUCCESS);
    assertThat(lock(f, a, el(0, 10, Lock.UNLOCK)).status()).isEqualTo(NtStatus.SUCCESS);
    assertThat(lock(g, b, el(0, 10, X)).status()).isEqualTo(NtStatus.SUCCESS);
    f.close(a);
    g.close(b);
  }

  @Test
  void closeReleasesTheOpensLocks() {
    FileId a = file("l5.bin");
    FileId b = g.open("l5.bin", READ_WRITE_DELETE, CreateHandler.FILE_OPEN, 0);
    assertThat(lock(f, a, el(0, 10, X), el(40, 5, S)).status()).isEqualTo(NtStatus.SUCCESS);
    f.close(a);
    assertThat(lock(g, b, el(0, 50, X)).status()).isEqualTo(NtStatus.SUCCESS);
    g.close(b);
  }

  @Test
  void locksAreTheBackendsSoAPosixLockOfAnotherProtocolConflicts() {
    FileId a = file("l6.bin");
    ObjectId id = f.volume().resolve("l6.bin", false).id();
    try (LockSession nfs = f.volume().openSession("nfs client 10.0.0.7 #1")) {
      assertThat(nfs.tryLock(id, "nfs-owner", LockStyle.POSIX, LockType.EXCLUSIVE, new ByteRange(100, 10)))
          .isEmpty();
      assertThat(lock(f, a, el(105, 1, S)).status()).isEqualTo(NtStatus.LOCK_NOT_GRANTED);
      assertThat(read(f, a, 100, 4)).isEqualTo(NtStatus.FILE_LOCK_CONFLICT);
      assertThat(lock(f, a, el(200, 10, X)).status()).isEqualTo(NtStatus.SUCCESS);
      assertThat(nfs.test(id, "nfs-owner", LockStyle.POSIX, LockType.SHARED, new ByteRange(205, 1))).isPresent();
      assertThat(nfs.tryLock(id, "nfs-owner", LockStyle.POSIX, LockType.SHARED, new ByteRange(205, 1))).isPresent();
      f.close(a);
      assertThat(nfs.tryLock(id, "nfs-owner", LockStyle.POSIX, LockType.SHARED, new ByteRange(205, 1))).isEmpty();
    }
  }
}
