package dev.estuary.nfs.internal.ops;

import dev.estuary.dfs.ByteRange;
import dev.estuary.dfs.LockType;
import dev.estuary.nfs.internal.codec.NfsArgs;
import dev.estuary.nfs.internal.codec.NfsResult;
import dev.estuary.nfs.internal.codec.NfsStatus;
import dev.estuary.nfs.internal.state.FileKey;
import dev.estuary.nfs.internal.state.NfsClient;
import dev.estuary.nfs.internal.state.StateException;
import dev.estuary.nfs.internal.state.StateTable;

/**
 * LOCK (RFC 8881 §18.10): a POSIX byte-range lock (a length of all ones is "to the end"; an owner's own locks
 * merge, split, upgrade and downgrade) taken in the backend's lock session of the client, so SMB users and
 * other NFS clients see it. A new lock-owner comes with its open's stateid, a known one with its lock
 * stateid; the lock stateid's seqid moves with every granted LOCK and it becomes the current stateid. A
 * conflict answers NFS4ERR_DENIED with the conflicting lock's range, type and owner (LOCK4denied), after the
 * state of clients whose lease expired was dropped. Blocking types are not waited on (§9.6: the client
 * polls). Reclaims are allowed only during grace to a client of the previous instance (NFS4ERR_NO_GRACE
 * outside grace or after RECLAIM_COMPLETE, NFS4ERR_RECLAIM_BAD for another client), and new locks only outside it and after the client's RECLAIM_COMPLETE (NFS4ERR_GRACE). The
 * seqids of the arguments are unused in NFSv4.1.
 */
public final class LockOp implements Operation<NfsArgs.Lock> {
    @Override
    public NfsResult execute(OpContext ctx, NfsArgs.Lock args) throws NfsException, StateException {
        NfsClient client = StateOps.client(ctx);
        LockType type = LockTypes.of(args.lockType());
        ByteRange range = StateOps.range(args.offset(), args.length());
        FileRef.InVolume file = StateOps.file(ctx);
        SpecialStateids.requireRegular(ctx.view(file.volume()).getAttributes(file.id()));
        StateTable table = ctx.services().state();
        if (args.reclaim()) {
            NfsStatus may = table.grace().reclaim(client.ownerId(), client.reclaimComplete());
            if (may != NfsStatus.OK) {
                throw new NfsException(may, "LOCK reclaim: no grace period, or nothing this client may reclaim"
                        + " (expected: a client of the previous instance, before its RECLAIM_COMPLETE)");
            }
        } else {
            OpenOp.noGrace(table, client);
        }
        StateTable.LockOutcome o = lock(ctx, client, args, file, type, range);
        if (o.denied() != null && ctx.services().clients().expireLeases() > 0) {
            o = lock(ctx, client, args, file, type, range);
        }
        if (o.denied() != null) {
            return new NfsResult(args.op(), NfsStatus.DENIED, new NfsResult.Denied(o.denied()));
        }
        ctx.setCurrentStateid(o.stateid());
        return NfsResult.ok(args.op(), new NfsResult.StateidOk(o.stateid()));
    }

    private static StateTable.LockOutcome lock(OpContext ctx, NfsClient client, NfsArgs.Lock args,
            FileRef.InVolume file, LockType type, ByteRange range) throws NfsException, StateException {
        FileKey key = StateOps.key(file);
        StateTable table = ctx.services().state();
        return switch (args.locker()) {
            case NfsArgs.Locker.NewOwner n -> table.lockNew(client, SpecialStateids.resolveCurrent(ctx, n.openStateid()),
                    n.lockOwner().owner(), key, ctx.view(file.volume()), type, range);
            case NfsArgs.Locker.ExistingOwner e -> table.lockExisting(client,
                    SpecialStateids.resolveCurrent(ctx, e.lockStateid()), key, type, range);
        };
    }
}
