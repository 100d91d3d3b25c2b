package dev.estuary.dfs.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.estuary.dfs.ByteRange;
import dev.estuary.dfs.Capability;
import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.ErrorKind;
import dev.estuary.dfs.LockInfo;
import dev.estuary.dfs.LockSession;
import dev.estuary.dfs.LockStyle;
import dev.estuary.dfs.LockType;
import dev.estuary.dfs.ObjectId;
import dev.estuary.dfs.Volume;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Byte-range locks ({@link Capability#LOCKS}): conflicts between owners and sessions in both
 * styles, POSIX upgrade, downgrade, split and merge, Windows stacking and exact unlock, test
 * reporting the conflicting lock, blocking waits woken by release and by session close, bounded
 * waits, cancellation, fairness and owner death. Waits are on futures with bounded timeouts.
 */
public abstract class LockContract extends DfsContractSupport {
  private static final long WAIT_SECONDS = 20;
  private static final Duration LONG = Duration.ofSeconds(30);
  private static final LockStyle P = LockStyle.POSIX;
  private static final LockStyle W = LockStyle.WINDOWS;
  private static final LockType SH = LockType.SHARED;
  private static final LockType EX = LockType.EXCLUSIVE;

  private ObjectId file;
  private LockSession nfs;
  private LockSession smb;

  /** Creates the file and two sessions, the second through another Volume instance. */
  @BeforeEach
  void setUpLocks() {
    assumeCapability(Capability.LOCKS);
    file = createFile(root, "locked", new byte[100]).id();
    nfs = volume.openSession("nfs client A");
    Volume other = dfs.volume(VOLUME);
    smb = other.openSession("smb session B");
  }

  private static ByteRange r(long offset, long length) {
    return new ByteRange(offset, length);
  }

  private static void granted(Optional<LockInfo> result) {
    assertThat(result).as("lock result (empty = granted)").isEmpty();
  }

  private static LockInfo denied(Optional<LockInfo> result) {
    assertThat(result).as("lock result (a conflict = denied)").isPresent();
    return result.orElseThrow();
  }

  private static void await(CompletableFuture<Void> f) {
    try {
      f.get(WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    } catch (ExecutionException | TimeoutException e) {
      throw new AssertionError("lock wait did not succeed", e);
    }
  }

  private static DfsException awaitFailure(CompletableFuture<Void> f) {
    try {
      f.get(WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      assertThat(e.getCause()).isInstanceOf(DfsException.class);
      return (DfsException) e.getCause();
    } catch (InterruptedException | TimeoutException e) {
      throw new AssertionError("lock wait did not end", e);
    }
    throw new AssertionError("lock wait succeeded (expected: a failure)");
  }

  private List<ByteRange> ranges(String owner) {
    return nfs.locks(file).stream().filter(l -> l.owner().equals(owner)).map(LockInfo::range).toList();
  }

  @Test
  void exclusive_conflictsAcrossSessions_andDeniedReportsTheHolder() {
    granted(nfs.tryLock(file, "o1", P, EX, r(10, 20)));

    LockInfo c = denied(smb.tryLock(file, "fid-1", W, SH, r(25, 10)));

    assertThat(c.file()).isEqualTo(file);
    assertThat(c.owner()).isEqualTo("o1");
    assertThat(c.session()).isEqualTo(nfs.id());
    assertThat(c.sessionDescription()).isEqualTo("nfs client A");
    assertThat(c.type()).isEqualTo(EX);
    assertThat(c.style()).isEqualTo(P);
    assertThat(c.range()).isEqualTo(r(10, 20));
    assertThat(smb.locks(file)).hasSize(1);
  }

  @Test
  void shared_locksOfDifferentOwnersCoexist_butExcludeExclusive() {
    granted(nfs.tryLock(file, "o1", P, SH, r(0, 50)));
    granted(smb.tryLock(file, "fid-1", W, SH, r(20, 50)));
    granted(nfs.tryLock(file, "o2", P, SH, r(10, 5)));

    assertThat(denied(nfs.tryLock(file, "o3", P, EX, r(60, 1))).owner()).isEqualTo("fid-1");
    denied(smb.tryLock(file, "fid-2", W, EX, r(0, 1)));
    assertThat(nfs.locks(file)).hasSize(3);
  }

  @Test
  void owners_withinOneSessionConflict_adjacentRangesDoNot() {
    granted(nfs.tryLock(file, "o1", P, EX, r(0, 10)));

    denied(nfs.tryLock(file, "o2", P, EX, r(9, 1)));
    granted(nfs.tryLock(file, "o2", P, EX, r(10, 1)));
  }

  @Test
  void test_reportsTheConflictWithoutTakingAnything() {
    granted(smb.tryLock(file, "fid-1", W, SH, r(40, 10)));

    LockInfo c = nfs.test(file, "o1", P, EX, r(0, ByteRange.TO_END)).orElseThrow();
    assertThat(c.range()).isEqualTo(r(40, 10));
    assertThat(c.type()).isEqualTo(SH);
    assertThat(c.owner()).isEqualTo("fid-1");
    assertThat(c.sessionDescription()).isEqualTo("smb session B");
    assertThat(nfs.test(file, "o1", P, SH, r(0, ByteRange.TO_END))).isEmpty();
    assertThat(nfs.test(file, "o1", P, EX, r(50, 10))).isEmpty();
    assertThat(nfs.locks(file)).hasSize(1);
  }

  @Test
  void testIo_windowsSharedLockBlocksEveryWriter_exclusiveOnlyOthers() {
    granted(smb.tryLock(file, "fid-1", W, EX, r(0, 10)));
    granted(smb.tryLock(file, "fid-1", W, SH, r(20, 10)));

    assertThat(smb.testIo(file, "fid-1", W, true, r(0, 10))).isEmpty();
    assertThat(smb.testIo(file, "fid-1", W, false, r(0, 10))).isEmpty();
    assertThat(smb.testIo(file, "fid-1", W, false, r(20, 10))).isEmpty();
    assertThat(smb.testIo(file, "fid-1", W, true, r(25, 1)).orElseThrow().owner()).isEqualTo("fid-1");
    assertThat(smb.testIo(file, "fid-2", W, false, r(5, 1)).orElseThrow().range()).isEqualTo(r(0, 10));
    assertThat(nfs.testIo(file, "o1", P, true, r(29, 5)).orElseThrow().type()).isEqualTo(SH);
    assertThat(nfs.testIo(file, "o1", P, false, r(20, 10))).isEmpty();
    assertThat(nfs.testIo(file, "o1", P, false, r(10, 10))).isEmpty();
    assertThat(nfs.testIo(file, "o1", P, true, r(5, 0))).isEmpty();
  }

  @Test
  void testIo_posixOwnersOwnLocksNeverBlockIt() {
    granted(nfs.tryLock(file, "o1", P, SH, r(0, 10)));

    assertThat(nfs.testIo(file, "o1", P, true, r(0, 10))).isEmpty();
    assertThat(nfs.testIo(file, "o2", P, true, r(9, 1)).orElseThrow().owner()).isEqualTo("o1");
    assertThat(smb.testIo(file, "fid-1", W, false, r(0, 10))).isEmpty();
  }

  @Test
  void posix_unlockInTheMiddleSplits_andFreesJustThatRange() {
    granted(nfs.tryLock(file, "o1", P, EX, r(0, 100)));

    nfs.unlock(file, "o1", P, r(40, 20));

    assertThat(ranges("o1")).containsExactly(r(0, 40), r(60, 40));
    granted(smb.tryLock(file, "fid-1", W, EX, r(40, 20)));
    denied(smb.tryLock(file, "fid-1", W, EX, r(39, 1)));
    denied(smb.tryLock(file, "fid-1", W, EX, r(60, 1)));
  }

  @Test
  void posix_adjacentLocksMerge_andRelockingChangesTheTypeThere() {
    granted(nfs.tryLock(file, "o1", P, EX, r(0, 10)));
    granted(nfs.tryLock(file, "o1", P, EX, r(10, 10)));
    assertThat(ranges("o1")).containsExactly(r(0, 20));

    granted(nfs.tryLock(file, "o1", P, SH, r(5, 10)));

    List<LockInfo> locks = nfs.locks(file);
    assertThat(locks).extracting(LockInfo::range).containsExactly(r(0, 5), r(5, 10), r(15, 5));
    assertThat(locks).extracting(LockInfo::type).containsExactly(EX, SH, EX);
    granted(smb.tryLock(file, "fid-1", W, SH, r(7, 3)));
    denied(smb.tryLock(file, "fid-1", W, SH, r(4, 2)));
  }

  @Test
  void posix_upgradeThatConflictsKeepsTheOldLock_downgradeLetsOthersIn() {
    granted(nfs.tryLock(file, "o1", P, SH, r(0, 100)));
    granted(smb.tryLock(file, "fid-1", W, SH, r(50, 10)));

    assertThat(denied(nfs.tryLock(file, "o1", P, EX, r(0, 100))).owner()).isEqualTo("fid-1");
    assertThat(nfs.locks(file)).filteredOn(l -> l.owner().equals("o1"))
        .extracting(LockInfo::type, LockInfo::range).containsExactly(org.assertj.core.groups.Tuple.tuple(SH, r(0, 100)));

    smb.unlock(file, "fid-1", W, r(50, 10));
    granted(nfs.tryLock(file, "o1", P, EX, r(0, 100)));
    denied(smb.tryLock(file, "fid-1", W, SH, r(0, 1)));

    granted(nfs.tryLock(file, "o1", P, SH, r(0, 100)));
    granted(smb.tryLock(file, "fid-1", W, SH, r(0, 1)));
    assertThat(ranges("o1")).containsExactly(r(0, 100));
  }

  @Test
  void windows_locksStack_exclusiveConflictsWithTheOwnersOwn() {
    granted(smb.tryLock(file, "fid-1", W, SH, r(0, 10)));
    granted(smb.tryLock(file, "fid-1", W, SH, r(0, 10)));
    granted(smb.tryLock(file, "fid-1", W, SH, r(5, 10)));
    assertThat(smb.locks(file)).hasSize(3);

    LockInfo self = denied(smb.tryLock(file, "fid-1", W, EX, r(12, 1)));
    assertThat(self.owner()).isEqualTo("fid-1");

    granted(smb.tryLock(file, "fid-1", W, EX, r(20, 5)));
    denied(smb.tryLock(file, "fid-1", W, EX, r(20, 5)));
    // A shared lock stacks on the owner's own exclusive one ([MS-FSA] 2.1.5.7), not on another owner's.
    granted(smb.tryLock(file, "fid-1", W, SH, r(24, 1)));
    denied(smb.tryLock(file, "fid-2", W, SH, r(24, 1)));
    denied(smb.tryLock(file, "fid-1", W, EX, r(24, 1)));
  }

  @Test
  void windows_unlockMustMatchExactly_andReleasesOneOfAStack() {
    granted(smb.tryLock(file, "fid-1", W, EX, r(0, 10)));
    granted(smb.tryLock(file, "fid-1", W, SH, r(20, 10)));
    granted(smb.tryLock(file, "fid-1", W, SH, r(20, 10)));

    assertKind(ErrorKind.NOT_LOCKED, () -> smb.unlock(file, "fid-1", W, r(0, 5)));
    assertKind(ErrorKind.NOT_LOCKED, () -> smb.unlock(file, "fid-1", W, r(0, 11)));
    assertKind(ErrorKind.NOT_LOCKED, () -> smb.unlock(file, "fid-2", W, r(0, 10)));
    assertThat(smb.locks(file)).hasSize(3);

    smb.unlock(file, "fid-1", W, r(20, 10));
    assertThat(smb.locks(file)).hasSize(2);
    denied(nfs.tryLock(file, "o1", P, EX, r(25, 1)));
    smb.unlock(file, "fid-1", W, r(20, 10));
    granted(nfs.tryLock(file, "o1", P, EX, r(25, 1)));
    assertKind(ErrorKind.NOT_LOCKED, () -> smb.unlock(file, "fid-1", W, r(20, 10)));
  }

  /**
   * [MS-FSA] 2.1.5.7: a zero-length Windows lock at X conflicts with a lock strictly containing X (one
   * starting before X and ending at or after it), whoever holds it, and never with another zero-length
   * lock; POSIX refuses zero-length ranges.
   */
  @Test
  void windows_zeroLengthLockConflictsOnlyWithLocksStrictlyContainingIt_posixRefusesIt() {
    granted(nfs.tryLock(file, "o1", P, EX, r(0, 100)));

    denied(smb.tryLock(file, "fid-1", W, EX, r(50, 0)));
    granted(smb.tryLock(file, "fid-1", W, EX, r(0, 0)));
    granted(smb.tryLock(file, "fid-1", W, EX, r(100, 0)));
    granted(smb.tryLock(file, "fid-2", W, EX, r(100, 0)));
    denied(smb.tryLock(file, "fid-2", W, EX, r(99, 2)));
    granted(smb.tryLock(file, "fid-2", W, EX, r(100, 2)));
    smb.unlock(file, "fid-1", W, r(0, 0));
    smb.unlock(file, "fid-1", W, r(100, 0));

    assertKind(ErrorKind.INVALID_ARGUMENT, () -> nfs.tryLock(file, "o2", P, SH, r(50, 0)));
  }

  @Test
  void ranges_toTheEndAndNearTheTopOf64Bits() {
    granted(nfs.tryLock(file, "o1", P, EX, r(1000, ByteRange.TO_END)));
    denied(smb.tryLock(file, "fid-1", W, SH, r(Long.MIN_VALUE, 1)));
    denied(smb.tryLock(file, "fid-1", W, SH, r(-2L, 2)));
    granted(smb.tryLock(file, "fid-1", W, SH, r(0, 1000)));

    nfs.unlock(file, "o1", P, r(5000, ByteRange.TO_END));
    assertThat(ranges("o1")).containsExactly(r(1000, 4000));
    granted(smb.tryLock(file, "fid-1", W, EX, r(-2L, 2)));

    assertKind(ErrorKind.INVALID_ARGUMENT, () -> new ByteRange(-2L, 3));
    assertKind(ErrorKind.INVALID_ARGUMENT, () -> new ByteRange(Long.MIN_VALUE, Long.MIN_VALUE + 1));
  }

  @Test
  void styles_crossConflict_butOneOwnerCannotMixThem() {
    granted(smb.tryLock(file, "fid-1", W, SH, r(0, 10)));
    denied(nfs.tryLock(file, "o1", P, EX, r(5, 10)));
    granted(nfs.tryLock(file, "o1", P, SH, r(5, 10)));
    denied(smb.tryLock(file, "fid-2", W, EX, r(14, 1)));

    assertKind(ErrorKind.INVALID_ARGUMENT, () -> nfs.tryLock(file, "o1", W, SH, r(50, 1)));
  }

  @Test
  void badRequests_areRefused() {
    ObjectId dir = mkdir(root, "d").id();
    assertKind(ErrorKind.IS_DIRECTORY, () -> nfs.tryLock(dir, "o1", P, EX, r(0, 1)));
    assertKind(ErrorKind.INVALID_ARGUMENT, () -> nfs.tryLock(file, "", P, EX, r(0, 1)));
    assertKind(ErrorKind.INVALID_ARGUMENT,
        () -> volume.openSession("d".repeat(LockSession.MAX_DESCRIPTION_LENGTH + 1)));
    assertKind(ErrorKind.INVALID_ARGUMENT,
        () -> nfs.tryLock(file, "x".repeat(LockSession.MAX_OWNER_LENGTH + 1), P, EX, r(0, 1)));
    assertKind(ErrorKind.INVALID_ARGUMENT, () -> nfs.lock(file, "o1", P, EX, r(0, 1), Duration.ofSeconds(-1)));
    assertKind(ErrorKind.INVALID_ARGUMENT,
        () -> nfs.lock(file, "o1", P, EX, r(0, 1), LockSession.MAX_WAIT.plusSeconds(1)));
    ObjectId gone = createFile(root, "gone").id();
    volume.remove(root, "gone", dev.estuary.dfs.RemoveKind.ANY);
    assertKind(ErrorKind.STALE, () -> nfs.tryLock(gone, "o1", P, EX, r(0, 1)));
    assertThat(nfs.locks(file)).isEmpty();
  }

  @Test
  void blockingLock_isWokenByRelease() {
    granted(nfs.tryLock(file, "o1", P, EX, r(0, 10)));
    CompletableFuture<Void> wait = smb.lock(file, "fid-1", W, EX, r(5, 10), LONG);
    assertThat(wait).isNotDone();

    nfs.unlock(file, "o1", P, r(0, 10));

    await(wait);
    assertThat(nfs.locks(file)).extracting(LockInfo::owner).containsExactly("fid-1");
  }

  @Test
  void blockingLock_isWokenByTheHoldersSessionClosing() {
    granted(nfs.tryLock(file, "o1", P, EX, r(0, 10)));
    granted(nfs.tryLock(file, "o2", P, SH, r(50, 10)));
    CompletableFuture<Void> wait = smb.lock(file, "fid-1", W, EX, r(0, 100), LONG);

    nfs.close();

    await(wait);
    assertThat(nfs.isOpen()).isFalse();
    assertThat(smb.locks(file)).extracting(LockInfo::owner).containsExactly("fid-1");
    assertKind(ErrorKind.CLOSED, () -> nfs.tryLock(file, "o1", P, EX, r(0, 1)));
  }

  @Test
  void blockingLock_isWokenByAPosixDowngrade() {
    granted(nfs.tryLock(file, "o1", P, EX, r(0, 10)));
    CompletableFuture<Void> reader = smb.lock(file, "fid-1", W, SH, r(0, 10), LONG);
    assertThat(reader).isNotDone();

    granted(nfs.tryLock(file, "o1", P, SH, r(0, 10)));

    await(reader);
    assertThat(nfs.locks(file)).extracting(LockInfo::type).containsExactly(SH, SH);
  }

  @Test
  void blockingLock_timesOutWithLocked_andLeavesNothingBehind() {
    granted(nfs.tryLock(file, "o1", P, EX, r(0, 10)));

    DfsException e = awaitFailure(smb.lock(file, "fid-1", W, SH, r(0, 1), Duration.ofMillis(50)));

    assertThat(e.kind()).isEqualTo(ErrorKind.LOCKED);
    assertThat(e.getMessage()).contains("o1");
    nfs.unlock(file, "o1", P, r(0, 10));
    assertThat(smb.locks(file)).isEmpty();
  }

  @Test
  void zeroWait_failsAtOnceWhenHeld_andGrantsWhenFree() {
    granted(nfs.tryLock(file, "o1", P, EX, r(0, 10)));

    assertThat(awaitFailure(smb.lock(file, "fid-1", W, SH, r(0, 1), Duration.ZERO)).kind())
        .isEqualTo(ErrorKind.LOCKED);
    await(smb.lock(file, "fid-1", W, SH, r(10, 1), Duration.ZERO));
  }

  @Test
  void cancelledWait_isWithdrawn() {
    granted(nfs.tryLock(file, "o1", P, EX, r(0, 10)));
    CompletableFuture<Void> wait = smb.lock(file, "fid-1", W, EX, r(0, 10), LONG);

    assertThat(wait.cancel(false)).isTrue();
    nfs.unlock(file, "o1", P, r(0, 10));

    assertThat(wait).isCancelled();
    assertThat(nfs.locks(file)).isEmpty();
    granted(nfs.tryLock(file, "o2", P, EX, r(0, 10)));
  }

  @Test
  void waiters_areServedInOrder_soSharedRequestsCannotStarveAnExclusiveOne() {
    granted(nfs.tryLock(file, "reader-1", P, SH, r(0, 10)));
    CompletableFuture<Void> writer = smb.lock(file, "fid-w", W, EX, r(0, 10), LONG);
    CompletableFuture<Void> reader2 = nfs.lock(file, "reader-2", P, SH, r(0, 10), LONG);
    assertThat(writer).isNotDone();
    assertThat(reader2).as("a shared request behind a waiting exclusive one waits").isNotDone();

    nfs.unlock(file, "reader-1", P, r(0, 10));
    await(writer);
    assertThat(reader2).isNotDone();

    smb.unlock(file, "fid-w", W, r(0, 10));
    await(reader2);
    assertThat(nfs.locks(file)).extracting(LockInfo::owner).containsExactly("reader-2");
  }

  @Test
  void contendingBlockingLockers_areMutuallyExclusive_andAllGetTheirTurn() throws Exception {
    int threads = 4;
    int rounds = 40;
    AtomicInteger inside = new AtomicInteger();
    AtomicInteger turns = new AtomicInteger();
    List<LockSession> sessions = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        LockSession s = dfs.volume(VOLUME).openSession("contender " + t);
        sessions.add(s);
        LockStyle style = t % 2 == 0 ? P : W;
        String owner = "owner-" + t;
        done.add(pool.submit(() -> {
          for (int i = 0; i < rounds; i++) {
            await(s.lock(file, owner, style, EX, r(0, 50), LONG));
            assertThat(inside.incrementAndGet()).as("holders of one exclusive range").isEqualTo(1);
            turns.incrementAndGet();
            inside.decrementAndGet();
            s.unlock(file, owner, style, r(0, 50));
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get(WAIT_SECONDS * 3, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
      sessions.forEach(LockSession::close);
    }
    assertThat(turns.get()).isEqualTo(threads * rounds);
    assertThat(nfs.locks(file)).isEmpty();
  }

  @Test
  void ownerDeath_releasesEverything_andFailsTheDeadSessionsWaits() {
    granted(smb.tryLock(file, "fid-1", W, EX, r(0, 10)));
    granted(smb.tryLock(file, "fid-2", W, SH, r(20, 10)));
    granted(nfs.tryLock(file, "o1", P, EX, r(40, 10)));
    CompletableFuture<Void> smbWait = smb.lock(file, "fid-3", W, EX, r(40, 10), LONG);

    smb.close();

    assertThat(awaitFailure(smbWait).kind()).isEqualTo(ErrorKind.CLOSED);
    assertThat(nfs.locks(file)).extracting(LockInfo::owner).containsExactly("o1");
    granted(nfs.tryLock(file, "o2", P, EX, r(0, 30)));
    smb.close();
  }

  @Test
  void unlockAll_releasesOneOwnersLocksOnly() {
    granted(smb.tryLock(file, "fid-1", W, SH, r(0, 10)));
    granted(smb.tryLock(file, "fid-1", W, SH, r(30, 10)));
    granted(smb.tryLock(file, "fid-2", W, SH, r(60, 10)));

    smb.unlockAll(file, "fid-1");

    assertThat(smb.locks(file)).extracting(LockInfo::owner).containsExactly("fid-2");
  }

  @Test
  void closingTheBackend_closesSessions() {
    granted(nfs.tryLock(file, "o1", P, EX, r(0, 10)));
    CompletableFuture<Void> wait = smb.lock(file, "fid-1", W, EX, r(0, 10), LONG);

    dfs.close();

    assertThat(nfs.isOpen()).isFalse();
    assertThat(awaitFailure(wait).kind()).isEqualTo(ErrorKind.CLOSED);
    assertThatThrownBy(() -> nfs.tryLock(file, "o1", P, EX, r(0, 1))).isInstanceOf(DfsException.class);
  }
}
