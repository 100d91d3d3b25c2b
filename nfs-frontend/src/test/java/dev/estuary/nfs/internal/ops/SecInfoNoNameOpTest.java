package dev.estuary.nfs.internal.ops;

import static dev.estuary.nfs.testing.EngineFixture.ALPHA;
import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.nfs.internal.codec.NfsArgs;
import dev.estuary.nfs.internal.codec.NfsResult;
import dev.estuary.nfs.internal.codec.NfsStatus;
import org.junit.jupiter.api.Test;

class SecInfoNoNameOpTest extends HandlerTest {
    @Test
    void currentFhAtThePseudoRootAsLinuxAsksAtMount() {
        OpContext c = h.ctx();
        c.setCurrent(new FileRef.PseudoRoot());
        NfsResult r = h.ok(c, new NfsArgs.SecInfoNoName(SecInfoNoNameOp.CURRENT_FH));
        assertThat(((NfsResult.SecInfoOk) r.body()).flavors()).hasSize(2);
        assertThat(c.currentOrNull()).isNull();
    }

    @Test
    void parentStyle() {
        h.ok(h.at(ALPHA), new NfsArgs.SecInfoNoName(SecInfoNoNameOp.PARENT));
        OpContext c = h.ctx();
        c.setCurrent(new FileRef.PseudoRoot());
        assertThat(h.run(c, new NfsArgs.SecInfoNoName(SecInfoNoNameOp.PARENT)).status()).isEqualTo(NfsStatus.NOENT);
        assertThat(h.run(h.at(ALPHA), new NfsArgs.SecInfoNoName(7)).status()).isEqualTo(NfsStatus.INVAL);
    }
}
