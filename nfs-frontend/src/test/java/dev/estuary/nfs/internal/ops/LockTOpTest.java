package dev.estuary.nfs.internal.ops;

import static dev.estuary.nfs.internal.ops.StateFixture.BOTH;
import static dev.estuary.nfs.internal.ops.StateFixture.at;
import static dev.estuary.nfs.internal.ops.StateFixture.lockNew;
import static dev.estuary.nfs.internal.ops.StateFixture.openFh;
import static dev.estuary.nfs.internal.ops.StateFixture.stateid;
import static dev.estuary.nfs.testing.EngineFixture.ALPHA;
import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.dfs.Attributes;
import dev.estuary.nfs.internal.codec.Bytes;
import dev.estuary.nfs.internal.codec.NfsArgs;
import dev.estuary.nfs.internal.codec.NfsResult;
import dev.estuary.nfs.internal.codec.NfsStatus;
import dev.estuary.nfs.internal.codec.Types.LockDenied;
import dev.estuary.nfs.internal.codec.Types.StateOwner;
import dev.estuary.nfs.internal.codec.Types.Stateid;
import dev.estuary.nfs.internal.state.Session;
import org.junit.jupiter.api.Test;

class LockTOpTest extends HandlerTest {
    @Test
    void testsWithoutTaking() {
        Attributes a = h.f.file(ALPHA, h.root(ALPHA), "f", 0666, 1000, 1000, new byte[0]);
        Session one = StateFixture.session(h, "c1");
        Session two = StateFixture.session(h, "c2");
        Stateid o1 = stateid(h.run(at(h, one, a.id()), openFh("o1", BOTH, 0)));
        stateid(h.run(at(h, one, a.id()), lockNew(LockTypes.READ_LT, 0, 100, o1, "reader")));
        StateOwner other = new StateOwner(two.client().id(), Bytes.utf8("w"));
        NfsResult r = h.run(at(h, two, a.id()), new NfsArgs.LockT(LockTypes.WRITE_LT, 50, 1, other));
        assertThat(r.status()).isEqualTo(NfsStatus.DENIED);
        assertThat(((NfsResult.Denied) r.body()).denied()).isEqualTo(new LockDenied(0, 100, LockTypes.READ_LT,
                new StateOwner(one.client().id(), Bytes.utf8("reader"))));
        h.ok(at(h, two, a.id()), new NfsArgs.LockT(LockTypes.READ_LT, 50, 1, other));
        h.ok(at(h, two, a.id()), new NfsArgs.LockT(LockTypes.WRITE_LT, 100, -1, other));
        // The owner's own lock never conflicts with itself (POSIX).
        h.ok(at(h, one, a.id()), new NfsArgs.LockT(LockTypes.WRITE_LT, 0, 1,
                new StateOwner(one.client().id(), Bytes.utf8("reader"))));
        // Nothing was taken.
        assertThat(h.f.volume(ALPHA).openSession("probe").locks(a.id())).hasSize(1);
        assertThat(h.run(at(h, two, h.root(ALPHA)), new NfsArgs.LockT(LockTypes.READ_LT, 0, 1, other)).status())
                .isEqualTo(NfsStatus.ISDIR);
        assertThat(h.run(at(h, two, a.id()), new NfsArgs.LockT(LockTypes.READ_LT, 0, 0, other)).status())
                .isEqualTo(NfsStatus.INVAL);
    }
}
