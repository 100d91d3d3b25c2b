package dev.estuary.nfs.internal.ops;

import dev.estuary.nfs.internal.codec.NfsArgs;
import dev.estuary.nfs.internal.codec.NfsResult;
import dev.estuary.nfs.internal.codec.NfsStatus;

/**
 * RESTOREFH (RFC 8881 §18.27): the saved file handle becomes the current one, and the saved stateid the
 * current stateid (§16.2.3.1.2); none saved is NFS4ERR_RESTOREFH.
 */
public final class RestoreFhOp implements Operation<NfsArgs.RestoreFh> {
    @Override
    public NfsResult execute(OpContext ctx, NfsArgs.RestoreFh args) throws NfsException {
        FileRef saved = ctx.saved();
        if (saved == null) {
            throw new NfsException(NfsStatus.RESTOREFH, "saved file handle: none (expected: SAVEFH before)");
        }
        ctx.setCurrent(saved);
        ctx.setCurrentStateid(ctx.savedStateid());
        return NfsResult.of(args.op(), NfsStatus.OK);
    }
}
