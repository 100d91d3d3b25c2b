package dev.estuary.nfs.internal.ops;

import dev.estuary.nfs.internal.codec.NfsArgs;
import dev.estuary.nfs.internal.codec.NfsResult;
import dev.estuary.nfs.internal.codec.NfsStatus;
import dev.estuary.nfs.internal.state.Session;

/**
 * RECLAIM_COMPLETE (RFC 8881 §18.51). With rca_one_fs the current file handle names the file system
 * (NFS4ERR_NOFILEHANDLE without one). There is no reclaimable state and so no grace period yet.
 */
public final class ReclaimCompleteOp implements Operation<NfsArgs.ReclaimComplete> {
    @Override
    public NfsResult execute(OpContext ctx, NfsArgs.ReclaimComplete args) throws NfsException {
        Session s = ctx.session();
        if (s == null) {
            throw new NfsException(NfsStatus.OP_NOT_IN_SESSION, "RECLAIM_COMPLETE outside a session");
        }
        if (args.oneFs()) {
            ctx.current();
        }
        return NfsResult.of(args.op(), ctx.services().clients().reclaimComplete(s, args.oneFs()));
    }
}
