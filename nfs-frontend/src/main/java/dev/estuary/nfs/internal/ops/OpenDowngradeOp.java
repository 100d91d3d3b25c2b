package dev.estuary.nfs.internal.ops;

import dev.estuary.nfs.internal.codec.NfsArgs;
import dev.estuary.nfs.internal.codec.NfsResult;
import dev.estuary.nfs.internal.codec.NfsStatus;
import dev.estuary.nfs.internal.codec.Types.Stateid;
import dev.estuary.nfs.internal.state.Share;
import dev.estuary.nfs.internal.state.StateException;

/**
 * OPEN_DOWNGRADE (RFC 8881 §18.18): narrows the open's share access and deny, in the backend reservation
 * too, to values an OPEN of it asked; the new stateid is also the current one. OPEN4_SHARE_ACCESS_WANT_*
 * bits are ignored (there is no delegation to change), as knfsd does; other bits are NFS4ERR_INVAL. The
 * seqid argument is unused in NFSv4.1.
 */
public final class OpenDowngradeOp implements Operation<NfsArgs.OpenDowngrade> {
    @Override
    public NfsResult execute(OpContext ctx, NfsArgs.OpenDowngrade args) throws NfsException, StateException {
        int access = args.shareAccess() & Share.BOTH;
        int want = args.shareAccess() & OpenOp.WANT_MASK;
        if ((args.shareAccess() & ~(Share.BOTH | OpenOp.WANT_MASK | OpenOp.WANT_FLAGS)) != 0 || access == 0
                || want > OpenOp.WANT_CANCEL || args.shareDeny() < 0 || args.shareDeny() > Share.BOTH) {
            throw new NfsException(NfsStatus.INVAL, "share_access/share_deny: 0x"
                    + Integer.toHexString(args.shareAccess()) + "/" + args.shareDeny()
                    + " (expected: READ, WRITE or BOTH, and a deny of NONE, READ, WRITE or BOTH)");
        }
        Stateid sid = SpecialStateids.resolveCurrent(ctx, args.openStateid());
        Stateid next = ctx.services().state().downgrade(StateOps.client(ctx), sid, StateOps.key(StateOps.file(ctx)),
                access, args.shareDeny());
        ctx.setCurrentStateid(next);
        return NfsResult.ok(args.op(), new NfsResult.StateidOk(next));
    }
}
