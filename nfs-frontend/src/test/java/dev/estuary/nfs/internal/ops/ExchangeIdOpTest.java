package dev.estuary.nfs.internal.ops;

import static dev.estuary.nfs.internal.ops.SessionOpsFixture.clientId;
import static dev.estuary.nfs.internal.ops.SessionOpsFixture.createSession;
import static dev.estuary.nfs.internal.ops.SessionOpsFixture.exchangeId;
import static dev.estuary.nfs.internal.state.ClientTable.EXCHGID4_FLAG_CONFIRMED_R;
import static dev.estuary.nfs.internal.state.ClientTable.EXCHGID4_FLAG_UPD_CONFIRMED_REC_A;
import static dev.estuary.nfs.internal.state.ClientTable.EXCHGID4_FLAG_USE_NON_PNFS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.nfs.internal.codec.Bitmap;
import dev.estuary.nfs.internal.codec.Bytes;
import dev.estuary.nfs.internal.codec.NfsArgs;
import dev.estuary.nfs.internal.codec.NfsResult;
import dev.estuary.nfs.internal.codec.NfsStatus;
import dev.estuary.nfs.internal.codec.Types.ClientOwner;
import dev.estuary.nfs.internal.codec.Types.StateProtectArgs;
import dev.estuary.nfs.internal.codec.Types.StateProtectOps;
import dev.estuary.nfs.internal.state.StateLimits;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ExchangeIdOpTest extends HandlerTest {
    @Test
    void newClientIsUnconfirmedThenConfirmedByCreateSession() {
        NfsResult.ExchangeIdOk first = (NfsResult.ExchangeIdOk) h.ok(h.ctx(), exchangeId("linux", "verf0001", 0)).body();
        assertThat(first.flags()).isEqualTo(EXCHGID4_FLAG_USE_NON_PNFS);
        assertThat(first.serverOwner().majorId()).isEqualTo(Bytes.utf8("test-server"));
        h.ok(h.ctx(), createSession(first.clientId(), first.sequenceId()));
        NfsResult.ExchangeIdOk again = (NfsResult.ExchangeIdOk) h.ok(h.ctx(), exchangeId("linux", "verf0001", 0)).body();
        assertThat(again.clientId()).isEqualTo(first.clientId());
        assertThat(again.flags() & EXCHGID4_FLAG_CONFIRMED_R).isNotZero();
    }

    @Test
    void restartedClientGetsANewIdAndItsConfirmationDropsTheOldRecord() {
        long old = clientId(h.ok(h.ctx(), exchangeId("linux", "verf0001", 0)));
        h.ok(h.ctx(), createSession(old, 1));
        NfsResult.ExchangeIdOk fresh = (NfsResult.ExchangeIdOk) h.ok(h.ctx(), exchangeId("linux", "verf0002", 0)).body();
        assertThat(fresh.clientId()).isNotEqualTo(old);
        h.ok(h.ctx(), createSession(fresh.clientId(), fresh.sequenceId()));
        assertThat(h.run(h.ctx(), createSession(old, 2)).status()).isEqualTo(NfsStatus.STALE_CLIENTID);
    }

    @Test
    void otherPrincipalIsClidInUseWhileOpensRemainWithoutSessions() {
        dev.estuary.dfs.Attributes a = h.f.file(dev.estuary.nfs.testing.EngineFixture.ALPHA,
                h.root(dev.estuary.nfs.testing.EngineFixture.ALPHA), "f", 0666, 1000, 1000, new byte[0]);
        dev.estuary.nfs.internal.state.Session s = StateFixture.session(h, "linux");
        StateFixture.stateid(h.run(StateFixture.at(h, s, a.id()), StateFixture.openFh("o", StateFixture.READ, 0)));
        h.ok(h.ctx(), new dev.estuary.nfs.internal.codec.NfsArgs.DestroySession(s.id()));
        assertThat(h.run(h.ctx(Harness.ROOT, "127.0.0.1"), exchangeId("linux", "verifier", 0)).status())
                .isEqualTo(NfsStatus.CLID_INUSE);
    }

    @Test
    void otherPrincipalWithLiveStateIsClidInUse() {
        long id = clientId(h.ok(h.ctx(), exchangeId("linux", "verf0001", 0)));
        h.ok(h.ctx(), createSession(id, 1));
        assertThat(h.run(h.ctx(Harness.ROOT, "127.0.0.1"), exchangeId("linux", "verf0001", 0)).status())
                .isEqualTo(NfsStatus.CLID_INUSE);
    }

    @Test
    void otherPrincipalWithoutStateReplacesTheConfirmedRecordAtOnce() {
        // RFC 8881 §18.35.4 case 3 (pynfs EID5e): with no state left, the old client ID is stale at once.
        long old = clientId(h.ok(h.ctx(), exchangeId("linux", "verf0001", 0)));
        NfsResult.CreateSessionOk s = (NfsResult.CreateSessionOk) h.ok(h.ctx(), createSession(old, 1)).body();
        h.ok(h.ctx(), new NfsArgs.DestroySession(s.sessionId()));
        long fresh = clientId(h.ok(h.ctx(Harness.ROOT, "127.0.0.1"), exchangeId("linux", "verf0002", 0)));
        assertThat(fresh).isNotEqualTo(old);
        assertThat(h.run(h.ctx(), createSession(old, 2)).status()).isEqualTo(NfsStatus.STALE_CLIENTID);
    }

    @Test
    void updateRules() {
        assertThat(h.run(h.ctx(), exchangeId("linux", "verf0001", EXCHGID4_FLAG_UPD_CONFIRMED_REC_A)).status())
                .isEqualTo(NfsStatus.NOENT);
        long id = clientId(h.ok(h.ctx(), exchangeId("linux", "verf0001", 0)));
        h.ok(h.ctx(), createSession(id, 1));
        assertThat(h.run(h.ctx(), exchangeId("linux", "verf0002", EXCHGID4_FLAG_UPD_CONFIRMED_REC_A)).status())
                .isEqualTo(NfsStatus.NOT_SAME);
        assertThat(clientId(h.ok(h.ctx(), exchangeId("linux", "verf0001", EXCHGID4_FLAG_UPD_CONFIRMED_REC_A))))
                .isEqualTo(id);
    }

    @Test
    void invalidFlagsAndStateProtection() {
        assertThat(h.run(h.ctx(), exchangeId("a", "verf0001", EXCHGID4_FLAG_CONFIRMED_R)).status())
                .isEqualTo(NfsStatus.INVAL);
        assertThat(h.run(h.ctx(), exchangeId("a", "verf0001", 0x8)).status()).isEqualTo(NfsStatus.INVAL);
        NfsArgs.ExchangeId machCred = new NfsArgs.ExchangeId(new ClientOwner(Bytes.utf8("verf0001"), Bytes.utf8("a")),
                0, new StateProtectArgs.MachCred(new StateProtectOps(Bitmap.EMPTY, Bitmap.EMPTY)), null);
        assertThat(h.run(h.ctx(), machCred).status()).isEqualTo(NfsStatus.INVAL);
    }

    @Test
    void clientCountIsBoundedAndExpiredLeasesMakeRoom() {
        NfsServices small = new NfsServices(h.f.clientTable(new StateLimits(2, 1, 2, 4, 8, 4096, 4096, 1024, 2,
                Duration.ofSeconds(10))), h.services.exports(), h.services.xdrLimits(),
                h.services.stateIds(), h.services.writeVerifier(), h.services.state());
        OpContext c = new OpContext(small, h.ctx().call(), 1);
        assertThat(h.run(c, exchangeId("a", "verf0001", 0)).status()).isEqualTo(NfsStatus.OK);
        assertThat(h.run(c, exchangeId("b", "verf0001", 0)).status()).isEqualTo(NfsStatus.OK);
        assertThat(h.run(c, exchangeId("c", "verf0001", 0)).status()).isEqualTo(NfsStatus.DELAY);
        h.f.clock.advance(Duration.ofSeconds(11));
        assertThat(h.run(c, exchangeId("c", "verf0001", 0)).status()).isEqualTo(NfsStatus.OK);
        assertThat(small.clients().clientCount()).isEqualTo(1);
    }
}
