package dev.estuary.nfs.internal.ops;

import static dev.estuary.nfs.internal.ops.StateFixture.READ;
import static dev.estuary.nfs.internal.ops.StateFixture.at;
import static dev.estuary.nfs.internal.ops.StateFixture.openFh;
import static dev.estuary.nfs.internal.ops.StateFixture.stateid;
import static dev.estuary.nfs.testing.EngineFixture.ALPHA;
import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.dfs.Attributes;
import dev.estuary.nfs.internal.codec.Bytes;
import dev.estuary.nfs.internal.codec.NfsArgs;
import dev.estuary.nfs.internal.codec.NfsStatus;
import dev.estuary.nfs.internal.codec.Types.Stateid;
import dev.estuary.nfs.internal.state.Session;
import org.junit.jupiter.api.Test;

class DelegReturnOpTest extends HandlerTest {
    @Test
    void noStateidNamesADelegation() {
        Attributes a = h.f.file(ALPHA, h.root(ALPHA), "f", 0666, 1000, 1000, new byte[0]);
        Session s = StateFixture.session(h, "c1");
        Stateid open = stateid(h.run(at(h, s, a.id()), openFh("o", READ, 0)));
        assertThat(h.run(at(h, s, a.id()), new NfsArgs.DelegReturn(open)).status()).isEqualTo(NfsStatus.BAD_STATEID);
        assertThat(h.run(at(h, s, a.id()), new NfsArgs.DelegReturn(Stateid.ANONYMOUS)).status())
                .isEqualTo(NfsStatus.BAD_STATEID);
        byte[] stale = open.other().toArray();
        stale[1] ^= 0x11;
        assertThat(h.run(at(h, s, a.id()), new NfsArgs.DelegReturn(new Stateid(1, Bytes.of(stale)))).status())
                .isEqualTo(NfsStatus.STALE_STATEID);
        OpContext noFh = h.ctx();
        noFh.setSession(s);
        assertThat(h.run(noFh, new NfsArgs.DelegReturn(open)).status()).isEqualTo(NfsStatus.NOFILEHANDLE);
        // The open is untouched.
        stateid(h.run(at(h, s, a.id()), new NfsArgs.Close(0, open)));
    }
}
