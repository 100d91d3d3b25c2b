package dev.estuary.nfs.internal.ops;

import static dev.estuary.nfs.testing.EngineFixture.ALPHA;
import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.nfs.internal.codec.NfsArgs;
import dev.estuary.nfs.internal.codec.NfsStatus;
import org.junit.jupiter.api.Test;

class SaveFhOpTest extends HandlerTest {
    @Test
    void savesTheCurrentHandle() {
        OpContext c = h.at(ALPHA);
        h.ok(c, new NfsArgs.SaveFh());
        assertThat(c.saved()).isEqualTo(h.ref(ALPHA, h.root(ALPHA)));
    }

    @Test
    void withoutCurrentHandleIsNoFileHandle() {
        assertThat(h.run(h.ctx(), new NfsArgs.SaveFh()).status()).isEqualTo(NfsStatus.NOFILEHANDLE);
    }
}
