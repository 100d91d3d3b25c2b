package dev.estuary.nfs.internal.ops;

import static dev.estuary.nfs.internal.ops.SessionOpsFixture.LINUX_BACK;
import static dev.estuary.nfs.internal.ops.SessionOpsFixture.LINUX_FORE;
import static dev.estuary.nfs.internal.ops.SessionOpsFixture.clientId;
import static dev.estuary.nfs.internal.ops.SessionOpsFixture.createSession;
import static dev.estuary.nfs.internal.ops.SessionOpsFixture.exchangeId;
import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.nfs.internal.codec.NfsArgs;
import dev.estuary.nfs.internal.codec.NfsResult;
import dev.estuary.nfs.internal.codec.NfsStatus;
import dev.estuary.nfs.internal.codec.Types.ChannelAttrs;
import java.util.List;
import org.junit.jupiter.api.Test;

class CreateSessionOpTest extends HandlerTest {
    @Test
    void channelAttributesTheLinuxClientAccepts() {
        long id = clientId(h.ok(h.ctx(), exchangeId("linux", "verf0001", 0)));
        NfsResult.CreateSessionOk ok = (NfsResult.CreateSessionOk) h.ok(h.ctx(), createSession(id, 1)).body();
        ChannelAttrs fore = ok.foreChannel();
        // nfs4_verify_fore_channel_attrs: response size not above asked, at least 8 operations, slots.
        assertThat(fore.maxResponseSize()).isLessThanOrEqualTo(LINUX_FORE.maxResponseSize());
        assertThat(fore.maxOperations()).isGreaterThanOrEqualTo(8);
        assertThat(fore.maxRequests()).isBetween(1, 64);
        ChannelAttrs back = ok.backChannel();
        // nfs4_verify_back_channel_attrs: nothing larger than asked, responses not smaller.
        assertThat(back.maxRequestSize()).isLessThanOrEqualTo(LINUX_BACK.maxRequestSize());
        assertThat(back.maxResponseSize()).isGreaterThanOrEqualTo(LINUX_BACK.maxResponseSize());
        assertThat(back.maxResponseSizeCached()).isLessThanOrEqualTo(LINUX_BACK.maxResponseSizeCached());
        assertThat(back.maxOperations()).isLessThanOrEqualTo(LINUX_BACK.maxOperations());
        assertThat(back.maxRequests()).isBetween(1, LINUX_BACK.maxRequests());
        assertThat(ok.sequence()).isEqualTo(1);
        assertThat(ok.flags()).isZero();
    }

    @Test
    void sequenceRules() {
        long id = clientId(h.ok(h.ctx(), exchangeId("linux", "verf0001", 0)));
        assertThat(h.run(h.ctx(), createSession(id, 5)).status()).isEqualTo(NfsStatus.SEQ_MISORDERED);
        NfsResult first = h.ok(h.ctx(), createSession(id, 1));
        // The retry of the last CREATE_SESSION gets the same reply (and no second session).
        assertThat(h.run(h.ctx(), createSession(id, 1))).isEqualTo(first);
        assertThat(h.services.clients().sessionCount()).isEqualTo(1);
        h.ok(h.ctx(), createSession(id, 2));
        assertThat(h.run(h.ctx(), createSession(0x1234, 1)).status()).isEqualTo(NfsStatus.STALE_CLIENTID);
    }

    @Test
    void tooSmallChannelsAndWrongPrincipal() {
        long id = clientId(h.ok(h.ctx(), exchangeId("linux", "verf0001", 0)));
        NfsArgs.CreateSession tiny = new NfsArgs.CreateSession(id, 1, 0, new ChannelAttrs(0, 100, 100, 0, 8, 4, null),
                LINUX_BACK, 0x40000000, List.of());
        assertThat(h.run(h.ctx(), tiny).status()).isEqualTo(NfsStatus.TOOSMALL);
        assertThat(h.run(h.ctx(Harness.ROOT, "127.0.0.1"), createSession(id, 1)).status())
                .isEqualTo(NfsStatus.CLID_INUSE);
    }

    @Test
    void aConfirmedRecordTakesSessionsFromAnyPrincipal() {
        // RFC 8881 §18.36.4: the principal must match only while the record is unconfirmed (pynfs CSESS10).
        long id = clientId(h.ok(h.ctx(), exchangeId("linux", "verf0001", 0)));
        NfsResult first = h.ok(h.ctx(), createSession(id, 1));
        assertThat(h.run(h.ctx(Harness.ROOT, "127.0.0.1"), createSession(id, 1))).isEqualTo(first);
        h.ok(h.ctx(Harness.ROOT, "127.0.0.1"), createSession(id, 2));
    }

    @Test
    void aBackChannelTooSmallForAnyRequestIsTooSmallAndUsesNoSequence() {
        // §18.36.3 (pynfs CSESS29): the back channel's sizes are checked as the fore channel's are.
        long id = clientId(h.ok(h.ctx(), exchangeId("linux", "verf0001", 0)));
        NfsArgs.CreateSession tinyBack = new NfsArgs.CreateSession(id, 1, 0, LINUX_FORE,
                new ChannelAttrs(0, 10, 8192, 8192, 128, 1, null), 0x40000000, List.of());
        assertThat(h.run(h.ctx(), tinyBack).status()).isEqualTo(NfsStatus.TOOSMALL);
        assertThat(h.services.clients().sessionCount()).isZero();
        h.ok(h.ctx(), createSession(id, 1));
    }

    @Test
    void anUnconfirmedRecordOlderThanALeaseIsStale() {
        // §18.35.4 (pynfs EID9): a record not confirmed within a lease period is removed.
        long id = clientId(h.ok(h.ctx(), exchangeId("linux", "verf0001", 0)));
        h.f.clock.advance(h.services.clients().limits().lease().plusSeconds(1));
        assertThat(h.run(h.ctx(), createSession(id, 1)).status()).isEqualTo(NfsStatus.STALE_CLIENTID);
        assertThat(h.services.clients().clientCount()).isZero();
    }

    @Test
    void sessionsPerClientAreBounded() {
        long id = clientId(h.ok(h.ctx(), exchangeId("linux", "verf0001", 0)));
        int max = h.services.clients().limits().maxSessionsPerClient();
        for (int i = 1; i <= max; i++) {
            h.ok(h.ctx(), createSession(id, i));
        }
        assertThat(h.run(h.ctx(), createSession(id, max + 1)).status()).isEqualTo(NfsStatus.NOSPC);
    }

    @Test
    void clientIdsOfAnotherServerInstanceAreStale() {
        long id = clientId(h.ok(h.ctx(), exchangeId("linux", "verf0001", 0)));
        NfsServices restarted = new NfsServices(new dev.estuary.nfs.internal.state.ClientTable(
                dev.estuary.nfs.internal.state.StateLimits.DEFAULT, h.f.clock,
                new dev.estuary.nfs.internal.codec.Types.ServerOwner(0, dev.estuary.nfs.internal.codec.Bytes.utf8("s")),
                dev.estuary.nfs.internal.codec.Bytes.utf8("s"), null, new java.util.Random(8)),
                h.services.exports(), h.services.xdrLimits(), h.services.stateIds(), h.services.writeVerifier(), h.services.state());
        OpContext c = new OpContext(restarted, h.ctx().call(), 1);
        // The new instance issues its first id too, at the same clock second: it is not the old one.
        long fresh = clientId(h.run(c, exchangeId("other", "verf0001", 0)));
        assertThat(fresh).isNotEqualTo(id);
        assertThat(h.run(c, createSession(id, 1)).status()).isEqualTo(NfsStatus.STALE_CLIENTID);
    }
}
