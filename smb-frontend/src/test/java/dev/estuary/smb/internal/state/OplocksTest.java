package dev.estuary.smb.internal.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.dfs.ChangeEvent;
import dev.estuary.dfs.ChangeKind;
import dev.estuary.dfs.ObjectId;
import dev.estuary.dfs.ObjectType;
import dev.estuary.smb.internal.codec.Bytes;
import dev.estuary.smb.internal.codec.FileId;
import dev.estuary.smb.internal.codec.OplockBreak;
import dev.estuary.smb.internal.codec.SmbMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The grant and break rules of {@link Oplocks} alone ([MS-SMB2] 3.3.5.9.8, 3.3.5.9.11, 3.3.5.22; the
 * outcomes smbtorture's smb2.lease and smb2.oplock groups expect), with a recording break sink and a
 * manual scheduler.
 */
class OplocksTest {
  private static final int RWH = Oplocks.R | Oplocks.W | Oplocks.H;
  private static final int RH = Oplocks.R | Oplocks.H;
  private static final int READ_WRITE = 0x0012019F;
  private static final int READ_ATTRIBUTES = 0x80;
  private static final Bytes CLIENT = Bytes.hex("00112233445566778899aabbccddeeff");

  private final List<Runnable> timers = new ArrayList<>();
  private final Oplocks table = new Oplocks((d, t) -> {
    timers.add(t);
    return () -> timers.remove(t);
  }, Duration.ofSeconds(35));
  private final List<SmbMessage> sent = new ArrayList<>();
  private final Oplocks.BreakSink sink = (body, session, encrypt) -> sent.add(body);
  private final ObjectId file = new ObjectId(1, 42);
  private long nextFileId = 1;

  private static Bytes key(int n) {
    byte[] b = new byte[16];
    b[0] = (byte) n;
    return Bytes.of(b);
  }

  private static Oplocks.LeaseRequest lease(int key, int state) {
    return new Oplocks.LeaseRequest(CLIENT, key(key), state, 1, Bytes.zeros(16), false, 0);
  }

  private Oplocks.Registered open(int access, int oplock, Oplocks.LeaseRequest lease) {
    long n = nextFileId++;
    return table.register("media", file, new FileId(n, n), access, false, sink, 7, false, oplock, lease);
  }

  @Test
  void aLeaseUpgradesOnlyToAStrictSupersetThatFitsWithTheOtherLeases() {
    // smbtorture smb2.lease.upgrade3: R held by two keys; RHW for the first stays R, RH upgrades.
    open(READ_WRITE, Oplocks.LEVEL_LEASE, lease(1, Oplocks.R));
    open(READ_WRITE, Oplocks.LEVEL_LEASE, lease(2, Oplocks.R));
    assertThat(open(READ_WRITE, Oplocks.LEVEL_LEASE, lease(1, RWH)).grant().leaseState()).isEqualTo(Oplocks.R);
    assertThat(open(READ_WRITE, Oplocks.LEVEL_LEASE, lease(1, Oplocks.R | Oplocks.W)).grant().leaseState())
        .isEqualTo(Oplocks.R);
    assertThat(open(READ_WRITE, Oplocks.LEVEL_LEASE, lease(1, RH)).grant().leaseState()).isEqualTo(RH);
    // A downgrade request leaves the state as it is.
    assertThat(open(READ_WRITE, Oplocks.LEVEL_LEASE, lease(1, Oplocks.R)).grant().leaseState()).isEqualTo(RH);
    assertThat(sent).isEmpty();
  }

  @Test
  void aStatOpenOfAnotherLeaseStillKeepsWriteCachingAwayAndAStatOpenBreaksNothing() {
    Oplocks.Registered stat = open(READ_ATTRIBUTES, Oplocks.LEVEL_LEASE, lease(1, RWH));
    assertThat(stat.grant().leaseState()).isEqualTo(RWH);
    assertThat(table.breakForOpen("media", file, lease(2, RWH), READ_ATTRIBUTES, false)).isNull();
    assertThat(sent).isEmpty();
    Oplocks.Wait w = table.breakForOpen("media", file, lease(2, RWH), READ_WRITE, false);
    assertThat(w).isNotNull();
    OplockBreak.LeaseNotification n = (OplockBreak.LeaseNotification) sent.getFirst();
    assertThat(n.newLeaseState()).isEqualTo(RH);
    assertThat(table.acknowledgeLease(CLIENT, key(1), RH)).isEqualTo(RH);
    boolean[] done = new boolean[1];
    w.onDone(() -> done[0] = true);
    assertThat(done[0]).isTrue();
    assertThat(open(READ_WRITE, Oplocks.LEVEL_LEASE, lease(2, RWH)).grant().leaseState()).isEqualTo(RH);
  }

  @Test
  void oplocksAndHandleCachingExcludeEachOther() {
    // smbtorture smb2.lease.oplock: an RH lease leaves a level II request with none; an oplock leaves a
    // lease with R only.
    open(READ_WRITE, Oplocks.LEVEL_LEASE, lease(1, RH));
    assertThat(open(READ_WRITE, Oplocks.LEVEL_II, null).grant().oplockLevel()).isEqualTo(Oplocks.LEVEL_NONE);
    ObjectId other = new ObjectId(1, 43);
    table.register("media", other, new FileId(90, 90), READ_WRITE, false, sink, 7, false, Oplocks.LEVEL_II, null);
    Oplocks.Registered l = table.register("media", other, new FileId(91, 91), READ_WRITE, false, sink, 7, false,
        Oplocks.LEVEL_LEASE, lease(3, RWH));
    assertThat(l.grant().leaseState()).isEqualTo(Oplocks.R);
  }

  @Test
  void acknowledgmentsAreCheckedAgainstTheBreakInProgress() {
    Oplocks.Registered batch = open(READ_WRITE, Oplocks.LEVEL_BATCH, null);
    assertThat(batch.grant().oplockLevel()).isEqualTo(Oplocks.LEVEL_BATCH);
    assertThat(table.acknowledgeOplock(batch.holder(), Oplocks.LEVEL_II)).isEqualTo(-1);
    assertThat(table.breakForOpen("media", file, null, READ_WRITE, true)).isNotNull();
    assertThat(((OplockBreak.Oplock) sent.getFirst()).oplockLevel()).isEqualTo(Oplocks.LEVEL_NONE);
    assertThat(table.acknowledgeOplock(batch.holder(), Oplocks.LEVEL_BATCH)).isEqualTo(-2);
    // Acknowledging level II when the break was to none ends the oplock and is a protocol error.
    assertThat(table.acknowledgeOplock(batch.holder(), Oplocks.LEVEL_II)).isEqualTo(-3);
    assertThat(table.oplockLevel(batch.holder())).isEqualTo(Oplocks.LEVEL_NONE);
    assertThat(table.acknowledgeLease(CLIENT, key(9), 0)).isEqualTo(-1);
  }

  @Test
  void theBreakTimeoutForcesTheTargetAndReleasesTheWaiters() {
    open(READ_WRITE, Oplocks.LEVEL_LEASE, lease(1, RWH));
    Oplocks.Wait w = table.breakForOpen("media", file, lease(2, RWH), READ_WRITE, false);
    boolean[] done = new boolean[1];
    w.onDone(() -> done[0] = true);
    assertThat(done[0]).isFalse();
    assertThat(timers).hasSize(1);
    timers.removeFirst().run();
    assertThat(done[0]).isTrue();
    assertThat(table.acknowledgeLease(CLIENT, key(1), RH)).isEqualTo(-2);
  }

  @Test
  void aWriteBreaksReadCachingOfOtherLeasesAndLevelTwoIncludingTheWritersOwn() {
    Oplocks.Registered mine = open(READ_WRITE, Oplocks.LEVEL_LEASE, lease(1, Oplocks.R));
    open(READ_WRITE, Oplocks.LEVEL_LEASE, lease(2, Oplocks.R));
    table.breakForWrite(mine.holder());
    assertThat(sent).hasSize(1);
    OplockBreak.LeaseNotification n = (OplockBreak.LeaseNotification) sent.getFirst();
    assertThat(n.leaseKey()).isEqualTo(key(2));
    assertThat(n.flags()).isZero();
    ObjectId other = new ObjectId(1, 44);
    Oplocks.Registered two = table.register("media", other, new FileId(80, 80), READ_WRITE, false, sink, 7, false,
        Oplocks.LEVEL_II, null);
    sent.clear();
    table.breakForWrite(two.holder());
    assertThat(((OplockBreak.Oplock) sent.getFirst()).oplockLevel()).isEqualTo(Oplocks.LEVEL_NONE);
  }

  @Test
  void aByteRangeLockBreaksLevelTwoOnlyWhenTheFileHasOtherOpens() {
    Oplocks.Registered alone = open(READ_WRITE, Oplocks.LEVEL_II, null);
    table.breakForLock(alone.holder());
    assertThat(sent).isEmpty();
    open(READ_WRITE, Oplocks.LEVEL_NONE, null);
    table.breakForLock(alone.holder());
    assertThat(((OplockBreak.Oplock) sent.getFirst()).oplockLevel()).isEqualTo(Oplocks.LEVEL_NONE);
    assertThat(table.oplockLevel(alone.holder())).isEqualTo(Oplocks.LEVEL_NONE);
  }

  @Test
  void foreignChangesBreakCachingAndTheServersOwnChangesDoNot() {
    Oplocks.Registered mine = open(READ_WRITE, Oplocks.LEVEL_LEASE, lease(1, RWH));
    List<dev.estuary.dfs.WatchListener> listeners = new ArrayList<>();
    table.watchForeign("media", file, l -> {
      listeners.add(l);
      return new dev.estuary.dfs.WatchSubscription() {
        @Override
        public ObjectId target() {
          return file;
        }

        @Override
        public dev.estuary.dfs.WatchScope scope() {
          return dev.estuary.dfs.WatchScope.OBJECT;
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };
    });
    dev.estuary.dfs.WatchListener events = listeners.getFirst();
    // An own write (counter 7), then an allocation the handle shows no counter for: both events are own.
    table.ownChangeStarts(mine.holder()).done(7);
    table.ownChangeStarts(mine.holder()).done(ForeignChanges.Token.UNNUMBERED);
    events.onEvent(modified(7));
    events.onEvent(modified(9));
    assertThat(sent).isEmpty();
    // An event that arrives while an own change is under way waits for its counter.
    ForeignChanges.Token inFlight = table.ownChangeStarts(mine.holder());
    events.onEvent(modified(11));
    assertThat(sent).isEmpty();
    inFlight.done(11);
    assertThat(sent).isEmpty();
    // Anything else is another protocol's change: every caching of the file breaks to none.
    events.onEvent(modified(12));
    OplockBreak.LeaseNotification n = (OplockBreak.LeaseNotification) sent.getFirst();
    assertThat(n.currentLeaseState()).isEqualTo(RWH);
    assertThat(n.newLeaseState()).isZero();
  }

  private ChangeEvent modified(long change) {
    return new ChangeEvent(ChangeKind.MODIFIED, file, ObjectType.FILE, null, null, null, null, change);
  }
}
