package dev.estuary.nfs.internal.ops;

import dev.estuary.nfs.internal.codec.NfsArgs;
import dev.estuary.nfs.internal.codec.NfsResult;
import dev.estuary.nfs.internal.codec.NfsStatus;
import dev.estuary.nfs.internal.state.Session;

/**
 * RECLAIM_COMPLETE (RFC 8881 §18.51). With rca_one_fs the current file handle names the file system
 * (NFS4ERR_NOFILEHANDLE without one). The global form ends the client's reclaims and tells the grace period
 * (§8.4.2), which ends once every client of the previous instance sent it.
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
        NfsStatus st = ctx.services().clients().reclaimComplete(s, args.oneFs());
        if (st == NfsStatus.OK && !args.oneFs()) {
            ctx.services().state().grace().reclaimComplete(s.client().ownerId());
        }
        return NfsResult.of(args.op(), st);
    }
}
