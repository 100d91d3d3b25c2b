package dev.estuary.nfs.internal.ops;

import dev.estuary.nfs.internal.codec.NfsArgs;
import dev.estuary.nfs.internal.codec.NfsResult;
import dev.estuary.nfs.internal.codec.NfsStatus;

/** PUTROOTFH (RFC 8881 §18.21): the current file handle becomes the pseudo-root (§7.3). */
public final class PutRootFhOp implements Operation<NfsArgs.PutRootFh> {
    @Override
    public NfsResult execute(OpContext ctx, NfsArgs.PutRootFh args) {
        ctx.setCurrent(new FileRef.PseudoRoot());
        return NfsResult.of(args.op(), NfsStatus.OK);
    }
}
