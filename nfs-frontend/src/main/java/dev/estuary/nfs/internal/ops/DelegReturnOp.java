package dev.estuary.nfs.internal.ops;

import dev.estuary.nfs.internal.codec.NfsArgs;
import dev.estuary.nfs.internal.codec.NfsResult;
import dev.estuary.nfs.internal.codec.NfsStatus;
import dev.estuary.nfs.internal.codec.Types.Stateid;

/**
 * DELEGRETURN (RFC 8881 §18.6). This server grants no delegation, so no stateid names one: a stateid of an
 * earlier instance is NFS4ERR_STALE_STATEID, any other (special, an open's or a lock's, unknown)
 * NFS4ERR_BAD_STATEID. The current file handle is required first (NFS4ERR_NOFILEHANDLE).
 */
public final class DelegReturnOp implements Operation<NfsArgs.DelegReturn> {
    @Override
    public NfsResult execute(OpContext ctx, NfsArgs.DelegReturn args) throws NfsException {
        StateOps.file(ctx);
        Stateid s = SpecialStateids.resolveCurrent(ctx, args.delegStateid());
        NfsStatus st = SpecialStateids.kind(s) == SpecialStateids.Kind.REGULAR
                ? ctx.services().state().test(StateOps.client(ctx), s) : NfsStatus.BAD_STATEID;
        if (st == NfsStatus.STALE_STATEID) {
            throw new NfsException(st, "delegation stateid: " + s.other() + " of an earlier server instance");
        }
        throw new NfsException(NfsStatus.BAD_STATEID, "delegation stateid: " + s.other()
                + " (expected: a delegation this server granted; it grants none)");
    }
}
