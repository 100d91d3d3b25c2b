package dev.estuary.nfs.internal.ops;

import dev.estuary.nfs.internal.codec.NfsArgs;
import dev.estuary.nfs.internal.codec.NfsResult;

/** GETFH (RFC 8881 §18.8): the current file handle. */
public final class GetFhOp implements Operation<NfsArgs.GetFh> {
    @Override
    public NfsResult execute(OpContext ctx, NfsArgs.GetFh args) throws NfsException {
        return NfsResult.ok(args.op(), new NfsResult.GetFhOk(FileHandles.encode(ctx.current())));
    }
}
