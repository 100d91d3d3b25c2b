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
}
