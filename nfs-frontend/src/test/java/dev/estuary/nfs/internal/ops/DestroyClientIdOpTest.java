package dev.estuary.nfs.internal.ops;

import static dev.estuary.nfs.testing.EngineFixture.ALPHA;
import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.nfs.internal.codec.Bytes;
import dev.estuary.nfs.internal.codec.NfsArgs;
import dev.estuary.nfs.internal.codec.NfsStatus;
import org.junit.jupiter.api.Test;

class DestroyClientIdOpTest extends HandlerTest {
    @Test
    void busyWhileSessionsExist() {
        long id = SessionOpsFixture.clientId(h.ok(h.ctx(), SessionOpsFixture.exchangeId("linux", "verf0001", 0)));
        Bytes sid = ((dev.estuary.nfs.internal.codec.NfsResult.CreateSessionOk) h.ok(h.ctx(),
                SessionOpsFixture.createSession(id, 1)).body()).sessionId();
        assertThat(h.run(h.ctx(), new NfsArgs.DestroyClientId(id)).status()).isEqualTo(NfsStatus.CLIENTID_BUSY);
        h.ok(h.ctx(), new NfsArgs.DestroySession(sid));
        h.ok(h.ctx(), new NfsArgs.DestroyClientId(id));
        assertThat(h.run(h.ctx(), new NfsArgs.DestroyClientId(id)).status()).isEqualTo(NfsStatus.STALE_CLIENTID);
        assertThat(h.services.clients().clientCount()).isZero();
    }

    @Test
    void busyWhileItHoldsOpens() {
        dev.estuary.dfs.Attributes a = h.f.file(ALPHA, h.root(ALPHA), "f", 0666, 1000, 1000, new byte[0]);
        dev.estuary.nfs.internal.state.Session s = StateFixture.session(h, "c1");
        dev.estuary.nfs.internal.codec.Types.Stateid open = StateFixture.stateid(h.run(StateFixture.at(h, s, a.id()),
                StateFixture.openFh("o", StateFixture.BOTH, StateFixture.BOTH)));
        long id = s.client().id();
        h.ok(h.ctx(), new NfsArgs.DestroySession(s.id()));
        // No session, but an open: the record stays (RFC 8881 §18.50.3).
        assertThat(h.run(h.ctx(), new NfsArgs.DestroyClientId(id)).status()).isEqualTo(NfsStatus.CLIENTID_BUSY);
        dev.estuary.nfs.internal.state.Session again = StateFixture.reclaiming(h, "c1");
        StateFixture.stateid(h.run(StateFixture.at(h, again, a.id()), new NfsArgs.Close(0, open)));
        h.ok(h.ctx(), new NfsArgs.DestroySession(again.id()));
        h.ok(h.ctx(), new NfsArgs.DestroyClientId(id));
    }
}
