package dev.estuary.nfs.internal.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.nfs.internal.codec.Bytes;
import dev.estuary.nfs.internal.codec.NfsArgs;
import dev.estuary.nfs.internal.codec.NfsStatus;
import org.junit.jupiter.api.Test;

class ReclaimCompleteOpTest extends HandlerTest {
    @Test
    void onceThenCompleteAlready() {
        Bytes sid = SessionOpsFixture.session(h, "linux");
        OpContext c = h.ctx();
        new SequenceOp().begin(c, new NfsArgs.Sequence(sid, 1, 0, 0, false), 1, 2);
        h.ok(c, new NfsArgs.ReclaimComplete(false));
        assertThat(h.run(c, new NfsArgs.ReclaimComplete(false)).status()).isEqualTo(NfsStatus.COMPLETE_ALREADY);
        // rca_one_fs names the file system by the current file handle.
        assertThat(h.run(c, new NfsArgs.ReclaimComplete(true)).status()).isEqualTo(NfsStatus.NOFILEHANDLE);
    }

    @Test
    void outsideASessionIsOpNotInSession() {
        assertThat(h.run(h.ctx(), new NfsArgs.ReclaimComplete(false)).status()).isEqualTo(NfsStatus.OP_NOT_IN_SESSION);
    }
}
