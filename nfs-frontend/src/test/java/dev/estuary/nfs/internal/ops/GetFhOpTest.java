package dev.estuary.nfs.internal.ops;

import static dev.estuary.nfs.testing.EngineFixture.ALPHA;
import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.dfs.Attributes;
import dev.estuary.nfs.internal.codec.NfsArgs;
import dev.estuary.nfs.internal.codec.NfsResult;
import dev.estuary.nfs.internal.codec.NfsStatus;
import dev.estuary.nfs.internal.codec.Types;
import org.junit.jupiter.api.Test;

class GetFhOpTest extends HandlerTest {
    @Test
    void handleRoundTripsThroughPutFhAndFitsNfs4FhSize() {
        Attributes a = h.f.file(ALPHA, h.root(ALPHA), "f", 0644, 1000, 1000, new byte[0]);
        OpContext c = h.ctx();
        c.setCurrent(h.ref(ALPHA, a.id()));
        var fh = ((NfsResult.GetFhOk) h.ok(c, new NfsArgs.GetFh()).body()).object();
        assertThat(fh.length()).isLessThanOrEqualTo(Types.FH_SIZE);
        OpContext other = h.ctx();
        h.ok(other, new NfsArgs.PutFh(fh));
        assertThat(other.currentOrNull()).isEqualTo(h.ref(ALPHA, a.id()));
    }

    @Test
    void withoutCurrentHandleIsNoFileHandle() {
        assertThat(h.run(h.ctx(), new NfsArgs.GetFh()).status()).isEqualTo(NfsStatus.NOFILEHANDLE);
    }
}
