package dev.estuary.nfs.internal.ops;

import dev.estuary.nfs.internal.codec.Bytes;
import dev.estuary.nfs.internal.codec.NfsArgs;
import dev.estuary.nfs.internal.codec.NfsResult;
import dev.estuary.nfs.internal.codec.Types.ChannelAttrs;
import dev.estuary.nfs.internal.codec.Types.ClientOwner;
import dev.estuary.nfs.internal.codec.Types.StateProtectArgs;
import java.util.List;

/** The session-layer arguments the Linux client sends (notes/nfs.md §2.1). */
final class SessionOpsFixture {
    static final ChannelAttrs LINUX_FORE = new ChannelAttrs(0, 1049620, 1049480, 0, 8, 64, null);
    static final ChannelAttrs LINUX_BACK = new ChannelAttrs(0, 4096, 4096, 0, 2, 16, null);

    private SessionOpsFixture() {
    }

    static NfsArgs.ExchangeId exchangeId(String owner, String verifier, int flags) {
        return new NfsArgs.ExchangeId(new ClientOwner(Bytes.utf8(verifier), Bytes.utf8(owner)), flags,
                new StateProtectArgs.None(), null);
    }

    static NfsArgs.CreateSession createSession(long clientId, int sequence) {
        return new NfsArgs.CreateSession(clientId, sequence, 0x3, LINUX_FORE, LINUX_BACK, 0x40000000, List.of());
    }

    static long clientId(NfsResult r) {
        return ((NfsResult.ExchangeIdOk) r.body()).clientId();
    }

    /** EXCHANGE_ID + CREATE_SESSION; returns the session id. */
    static Bytes session(Harness h, String owner) {
        NfsResult x = h.ok(h.ctx(), exchangeId(owner, "verifier", 0));
        NfsResult.ExchangeIdOk ok = (NfsResult.ExchangeIdOk) x.body();
        NfsResult cs = h.ok(h.ctx(), createSession(ok.clientId(), ok.sequenceId()));
        return ((NfsResult.CreateSessionOk) cs.body()).sessionId();
    }
}
