package dev.estuary.nfs.internal.ops;

import static dev.estuary.nfs.internal.ops.StateFixture.BOTH;
import static dev.estuary.nfs.internal.ops.StateFixture.READ;
import static dev.estuary.nfs.internal.ops.StateFixture.at;
import static dev.estuary.nfs.internal.ops.StateFixture.lockMore;
import static dev.estuary.nfs.internal.ops.StateFixture.lockNew;
import static dev.estuary.nfs.internal.ops.StateFixture.openFh;
import static dev.estuary.nfs.internal.ops.StateFixture.stateid;
import static dev.estuary.nfs.testing.EngineFixture.ALPHA;
import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.dfs.Attributes;
import dev.estuary.dfs.ByteRange;
import dev.estuary.dfs.LockInfo;
import dev.estuary.dfs.LockSession;
import dev.estuary.dfs.LockStyle;
import dev.estuary.dfs.LockType;
import dev.estuary.nfs.internal.codec.Bytes;
import dev.estuary.nfs.internal.codec.NfsArgs;
import dev.estuary.nfs.internal.codec.NfsResult;
import dev.estuary.nfs.internal.codec.NfsStatus;
import dev.estuary.nfs.internal.codec.Types.LockDenied;
import dev.estuary.nfs.internal.codec.Types.StateOwner;
import dev.estuary.nfs.internal.codec.Types.Stateid;
import dev.estuary.nfs.internal.state.Session;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class LockOpTest extends HandlerTest {
    Attributes file() {
        return h.f.file(ALPHA, h.root(ALPHA), "f", 0666, 1000, 1000, new byte[100]);
    }

    static LockDenied denied(NfsResult r) {
        assertThat(r.status()).isEqualTo(NfsStatus.DENIED);
        return ((NfsResult.Denied) r.body()).denied();
    }

    @Test
    void twoClientsContendAndTheBackendSeesTheLocks() {
        Attributes a = file();
        Session one = StateFixture.session(h, "c1");
        Session two = StateFixture.session(h, "c2");
        Stateid o1 = stateid(h.run(at(h, one, a.id()), openFh("o1", BOTH, 0)));
        Stateid o2 = stateid(h.run(at(h, two, a.id()), openFh("o2", BOTH, 0)));
        OpContext c = at(h, one, a.id());
        Stateid l1 = stateid(h.run(c, lockNew(LockTypes.WRITE_LT, 10, 20, o1, "owner-1")));
        assertThat(l1.seqid()).isEqualTo(1);
        assertThat(l1.other()).isNotEqualTo(o1.other());
        assertThat(c.currentStateid()).isEqualTo(l1);
        // Client two meets it, with the owner and range of the holder (LOCK4denied).
        LockDenied d = denied(h.run(at(h, two, a.id()), lockNew(LockTypes.READ_LT, 0, 15, o2, "owner-2")));
        assertThat(d).isEqualTo(new LockDenied(10, 20, LockTypes.WRITE_LT,
                new StateOwner(one.client().id(), Bytes.utf8("owner-1"))));
        // Blocking types are not waited on.
        denied(h.run(at(h, two, a.id()), lockNew(LockTypes.WRITEW_LT, 29, -1, o2, "owner-2")));
        Stateid l2 = stateid(h.run(at(h, two, a.id()), lockNew(LockTypes.READ_LT, 30, -1, o2, "owner-2")));
        try (LockSession probe = h.f.volume(ALPHA).openSession("probe")) {
            List<LockInfo> locks = probe.locks(a.id());
            assertThat(locks).extracting(LockInfo::range, LockInfo::type, LockInfo::style).containsExactly(
                    org.assertj.core.groups.Tuple.tuple(new ByteRange(10, 20), LockType.EXCLUSIVE, LockStyle.POSIX),
                    org.assertj.core.groups.Tuple.tuple(new ByteRange(30, -1), LockType.SHARED, LockStyle.POSIX));
            // An SMB-style user of the backend is refused by the NFS lock, and the reverse.
            assertThat(probe.tryLock(a.id(), "smb", LockStyle.WINDOWS, LockType.SHARED, new ByteRange(12, 1)))
                    .isPresent();
            assertThat(probe.tryLock(a.id(), "smb", LockStyle.WINDOWS, LockType.EXCLUSIVE, new ByteRange(0, 5)))
                    .isEmpty();
            LockDenied bySmb = denied(h.run(at(h, two, a.id()), lockMore(LockTypes.WRITE_LT, 0, 1, l2)));
            assertThat(bySmb.owner()).isEqualTo(new StateOwner(0, Bytes.utf8("probe")));
        }
        // Upgrade and downgrade of one owner's own lock: the seqid moves each time.
        Stateid up = stateid(h.run(at(h, two, a.id()), lockMore(LockTypes.WRITE_LT, 30, -1, l2)));
        assertThat(up.seqid()).isEqualTo(2);
        Stateid down = stateid(h.run(at(h, two, a.id()), lockMore(LockTypes.READ_LT, 30, 10, up)));
        assertThat(down.seqid()).isEqualTo(3);
        assertThat(h.run(at(h, two, a.id()), lockMore(LockTypes.READ_LT, 30, 10, up)).status())
                .isEqualTo(NfsStatus.OLD_STATEID);
    }

    @Test
    void anExpiredClientsLocksGo() {
        Attributes a = file();
        Session one = StateFixture.session(h, "c1");
        Stateid o1 = stateid(h.run(at(h, one, a.id()), openFh("o1", BOTH, 0)));
        stateid(h.run(at(h, one, a.id()), lockNew(LockTypes.WRITE_LT, 0, -1, o1, "lo")));
        h.f.clock.advance(Duration.ofSeconds(80));
        Session two = StateFixture.session(h, "c2");
        Stateid o2 = stateid(h.run(at(h, two, a.id()), openFh("o2", BOTH, 0)));
        denied(h.run(at(h, two, a.id()), lockNew(LockTypes.WRITE_LT, 0, 1, o2, "lo")));
        h.f.clock.advance(Duration.ofSeconds(11));
        stateid(h.run(at(h, two, a.id()), lockNew(LockTypes.WRITE_LT, 0, 1, o2, "lo")));
        assertThat(one.client().removed()).isTrue();
    }

    @Test
    void badRequests() {
        Attributes a = file();
        Session s = StateFixture.session(h, "c1");
        Stateid ro = stateid(h.run(at(h, s, a.id()), openFh("o1", READ, 0)));
        assertThat(h.run(at(h, s, a.id()), lockNew(LockTypes.WRITE_LT, 0, 1, ro, "lo")).status())
                .isEqualTo(NfsStatus.OPENMODE);
        assertThat(h.run(at(h, s, a.id()), lockNew(LockTypes.READ_LT, 0, 0, ro, "lo")).status())
                .isEqualTo(NfsStatus.INVAL);
        assertThat(h.run(at(h, s, a.id()), lockNew(LockTypes.READ_LT, -2, 5, ro, "lo")).status())
                .isEqualTo(NfsStatus.INVAL);
        assertThat(h.run(at(h, s, a.id()), lockNew(7, 0, 1, ro, "lo")).status()).isEqualTo(NfsStatus.INVAL);
        assertThat(h.run(at(h, s, h.root(ALPHA)), lockNew(LockTypes.READ_LT, 0, 1, ro, "lo")).status())
                .isEqualTo(NfsStatus.ISDIR);
        // A lock stateid where an open one is expected, and the reverse.
        Stateid l = stateid(h.run(at(h, s, a.id()), lockNew(LockTypes.READ_LT, 0, 1, ro, "lo")));
        assertThat(h.run(at(h, s, a.id()), lockNew(LockTypes.READ_LT, 5, 1, l, "lo2")).status())
                .isEqualTo(NfsStatus.BAD_STATEID);
        assertThat(h.run(at(h, s, a.id()), lockMore(LockTypes.READ_LT, 5, 1, ro)).status())
                .isEqualTo(NfsStatus.BAD_STATEID);
        // A reclaim outside grace.
        assertThat(h.run(at(h, s, a.id()), new NfsArgs.Lock(LockTypes.READ_LT, true, 0, 1,
                new NfsArgs.Locker.ExistingOwner(l, 0))).status()).isEqualTo(NfsStatus.NO_GRACE);
    }
}
