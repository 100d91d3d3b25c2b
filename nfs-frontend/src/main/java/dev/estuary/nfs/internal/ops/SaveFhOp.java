package dev.estuary.nfs.internal.ops;

import dev.estuary.nfs.internal.codec.NfsArgs;
import dev.estuary.nfs.internal.codec.NfsResult;
import dev.estuary.nfs.internal.codec.NfsStatus;

/**
 * SAVEFH (RFC 8881 §18.28): the current file handle is saved, and the current stateid with it
 * (§16.2.3.1.2).
 */
public final class SaveFhOp implements Operation<NfsArgs.SaveFh> {
    @Override
    public NfsResult execute(OpContext ctx, NfsArgs.SaveFh args) throws NfsException {
        ctx.setSaved(ctx.current());
        ctx.setSavedStateid(ctx.currentStateid());
        return NfsResult.of(args.op(), NfsStatus.OK);
    }
}
