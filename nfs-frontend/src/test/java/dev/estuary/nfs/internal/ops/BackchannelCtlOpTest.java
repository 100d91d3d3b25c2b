package dev.estuary.nfs.internal.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.nfs.internal.codec.Bytes;
import dev.estuary.nfs.internal.codec.NfsArgs;
import dev.estuary.nfs.internal.codec.NfsStatus;
import dev.estuary.nfs.internal.codec.Types.AuthSysParms;
import dev.estuary.nfs.internal.codec.Types.CallbackSec;
import dev.estuary.nfs.internal.state.Session;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackchannelCtlOpTest extends HandlerTest {
    private static final CallbackSec GSS = new CallbackSec.Gss(1, Bytes.utf8("s"), Bytes.utf8("c"));
    private static final CallbackSec SYS = new CallbackSec.Sys(new AuthSysParms(1, "client", 0, 0, List.of()));

    private OpContext inSession() {
        Bytes sid = SessionOpsFixture.session(h, "linux");
        OpContext c = h.ctx();
        new SequenceOp().begin(c, new NfsArgs.Sequence(sid, 1, 0, 0, false), 1, 2);
        return c;
    }

    @Test
    void replacesProgramAndTakesTheFirstUsableFlavor() {
        OpContext c = inSession();
        h.ok(c, new NfsArgs.BackchannelCtl(0x40000001, List.of(GSS, SYS, new CallbackSec.None())));
        Session s = c.session();
        assertThat(s).isNotNull();
        assertThat(s.backchannel()).isEqualTo(new Session.Backchannel(0x40000001, SYS));
        assertThat(s.callbackProgram()).isEqualTo(0x40000001);
    }

    @Test
    void onlyGssIsEncrAlgUnsuppAndChangesNothing() {
        OpContext c = inSession();
        Session s = c.session();
        assertThat(s).isNotNull();
        Session.Backchannel before = s.backchannel();
        assertThat(h.run(c, new NfsArgs.BackchannelCtl(7, List.of(GSS))).status()).isEqualTo(NfsStatus.ENCR_ALG_UNSUPP);
        assertThat(h.run(c, new NfsArgs.BackchannelCtl(7, List.of())).status()).isEqualTo(NfsStatus.ENCR_ALG_UNSUPP);
        assertThat(s.backchannel()).isEqualTo(before);
    }

    @Test
    void outsideASessionIsOpNotInSession() {
        assertThat(h.run(h.ctx(), new NfsArgs.BackchannelCtl(7, List.of(SYS))).status())
                .isEqualTo(NfsStatus.OP_NOT_IN_SESSION);
    }
}
