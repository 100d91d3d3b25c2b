package dev.estuary.nfs.internal.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.nfs.internal.codec.Bytes;
import dev.estuary.nfs.internal.codec.NfsArgs;
import dev.estuary.nfs.internal.codec.NfsStatus;
import dev.estuary.nfs.internal.rpc.CallContext;
import dev.estuary.nfs.internal.state.SequenceOutcome;
import java.net.InetSocketAddress;
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

    @Test
    void onlyOnAConnectionAssociatedWithTheSession() {
        // RFC 8881 §18.37.3 (pynfs DSESS9001): CREATE_SESSION came on port 700; another connection must first
        // be associated, here implicitly by a SEQUENCE of the session (§2.10.3.1, SP4_NONE).
        Bytes sid = SessionOpsFixture.session(h, "linux");
        OpContext other = new OpContext(h.services, new CallContext(1, Harness.USER,
                new InetSocketAddress("127.0.0.1", 701), null, 200), 2);
        assertThat(h.run(other, new NfsArgs.DestroySession(sid)).status())
                .isEqualTo(NfsStatus.CONN_NOT_BOUND_TO_SESSION);
        OpContext sequenced = new OpContext(h.services, other.call(), 2);
        SequenceOutcome.Proceed p = (SequenceOutcome.Proceed) new SequenceOp().begin(sequenced,
                new NfsArgs.Sequence(sid, 1, 0, 0, false), 1, 1);
        h.services.clients().finish(p, null);
        h.ok(new OpContext(h.services, other.call(), 2), new NfsArgs.DestroySession(sid));
    }
}
