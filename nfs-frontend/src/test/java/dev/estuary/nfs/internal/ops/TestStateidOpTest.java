package dev.estuary.nfs.internal.ops;

import static dev.estuary.nfs.internal.ops.StateFixture.READ;
import static dev.estuary.nfs.internal.ops.StateFixture.at;
import static dev.estuary.nfs.internal.ops.StateFixture.openFh;
import static dev.estuary.nfs.internal.ops.StateFixture.stateid;
import static dev.estuary.nfs.internal.ops.StateFixture.withSeqid;
import static dev.estuary.nfs.testing.EngineFixture.ALPHA;
import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.dfs.Attributes;
import dev.estuary.nfs.internal.codec.Bytes;
import dev.estuary.nfs.internal.codec.NfsArgs;
import dev.estuary.nfs.internal.codec.NfsResult;
import dev.estuary.nfs.internal.codec.NfsStatus;
import dev.estuary.nfs.internal.codec.Types.Stateid;
import dev.estuary.nfs.internal.state.Session;
import java.util.List;
import org.junit.jupiter.api.Test;

class TestStateidOpTest extends HandlerTest {
    @Test
    void eachStateidGetsItsStatus() {
        Attributes a = h.f.file(ALPHA, h.root(ALPHA), "f", 0666, 1000, 1000, new byte[0]);
        Session s = StateFixture.session(h, "c1");
        Session other = StateFixture.session(h, "c2");
        Stateid first = stateid(h.run(at(h, s, a.id()), openFh("o", READ, 0)));
        Stateid second = stateid(h.run(at(h, s, a.id()), openFh("o", READ, 0)));
        Stateid others = stateid(h.run(at(h, other, a.id()), openFh("p", READ, 0)));
        Stateid closed = stateid(h.run(at(h, s, a.id()), openFh("q", READ, 0)));
        h.run(at(h, s, a.id()), new NfsArgs.Close(0, closed));
        byte[] stale = second.other().toArray();
        stale[0] ^= 0x55;
        NfsResult r = h.run(at(h, s, a.id()), new NfsArgs.TestStateid(List.of(second, withSeqid(second, 0), first,
                withSeqid(second, 9), others, closed, new Stateid(1, Bytes.of(stale)), Stateid.ANONYMOUS)));
        assertThat(((NfsResult.TestStateidOk) r.body()).statusCodes()).containsExactly(NfsStatus.OK, NfsStatus.OK,
                NfsStatus.OLD_STATEID, NfsStatus.BAD_STATEID, NfsStatus.BAD_STATEID, NfsStatus.BAD_STATEID,
                NfsStatus.STALE_STATEID, NfsStatus.BAD_STATEID);
    }
}
