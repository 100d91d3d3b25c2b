package dev.estuary.nfs.internal.ops;

import static dev.estuary.nfs.internal.ops.StateFixture.BOTH;
import static dev.estuary.nfs.internal.ops.StateFixture.READ;
import static dev.estuary.nfs.internal.ops.StateFixture.WRITE;
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

class OpenDowngradeOpTest extends HandlerTest {
    @Test
    void downgradeToAValueAskedBeforeNarrowsTheReservation() throws Exception {
        Attributes a = h.f.file(ALPHA, h.root(ALPHA), "f", 0666, 1000, 1000, new byte[0]);
        Session s = StateFixture.session(h, "c1");
        Session other = StateFixture.session(h, "c2");
        stateid(h.run(at(h, s, a.id()), openFh("o", READ, WRITE)));
        Stateid both = stateid(h.run(at(h, s, a.id()), openFh("o", BOTH, 0)));
        assertThat(h.run(at(h, other, a.id()), openFh("p", WRITE, 0)).status()).isEqualTo(NfsStatus.SHARE_DENIED);
        // WRITE alone was never asked, nor deny READ.
        assertThat(h.run(at(h, s, a.id()), new NfsArgs.OpenDowngrade(both, 0, WRITE, 0)).status())
                .isEqualTo(NfsStatus.INVAL);
        assertThat(h.run(at(h, s, a.id()), new NfsArgs.OpenDowngrade(both, 0, READ, READ)).status())
                .isEqualTo(NfsStatus.INVAL);
        OpContext c = at(h, s, a.id());
        // A WANT value is ignored (no delegation to change).
        Stateid down = stateid(h.run(c, new NfsArgs.OpenDowngrade(both, 0, READ | 0x0400, 0)));
        assertThat(down.seqid()).isEqualTo(3);
        assertThat(c.currentStateid()).isEqualTo(down);
        stateid(h.run(at(h, other, a.id()), openFh("p", WRITE, 0)));
        // Writes through the open are now refused; the old seqid is old.
        assertThat(org.assertj.core.api.Assertions.catchThrowableOfType(NfsException.class,
                () -> h.services.stateIds().checkIo(at(h, s, a.id()), down, h.ref(ALPHA, a.id()), IoKind.WRITE, 0, 1))
                .status()).isEqualTo(NfsStatus.OPENMODE);
        assertThat(h.run(at(h, s, a.id()), new NfsArgs.OpenDowngrade(both, 0, READ, 0)).status())
                .isEqualTo(NfsStatus.OLD_STATEID);
        // No upgrade by downgrade, and no bad values.
        assertThat(h.run(at(h, s, a.id()), new NfsArgs.OpenDowngrade(down, 0, BOTH, 0)).status())
                .isEqualTo(NfsStatus.INVAL);
        assertThat(h.run(at(h, s, a.id()), new NfsArgs.OpenDowngrade(down, 0, 0, 0)).status())
                .isEqualTo(NfsStatus.INVAL);
        assertThat(h.run(at(h, s, a.id()), new NfsArgs.OpenDowngrade(down, 0, READ | 0x40000, 0)).status())
                .isEqualTo(NfsStatus.INVAL);
    }
}
