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
        // The slot was not used: sequence id 1 is still the next one.
        assertThat(status(seq(sid, 1, 0, 1))).isEqualTo(NfsStatus.OK);
    }
}
