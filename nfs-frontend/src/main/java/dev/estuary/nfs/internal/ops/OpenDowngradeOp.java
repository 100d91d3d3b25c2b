package dev.estuary.nfs.internal.ops;

import dev.estuary.nfs.internal.codec.NfsArgs;
import dev.estuary.nfs.internal.codec.NfsResult;
import dev.estuary.nfs.internal.codec.NfsStatus;
import dev.estuary.nfs.internal.codec.Types.Stateid;
import dev.estuary.nfs.internal.state.Share;
import dev.estuary.nfs.internal.state.StateException;

/**
 * OPEN_DOWNGRADE (RFC 8881 §18.18): narrows the open's share access and deny, in the backend reservation
 * too, to values an OPEN of it asked; the new stateid is also the current one. WANT bits are not allowed
 * here (NFS4ERR_INVAL). The seqid argument is unused in NFSv4.1.
 */
public final class OpenDowngradeOp implements Operation<NfsArgs.OpenDowngrade> {
    @Override
    public NfsResult execute(OpContext ctx, NfsArgs.OpenDowngrade args) throws NfsException, StateException {
        if (args.shareAccess() < Share.READ || args.shareAccess() > Share.BOTH || args.shareDeny() < 0
                || args.shareDeny() > Share.BOTH) {
            throw new NfsException(NfsStatus.INVAL, "share_access/share_deny: 0x"
                    + Integer.toHexString(args.shareAccess()) + "/" + args.shareDeny()
                    + " (expected: READ, WRITE or BOTH, and a deny of NONE, READ, WRITE or BOTH)");
        }
        Stateid sid = SpecialStateids.resolveCurrent(ctx, args.openStateid());
        Stateid next = ctx.services().state().downgrade(StateOps.client(ctx), sid, StateOps.key(StateOps.file(ctx)),
                args.shareAccess(), args.shareDeny());
        ctx.setCurrentStateid(next);
        return NfsResult.ok(args.op(), new NfsResult.StateidOk(next));
    }
}
