package dev.estuary.nfs.internal.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.nfs.internal.codec.Bytes;
import dev.estuary.nfs.internal.codec.NfsArgs;
import dev.estuary.nfs.internal.codec.NfsStatus;
import dev.estuary.nfs.internal.state.SequenceOutcome;
import org.junit.jupiter.api.Test;

class DestroySessionOpTest extends HandlerTest {
    @Test
    void destroysOnceThenBadSession() {
        Bytes sid = SessionOpsFixture.session(h, "linux");
        h.ok(h.ctx(), new NfsArgs.DestroySession(sid));
        assertThat(h.run(h.ctx(), new NfsArgs.DestroySession(sid)).status()).isEqualTo(NfsStatus.BADSESSION);
        SequenceOutcome o = new SequenceOp().begin(h.ctx(), new NfsArgs.Sequence(sid, 1, 0, 0, false), 1, 1);
        assertThat(((SequenceOutcome.Failed) o).result().status()).isEqualTo(NfsStatus.BADSESSION);
    }

    @Test
    void theCompoundsOwnSessionOnlyAsLastOperation() {
        Bytes sid = SessionOpsFixture.session(h, "linux");
        OpContext c = h.ctx();
        new SequenceOp().begin(c, new NfsArgs.Sequence(sid, 1, 0, 0, false), 1, 3);
        c.setLastOperation(false);
        assertThat(h.run(c, new NfsArgs.DestroySession(sid)).status()).isEqualTo(NfsStatus.NOT_ONLY_OP);
        c.setLastOperation(true);
        h.ok(c, new NfsArgs.DestroySession(sid));
    }
}
