package dev.estuary.nfs.internal.ops;

import static dev.estuary.nfs.internal.ops.StateFixture.BOTH;
import static dev.estuary.nfs.internal.ops.StateFixture.at;
import static dev.estuary.nfs.internal.ops.StateFixture.lockNew;
import static dev.estuary.nfs.internal.ops.StateFixture.openFh;
import static dev.estuary.nfs.internal.ops.StateFixture.stateid;
import static dev.estuary.nfs.testing.EngineFixture.ALPHA;
import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.dfs.Attributes;
import dev.estuary.dfs.ByteRange;
import dev.estuary.dfs.LockInfo;
import dev.estuary.nfs.internal.codec.NfsArgs;
import dev.estuary.nfs.internal.codec.NfsStatus;
import dev.estuary.nfs.internal.codec.Types.Stateid;
import dev.estuary.nfs.internal.state.Session;
import org.junit.jupiter.api.Test;

class LockUOpTest extends HandlerTest {
    @Test
    void unlockSplitsAndMovesTheSeqid() {
        Attributes a = h.f.file(ALPHA, h.root(ALPHA), "f", 0666, 1000, 1000, new byte[0]);
        Session s = StateFixture.session(h, "c1");
        Stateid o = stateid(h.run(at(h, s, a.id()), openFh("o", BOTH, 0)));
        Stateid l = stateid(h.run(at(h, s, a.id()), lockNew(LockTypes.WRITE_LT, 0, -1, o, "lo")));
        OpContext c = at(h, s, a.id());
        Stateid u = stateid(h.run(c, new NfsArgs.LockU(LockTypes.WRITE_LT, 0, l, 10, 10)));
        assertThat(u.seqid()).isEqualTo(2);
        assertThat(c.currentStateid()).isEqualTo(u);
        assertThat(h.f.volume(ALPHA).openSession("probe").locks(a.id())).extracting(LockInfo::range)
                .containsExactly(new ByteRange(0, 10), new ByteRange(20, -1));
        // Nothing held is fine; the old stateid is old, an open stateid is not a lock stateid.
        stateid(h.run(at(h, s, a.id()), new NfsArgs.LockU(LockTypes.READ_LT, 0, u, 10, 5)));
        assertThat(h.run(at(h, s, a.id()), new NfsArgs.LockU(LockTypes.READ_LT, 0, u, 0, 1)).status())
                .isEqualTo(NfsStatus.OLD_STATEID);
        assertThat(h.run(at(h, s, a.id()), new NfsArgs.LockU(LockTypes.READ_LT, 0, o, 0, 1)).status())
                .isEqualTo(NfsStatus.BAD_STATEID);
        assertThat(h.run(at(h, s, a.id()), new NfsArgs.LockU(LockTypes.READ_LT, 0, new Stateid(0, u.other()), 0, 0))
                .status()).isEqualTo(NfsStatus.INVAL);
    }
}
