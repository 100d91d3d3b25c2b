package dev.estuary.nfs.internal.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.nfs.internal.codec.NfsArgs;
import dev.estuary.nfs.internal.codec.NfsStatus;
import dev.estuary.nfs.internal.state.Session;
import org.junit.jupiter.api.Test;

class DelegPurgeOpTest extends HandlerTest {
    @Test
    void noDelegationsToPurge() {
        Session s = StateFixture.session(h, "c1");
        OpContext c = h.ctx();
        c.setSession(s);
        assertThat(h.run(c, new NfsArgs.DelegPurge(s.client().id())).status()).isEqualTo(NfsStatus.NOTSUPP);
        assertThat(h.run(h.ctx(), new NfsArgs.DelegPurge(s.client().id())).status())
                .isEqualTo(NfsStatus.OP_NOT_IN_SESSION);
    }
}
