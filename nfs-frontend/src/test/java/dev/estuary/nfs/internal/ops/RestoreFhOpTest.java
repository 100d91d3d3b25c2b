package dev.estuary.nfs.internal.ops;

import static dev.estuary.nfs.testing.EngineFixture.ALPHA;
import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.nfs.internal.codec.NfsArgs;
import dev.estuary.nfs.internal.codec.NfsStatus;
import org.junit.jupiter.api.Test;

class RestoreFhOpTest extends HandlerTest {
    @Test
    void restoresTheSavedHandle() {
        OpContext c = h.at(ALPHA);
        h.ok(c, new NfsArgs.SaveFh());
        h.ok(c, new NfsArgs.PutRootFh());
        h.ok(c, new NfsArgs.RestoreFh());
        assertThat(c.currentOrNull()).isEqualTo(h.ref(ALPHA, h.root(ALPHA)));
    }

    @Test
    void nothingSavedIsRestoreFh() {
        assertThat(h.run(h.at(ALPHA), new NfsArgs.RestoreFh()).status()).isEqualTo(NfsStatus.RESTOREFH);
    }

    @Test
    void restoresTheStateidSavedWithTheHandle() {
        dev.estuary.dfs.Attributes a = h.f.file(ALPHA, h.root(ALPHA), "f", 0666, 1000, 1000, new byte[0]);
        dev.estuary.nfs.internal.state.Session s = StateFixture.session(h, "c1");
        OpContext c = StateFixture.at(h, s, a.id());
        dev.estuary.nfs.internal.codec.Types.Stateid open = StateFixture.stateid(h.run(c,
                StateFixture.openFh("o", StateFixture.READ, 0)));
        h.ok(c, new NfsArgs.SaveFh());
        h.ok(c, new NfsArgs.PutRootFh());
        assertThat(c.currentStateid()).isNull();
        h.ok(c, new NfsArgs.RestoreFh());
        assertThat(c.currentStateid()).isEqualTo(open);
        // So CLOSE of the current stateid closes the open (RFC 8881 §16.2.3.1.2).
        StateFixture.stateid(h.run(c, new NfsArgs.Close(0, new dev.estuary.nfs.internal.codec.Types.Stateid(1,
                dev.estuary.nfs.internal.codec.Types.Stateid.ANONYMOUS.other()))));
        assertThat(h.services.state().stateCount()).isZero();
    }
}
