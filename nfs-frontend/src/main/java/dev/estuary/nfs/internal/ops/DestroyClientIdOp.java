package dev.estuary.nfs.internal.ops;

import dev.estuary.nfs.internal.codec.NfsArgs;
import dev.estuary.nfs.internal.codec.NfsResult;

/** DESTROY_CLIENTID (RFC 8881 §18.50): a client with sessions is NFS4ERR_CLIENTID_BUSY. */
public final class DestroyClientIdOp implements Operation<NfsArgs.DestroyClientId> {
    @Override
    public NfsResult execute(OpContext ctx, NfsArgs.DestroyClientId args) {
        return NfsResult.of(args.op(), ctx.services().clients().destroyClientId(args.clientId()));
    }
}
