package dev.estuary.nfs.internal.ops;

import dev.estuary.nfs.internal.codec.NfsArgs;
import dev.estuary.nfs.internal.codec.NfsResult;
import dev.estuary.nfs.internal.codec.NfsStatus;

/**
 * PUTPUBFH (RFC 8881 §18.20): there is no separate public file system (WebNFS), so the public file
 * handle is the root's, as §18.20.4 allows.
 */
public final class PutPubFhOp implements Operation<NfsArgs.PutPubFh> {
    @Override
    public NfsResult execute(OpContext ctx, NfsArgs.PutPubFh args) {
        ctx.setCurrent(new FileRef.PseudoRoot());
        return NfsResult.of(args.op(), NfsStatus.OK);
    }
}
