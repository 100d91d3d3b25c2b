package dev.estuary.nfs.internal.ops;

import static dev.estuary.nfs.internal.ops.StateFixture.BOTH;
import static dev.estuary.nfs.internal.ops.StateFixture.at;
import static dev.estuary.nfs.internal.ops.StateFixture.openFh;
import static dev.estuary.nfs.internal.ops.StateFixture.stateid;
import static dev.estuary.nfs.testing.EngineFixture.ALPHA;
import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.dfs.Attributes;
import dev.estuary.nfs.internal.codec.NfsArgs;
import dev.estuary.nfs.internal.codec.NfsStatus;
import dev.estuary.nfs.internal.codec.Types.Stateid;
import dev.estuary.nfs.internal.state.Session;
import org.junit.jupiter.api.Test;

class FreeStateidOpTest extends HandlerTest {
    @Test
    void onlyALockStateidWithoutLocksIsFreed() {
        Attributes a = h.f.file(ALPHA, h.root(ALPHA), "f", 0666, 1000, 1000, new byte[0]);
        Session s = StateFixture.session(h, "c1");
        Stateid open = stateid(h.run(at(h, s, a.id()), openFh("o", BOTH, 0)));
        assertThat(h.run(at(h, s, a.id()), new NfsArgs.FreeStateid(open)).status()).isEqualTo(NfsStatus.LOCKS_HELD);
        Stateid lock = stateid(h.run(at(h, s, a.id()), StateFixture.lockNew(2, 0, -1, open, "lo")));
        assertThat(h.run(at(h, s, a.id()), new NfsArgs.FreeStateid(lock)).status()).isEqualTo(NfsStatus.LOCKS_HELD);
        Stateid unlocked = stateid(h.run(at(h, s, a.id()), new NfsArgs.LockU(2, 0, lock, 0, -1)));
        assertThat(h.run(at(h, s, a.id()), new NfsArgs.FreeStateid(lock)).status()).isEqualTo(NfsStatus.OLD_STATEID);
        h.ok(at(h, s, a.id()), new NfsArgs.FreeStateid(unlocked));
        assertThat(h.run(at(h, s, a.id()), new NfsArgs.FreeStateid(unlocked)).status()).isEqualTo(NfsStatus.BAD_STATEID);
        assertThat(h.run(at(h, s, a.id()), new NfsArgs.TestStateid(java.util.List.of(unlocked, open))).body())
                .isEqualTo(new dev.estuary.nfs.internal.codec.NfsResult.TestStateidOk(
                        java.util.List.of(NfsStatus.BAD_STATEID, NfsStatus.OK)));
        // The open still closes.
        stateid(h.run(at(h, s, a.id()), new NfsArgs.Close(0, open)));
    }
}
