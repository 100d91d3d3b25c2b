package dev.estuary.nfs.internal.ops;

import dev.estuary.dfs.ByteRange;
import dev.estuary.dfs.LockType;
import dev.estuary.nfs.internal.codec.NfsArgs;
import dev.estuary.nfs.internal.codec.NfsResult;
import dev.estuary.nfs.internal.codec.NfsStatus;
import dev.estuary.nfs.internal.codec.Types.LockDenied;
import dev.estuary.nfs.internal.state.StateException;
import java.util.Optional;

/**
 * LOCKT (RFC 8881 §18.11): whether the lock-owner could take the lock now, through the backend (so SMB
 * locks count): NFS4ERR_DENIED with the conflicting lock, or OK. Nothing is taken and no stateid is needed.
 * The owner's client id is the session's (NFSv4.1 ignores the one in the lock_owner4). During grace the
 * answer could change as state is reclaimed: NFS4ERR_GRACE.
 */
public final class LockTOp implements Operation<NfsArgs.LockT> {
    @Override
    public NfsResult execute(OpContext ctx, NfsArgs.LockT args) throws NfsException, StateException {
        LockType type = LockTypes.of(args.lockType());
        ByteRange range = StateOps.range(args.offset(), args.length());
        FileRef.InVolume file = StateOps.file(ctx);
        SpecialStateids.requireRegular(ctx.view(file.volume()).getAttributes(file.id()));
        if (ctx.services().state().grace().inGrace()) {
            throw new NfsException(NfsStatus.GRACE, "LOCKT during the grace period (expected: after it)");
        }
        Optional<LockDenied> d = ctx.services().state().testLock(StateOps.client(ctx), args.owner().owner(),
                StateOps.key(file), ctx.view(file.volume()), type, range);
        if (d.isPresent() && ctx.services().clients().expireLeases() > 0) {
            d = ctx.services().state().testLock(StateOps.client(ctx), args.owner().owner(), StateOps.key(file),
                    ctx.view(file.volume()), type, range);
        }
        return d.isPresent() ? new NfsResult(args.op(), NfsStatus.DENIED, new NfsResult.Denied(d.get()))
                : NfsResult.of(args.op(), NfsStatus.OK);
    }
}
