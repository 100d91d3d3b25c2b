package dev.estuary.nfs.internal.ops;

import dev.estuary.nfs.internal.codec.NfsArgs;
import dev.estuary.nfs.internal.codec.NfsResult;
import dev.estuary.nfs.internal.codec.Types.Stateid;
import dev.estuary.nfs.internal.state.StateException;
import dev.estuary.nfs.internal.state.StateTable;

/**
 * CLOSE (RFC 8881 §18.2): releases the open of the current file, its share reservation and handle, and the
 * byte-range locks its lock-owners still hold on the file (as knfsd does; the Linux client unlocks first).
 * The seqid argument is unused in NFSv4.1. The result, and the current stateid, is the invalid special
 * stateid: the open's stateid is no longer valid (§18.2.4).
 */
public final class CloseOp implements Operation<NfsArgs.Close> {
    @Override
    public NfsResult execute(OpContext ctx, NfsArgs.Close args) throws NfsException, StateException {
        Stateid sid = SpecialStateids.resolveCurrent(ctx, args.openStateid());
        ctx.services().state().close(StateOps.client(ctx), sid, StateOps.key(StateOps.file(ctx)));
        ctx.setCurrentStateid(StateTable.INVALID);
        return NfsResult.ok(args.op(), new NfsResult.StateidOk(StateTable.INVALID));
    }
}
