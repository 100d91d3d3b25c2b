package dev.estuary.nfs.internal.ops;

import static dev.estuary.nfs.testing.EngineFixture.ALPHA;
import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.dfs.Attributes;
import dev.estuary.dfs.Ownership;
import dev.estuary.nfs.internal.codec.NfsArgs;
import dev.estuary.nfs.internal.codec.NfsStatus;
import org.junit.jupiter.api.Test;

class LookupPOpTest extends HandlerTest {
    @Test
    void upToTheParentThenToThePseudoRoot() {
        Attributes d = h.f.volume(ALPHA).mkdir(h.root(ALPHA), "d", 0755, new Ownership(1000, 1000));
        OpContext c = h.ctx();
        c.setCurrent(h.ref(ALPHA, d.id()));
        h.ok(c, new NfsArgs.LookupP());
        assertThat(c.currentOrNull()).isEqualTo(h.ref(ALPHA, h.root(ALPHA)));
        h.ok(c, new NfsArgs.LookupP());
        assertThat(c.currentOrNull()).isEqualTo(new FileRef.PseudoRoot());
        assertThat(h.run(c, new NfsArgs.LookupP()).status()).isEqualTo(NfsStatus.NOENT);
    }

    @Test
    void fromAFileIsNotDir() {
        Attributes a = h.f.file(ALPHA, h.root(ALPHA), "f", 0644, 1000, 1000, new byte[0]);
        OpContext c = h.ctx();
        c.setCurrent(h.ref(ALPHA, a.id()));
        assertThat(h.run(c, new NfsArgs.LookupP()).status()).isEqualTo(NfsStatus.NOTDIR);
    }
}
