package dev.estuary.nfs.internal.ops;

import dev.estuary.nfs.internal.codec.NfsArgs;
import dev.estuary.nfs.internal.codec.NfsResult;
import dev.estuary.nfs.internal.codec.Types.Stateid;
import dev.estuary.nfs.internal.state.StateException;

/**
 * LOCKU (RFC 8881 §18.12): releases the bytes of the range the lock-owner holds (POSIX: nothing held is
 * fine), in the backend; the lock stateid's seqid moves and it becomes the current stateid. The lock type
 * and seqid arguments are unused (§18.12.3, NFSv4.1).
 */
public final class LockUOp implements Operation<NfsArgs.LockU> {
    @Override
    public NfsResult execute(OpContext ctx, NfsArgs.LockU args) throws NfsException, StateException {
        LockTypes.of(args.lockType());
        Stateid next = ctx.services().state().unlock(StateOps.client(ctx),
                SpecialStateids.resolveCurrent(ctx, args.lockStateid()), StateOps.key(StateOps.file(ctx)),
                StateOps.range(args.offset(), args.length()));
        ctx.setCurrentStateid(next);
        return NfsResult.ok(args.op(), new NfsResult.StateidOk(next));
    }
}
