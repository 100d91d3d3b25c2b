package dev.estuary.nfs.internal.ops;

import dev.estuary.nfs.internal.codec.NfsArgs;
import dev.estuary.nfs.internal.codec.NfsResult;
import dev.estuary.nfs.internal.codec.NfsStatus;

/** SAVEFH (RFC 8881 §18.28): the saved file handle becomes the current one. */
public final class SaveFhOp implements Operation<NfsArgs.SaveFh> {
    @Override
    public NfsResult execute(OpContext ctx, NfsArgs.SaveFh args) throws NfsException {
        ctx.setSaved(ctx.current());
        return NfsResult.of(args.op(), NfsStatus.OK);
    }
}
