package dev.estuary.nfs.internal.ops;

import dev.estuary.nfs.internal.codec.NfsArgs;
import dev.estuary.nfs.internal.codec.NfsResult;
import dev.estuary.nfs.internal.codec.NfsStatus;

/** RESTOREFH (RFC 8881 §18.27): the current file handle becomes the saved one; none saved is NFS4ERR_RESTOREFH. */
public final class RestoreFhOp implements Operation<NfsArgs.RestoreFh> {
    @Override
    public NfsResult execute(OpContext ctx, NfsArgs.RestoreFh args) throws NfsException {
        FileRef saved = ctx.saved();
        if (saved == null) {
            throw new NfsException(NfsStatus.RESTOREFH, "saved file handle: none (expected: SAVEFH before)");
        }
        ctx.setCurrent(saved);
        return NfsResult.of(args.op(), NfsStatus.OK);
    }
}
