package dev.estuary.nfs.internal.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.nfs.internal.codec.Bytes;
import dev.estuary.nfs.internal.codec.NfsArgs;
import dev.estuary.nfs.internal.codec.NfsResult;
import dev.estuary.nfs.internal.codec.NfsStatus;
import dev.estuary.nfs.internal.rpc.CallContext;
import dev.estuary.nfs.internal.state.ClientTable;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class BindConnToSessionOpTest extends HandlerTest {
    @Test
    void bindsTheForeChannelOnly() {
        Bytes sid = SessionOpsFixture.session(h, "linux");
        NfsResult r = h.ok(h.ctx(), new NfsArgs.BindConnToSession(sid, ClientTable.CDFC4_FORE_OR_BOTH, false));
        assertThat(((NfsResult.BindConnOk) r.body()).dir()).isEqualTo(ClientTable.CDFC4_FORE);
        assertThat(h.run(h.ctx(), new NfsArgs.BindConnToSession(sid, ClientTable.CDFC4_BACK, false)).status())
                .isEqualTo(NfsStatus.NOTSUPP);
        assertThat(h.run(h.ctx(), new NfsArgs.BindConnToSession(sid, 9, false)).status()).isEqualTo(NfsStatus.INVAL);
        assertThat(h.run(h.ctx(), new NfsArgs.BindConnToSession(Bytes.of(new byte[16]), 1, false)).status())
                .isEqualTo(NfsStatus.BADSESSION);
        OpContext inSession = h.ctx();
        new SequenceOp().begin(inSession, new NfsArgs.Sequence(sid, 1, 0, 0, false), 1, 2);
        assertThat(h.run(inSession, new NfsArgs.BindConnToSession(sid, ClientTable.CDFC4_FORE, false)).status())
                .isEqualTo(NfsStatus.NOT_ONLY_OP);
    }

    @Test
    void associatesTheConnectionItArrivesOn() {
        // §18.34: after BIND_CONN_TO_SESSION the connection is the session's, so DESTROY_SESSION works there.
        Bytes sid = SessionOpsFixture.session(h, "linux");
        CallContext other = new CallContext(1, Harness.USER, new InetSocketAddress("127.0.0.1", 702), null, 200);
        assertThat(h.run(new OpContext(h.services, other, 2), new NfsArgs.DestroySession(sid)).status())
                .isEqualTo(NfsStatus.CONN_NOT_BOUND_TO_SESSION);
        h.ok(new OpContext(h.services, other, 2), new NfsArgs.BindConnToSession(sid, ClientTable.CDFC4_FORE, false));
        h.ok(new OpContext(h.services, other, 2), new NfsArgs.DestroySession(sid));
    }
}
