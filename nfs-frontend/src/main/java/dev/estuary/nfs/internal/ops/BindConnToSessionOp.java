package dev.estuary.nfs.internal.ops;

import dev.estuary.nfs.internal.codec.NfsArgs;
import dev.estuary.nfs.internal.codec.NfsResult;
import dev.estuary.nfs.internal.codec.NfsStatus;

/**
 * BIND_CONN_TO_SESSION (RFC 8881 §18.34), basic: see {@code ClientTable#bindConnection}. It is always
 * the only operation of its COMPOUND (§18.34.3), so after a SEQUENCE it is NFS4ERR_NOT_ONLY_OP.
 */
public final class BindConnToSessionOp implements Operation<NfsArgs.BindConnToSession> {
    @Override
    public NfsResult execute(OpContext ctx, NfsArgs.BindConnToSession args) {
        if (ctx.session() != null) {
            return NfsResult.of(args.op(), NfsStatus.NOT_ONLY_OP);
        }
        NfsResult r = ctx.services().clients().bindConnection(args);
        if (r.status() == NfsStatus.OK) {
            ctx.services().clients().associate(args.sessionId(), ctx.call().remote());
        }
        return r;
    }
}
