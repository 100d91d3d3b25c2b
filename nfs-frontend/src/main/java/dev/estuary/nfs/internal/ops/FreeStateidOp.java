package dev.estuary.nfs.internal.ops;

import dev.estuary.nfs.internal.codec.NfsArgs;
import dev.estuary.nfs.internal.codec.NfsResult;
import dev.estuary.nfs.internal.codec.NfsStatus;
import dev.estuary.nfs.internal.state.StateException;

/**
 * FREE_STATEID (RFC 8881 §18.38): frees a lock stateid that holds no locks; an open stateid, or a lock
 * stateid that still holds locks, is NFS4ERR_LOCKS_HELD. The current stateid is allowed (§16.2.3.1.2).
 */
public final class FreeStateidOp implements Operation<NfsArgs.FreeStateid> {
    @Override
    public NfsResult execute(OpContext ctx, NfsArgs.FreeStateid args) throws NfsException, StateException {
        ctx.services().state().free(StateOps.client(ctx), SpecialStateids.resolveCurrent(ctx, args.stateid()));
        return NfsResult.of(args.op(), NfsStatus.OK);
    }
}
