package dev.estuary.nfs.internal.ops;

import static dev.estuary.nfs.internal.ops.StateFixture.BOTH;
import static dev.estuary.nfs.internal.ops.StateFixture.READ;
import static dev.estuary.nfs.internal.ops.StateFixture.at;
import static dev.estuary.nfs.internal.ops.StateFixture.openFh;
import static dev.estuary.nfs.internal.ops.StateFixture.stateid;
import static dev.estuary.nfs.internal.ops.StateFixture.withSeqid;
import static dev.estuary.nfs.testing.EngineFixture.ALPHA;
import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.dfs.Attributes;
import dev.estuary.nfs.internal.codec.NfsArgs;
import dev.estuary.nfs.internal.codec.NfsResult;
import dev.estuary.nfs.internal.codec.NfsStatus;
import dev.estuary.nfs.internal.codec.Types.Stateid;
import dev.estuary.nfs.internal.state.Session;
import dev.estuary.nfs.internal.state.StateTable;
import org.junit.jupiter.api.Test;

class CloseOpTest extends HandlerTest {
    @Test
    void closeReleasesTheReservationAndLocksAndAnswersTheInvalidStateid() {
        Attributes a = h.f.file(ALPHA, h.root(ALPHA), "f", 0666, 1000, 1000, new byte[10]);
        Session one = StateFixture.session(h, "c1");
        Session two = StateFixture.session(h, "c2");
        Stateid open = stateid(h.run(at(h, one, a.id()), openFh("o", BOTH, BOTH)));
        stateid(h.run(at(h, one, a.id()), StateFixture.lockNew(2, 0, 5, open, "lo")));
        assertThat(h.f.volume(ALPHA).openSession("probe").locks(a.id())).hasSize(1);
        assertThat(h.run(at(h, two, a.id()), openFh("p", READ, 0)).status()).isEqualTo(NfsStatus.SHARE_DENIED);

        OpContext c = at(h, one, a.id());
        NfsResult r = h.run(c, new NfsArgs.Close(0, open));
        assertThat(stateid(r)).isEqualTo(StateTable.INVALID);
        assertThat(c.currentStateid()).isEqualTo(StateTable.INVALID);
        assertThat(h.f.volume(ALPHA).openSession("probe").locks(a.id())).isEmpty();
        stateid(h.run(at(h, two, a.id()), openFh("p", READ, 0)));
        // The closed stateid is no longer valid.
        assertThat(h.run(at(h, one, a.id()), new NfsArgs.Close(0, open)).status()).isEqualTo(NfsStatus.BAD_STATEID);
        assertThat(h.services.state().stateCount()).isEqualTo(1);
    }

    @Test
    void seqidRulesAndTheCurrentStateid() {
        Attributes a = h.f.file(ALPHA, h.root(ALPHA), "f", 0666, 1000, 1000, new byte[0]);
        Session s = StateFixture.session(h, "c1");
        Stateid first = stateid(h.run(at(h, s, a.id()), openFh("o", READ, 0)));
        Stateid second = stateid(h.run(at(h, s, a.id()), openFh("o", BOTH, 0)));
        assertThat(h.run(at(h, s, a.id()), new NfsArgs.Close(0, first)).status()).isEqualTo(NfsStatus.OLD_STATEID);
        assertThat(h.run(at(h, s, a.id()), new NfsArgs.Close(0, withSeqid(second, 3))).status())
                .isEqualTo(NfsStatus.BAD_STATEID);
        // Another client cannot close it.
        Session other = StateFixture.session(h, "c2");
        assertThat(h.run(at(h, other, a.id()), new NfsArgs.Close(0, second)).status()).isEqualTo(NfsStatus.BAD_STATEID);
        // Nor can it be closed on another file.
        assertThat(h.run(at(h, s, h.root(ALPHA)), new NfsArgs.Close(0, second)).status())
                .isEqualTo(NfsStatus.BAD_STATEID);
        // OPEN then CLOSE of the current stateid (seqid 1, other zeros) in one COMPOUND; seqid 0 is "current" too.
        OpContext c = at(h, s, a.id());
        stateid(h.run(c, openFh("o2", READ, 0)));
        stateid(h.run(c, new NfsArgs.Close(0, new Stateid(1, Stateid.ANONYMOUS.other()))));
        stateid(h.run(at(h, s, a.id()), new NfsArgs.Close(0, withSeqid(second, 0))));
        assertThat(h.services.state().stateCount()).isZero();
        // A special stateid names no open.
        assertThat(h.run(at(h, s, a.id()), new NfsArgs.Close(0, Stateid.ANONYMOUS)).status())
                .isEqualTo(NfsStatus.BAD_STATEID);
    }
}
