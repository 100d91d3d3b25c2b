package dev.estuary.nfs.internal.ops;

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
}
