package dev.estuary.nfs.internal.ops;

import dev.estuary.nfs.internal.codec.NfsArgs;
import dev.estuary.nfs.internal.codec.NfsResult;
import dev.estuary.nfs.internal.codec.NfsStatus;
import dev.estuary.nfs.internal.state.Session;

/**
 * DESTROY_SESSION (RFC 8881 §18.37). Destroying the session the COMPOUND's SEQUENCE named is allowed only
 * as the last operation (§18.37.3: NFS4ERR_NOT_ONLY_OP otherwise), and only on a connection associated with the
 * session (NFS4ERR_CONN_NOT_BOUND_TO_SESSION otherwise).
 */
public final class DestroySessionOp implements Operation<NfsArgs.DestroySession> {
    @Override
    public NfsResult execute(OpContext ctx, NfsArgs.DestroySession args) {
        Session s = ctx.session();
        if (s != null && s.id().equals(args.sessionId()) && !ctx.lastOperation()) {
            return NfsResult.of(args.op(), NfsStatus.NOT_ONLY_OP);
        }
        return NfsResult.of(args.op(), ctx.services().clients().destroySession(args.sessionId(), ctx.call().remote()));
    }
}
