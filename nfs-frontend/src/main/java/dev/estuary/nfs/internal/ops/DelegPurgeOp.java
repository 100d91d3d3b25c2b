package dev.estuary.nfs.internal.ops;

import dev.estuary.nfs.internal.codec.NfsArgs;
import dev.estuary.nfs.internal.codec.NfsResult;
import dev.estuary.nfs.internal.codec.NfsStatus;

/**
 * DELEGPURGE (RFC 8881 §18.5): purges delegations awaiting reclaim with CLAIM_DELEGATE_PREV, which only a
 * server that supports that claim keeps; this one grants no delegation and answers NFS4ERR_NOTSUPP, as
 * §18.5.3 says such a server does.
 */
public final class DelegPurgeOp implements Operation<NfsArgs.DelegPurge> {
    @Override
    public NfsResult execute(OpContext ctx, NfsArgs.DelegPurge args) throws NfsException {
        StateOps.client(ctx);
        throw new NfsException(NfsStatus.NOTSUPP, "DELEGPURGE (expected: none, this server keeps no delegations"
                + " for CLAIM_DELEGATE_PREV)");
    }
}
