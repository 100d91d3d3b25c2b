package dev.estuary.nfs.internal.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.nfs.internal.codec.Bytes;
import dev.estuary.nfs.internal.codec.CompoundRes;
import dev.estuary.nfs.internal.codec.NfsArgs;
import dev.estuary.nfs.internal.codec.NfsStatus;
import dev.estuary.nfs.internal.state.SequenceOutcome;
import java.util.List;
import org.junit.jupiter.api.Test;

class SequenceOpTest extends HandlerTest {
    final SequenceOp op = new SequenceOp();

    SequenceOutcome seq(Bytes sid, int seqid, int slot, int hash) {
        return op.begin(h.ctx(), new NfsArgs.Sequence(sid, seqid, slot, slot, true), hash, 2);
    }

    static NfsStatus status(SequenceOutcome o) {
        return o instanceof SequenceOutcome.Failed f ? f.result().status() : NfsStatus.OK;
    }

    @Test
    void newRequestThenRetryFromTheCacheThenMisordered() {
        Bytes sid = SessionOpsFixture.session(h, "linux");
        SequenceOutcome first = seq(sid, 1, 0, 42);
        assertThat(first).isInstanceOf(SequenceOutcome.Proceed.class);
        // While the request runs its retry waits.
        assertThat(status(seq(sid, 1, 0, 42))).isEqualTo(NfsStatus.DELAY);
        CompoundRes reply = CompoundRes.of(Bytes.utf8("t"), List.of(((SequenceOutcome.Proceed) first).result()));
        h.services.clients().finish((SequenceOutcome.Proceed) first, reply);
        assertThat(seq(sid, 1, 0, 42)).isEqualTo(new SequenceOutcome.Replay(reply));
        assertThat(status(seq(sid, 1, 0, 43))).isEqualTo(NfsStatus.SEQ_FALSE_RETRY);
        assertThat(status(seq(sid, 3, 0, 44))).isEqualTo(NfsStatus.SEQ_MISORDERED);
        assertThat(status(seq(sid, 2, 0, 45))).isEqualTo(NfsStatus.OK);
        // Each slot has its own sequence.
        assertThat(status(seq(sid, 1, 1, 46))).isEqualTo(NfsStatus.OK);
    }

    @Test
    void uncachedReplyRetryIsRetryUncachedRep() {
        Bytes sid = SessionOpsFixture.session(h, "linux");
        SequenceOutcome.Proceed p = (SequenceOutcome.Proceed) seq(sid, 1, 0, 1);
        h.services.clients().finish(p, null);
        assertThat(status(seq(sid, 1, 0, 1))).isEqualTo(NfsStatus.RETRY_UNCACHED_REP);
    }

    @Test
    void badSessionSlotAndTooManyOps() {
        Bytes sid = SessionOpsFixture.session(h, "linux");
        assertThat(status(seq(Bytes.of(new byte[16]), 1, 0, 1))).isEqualTo(NfsStatus.BADSESSION);
        assertThat(status(seq(sid, 1, 64, 1))).isEqualTo(NfsStatus.BADSLOT);
        SequenceOutcome many = op.begin(h.ctx(), new NfsArgs.Sequence(sid, 1, 0, 0, false), 1, 9);
        assertThat(status(many)).isEqualTo(NfsStatus.TOO_MANY_OPS);
        OpContext big = new OpContext(h.services, new dev.estuary.nfs.internal.rpc.CallContext(1, Harness.USER,
                new java.net.InetSocketAddress("127.0.0.1", 700), null, 2_000_000), 1);
        assertThat(status(op.begin(big, new NfsArgs.Sequence(sid, 1, 0, 0, false), 1, 2)))
                .isEqualTo(NfsStatus.REQ_TOO_BIG);
        // The slot was not used: sequence id 1 is still the next one.
        assertThat(status(seq(sid, 1, 0, 1))).isEqualTo(NfsStatus.OK);
    }

    @Test
    void sequenceRenewsTheLeaseSoTheClientOutlivesIdleOnes() {
        dev.estuary.nfs.internal.state.StateLimits limits = new dev.estuary.nfs.internal.state.StateLimits(2, 2, 4, 4,
                8, 4096, 4096, 1024, 2, java.time.Duration.ofSeconds(10));
        NfsServices small = new NfsServices(h.f.clientTable(limits), h.services.exports(), h.services.xdrLimits(),
                h.services.stateIds(), h.services.writeVerifier(), h.services.state());
        OpContext c = new OpContext(small, h.ctx().call(), 1);
        long busy = SessionOpsFixture.clientId(h.run(c, SessionOpsFixture.exchangeId("busy", "verf0001", 0)));
        NfsArgs.CreateSession cs = new NfsArgs.CreateSession(busy, 1, 0, new dev.estuary.nfs.internal.codec.Types
                .ChannelAttrs(0, 4096, 4096, 512, 8, 4, null), SessionOpsFixture.LINUX_BACK, 0x40000000, List.of());
        Bytes sid = ((dev.estuary.nfs.internal.codec.NfsResult.CreateSessionOk) h.run(c, cs).body()).sessionId();
        h.run(c, SessionOpsFixture.exchangeId("idle", "verf0001", 0));
        h.f.clock.advance(java.time.Duration.ofSeconds(8));
        SequenceOutcome.Proceed p = (SequenceOutcome.Proceed) op.begin(new OpContext(small, h.ctx().call(), 1),
                new NfsArgs.Sequence(sid, 1, 0, 0, false), 1, 1);
        small.clients().finish(p, null);
        h.f.clock.advance(java.time.Duration.ofSeconds(8));
        // The table is full; only the idle client's lease has expired, so it makes room.
        assertThat(h.run(c, SessionOpsFixture.exchangeId("new", "verf0001", 0)).status()).isEqualTo(NfsStatus.OK);
        assertThat(status(op.begin(new OpContext(small, h.ctx().call(), 1), new NfsArgs.Sequence(sid, 2, 0, 0, false),
                2, 1))).isEqualTo(NfsStatus.OK);
    }
}
