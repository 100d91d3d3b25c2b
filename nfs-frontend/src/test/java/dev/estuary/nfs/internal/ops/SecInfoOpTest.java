package dev.estuary.nfs.internal.ops;

import static dev.estuary.nfs.testing.EngineFixture.ALPHA;
import static dev.estuary.nfs.testing.EngineFixture.BETA;
import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.nfs.internal.codec.Bytes;
import dev.estuary.nfs.internal.codec.NfsArgs;
import dev.estuary.nfs.internal.codec.NfsResult;
import dev.estuary.nfs.internal.codec.NfsStatus;
import dev.estuary.nfs.internal.codec.Types.SecInfo;
import org.junit.jupiter.api.Test;

class SecInfoOpTest extends HandlerTest {
    @Test
    void flavorsOfAVolumeAndTheHandleIsConsumed() {
        OpContext c = h.ctx();
        c.setCurrent(new FileRef.PseudoRoot());
        NfsResult r = h.ok(c, new NfsArgs.SecInfo(Bytes.utf8(ALPHA)));
        assertThat(((NfsResult.SecInfoOk) r.body()).flavors()).containsExactly(new SecInfo.Flavor(1),
                new SecInfo.Flavor(0));
        assertThat(c.currentOrNull()).isNull();
    }

    @Test
    void refusedVolumeAndMissingName() {
        OpContext c = h.ctx();
        c.setCurrent(new FileRef.PseudoRoot());
        assertThat(h.run(c, new NfsArgs.SecInfo(Bytes.utf8(BETA))).status()).isEqualTo(NfsStatus.ACCESS);
        assertThat(h.run(h.at(ALPHA), new NfsArgs.SecInfo(Bytes.utf8("none"))).status()).isEqualTo(NfsStatus.NOENT);
    }
}
