package dev.estuary.nfs.internal.ops;

import dev.estuary.nfs.internal.codec.NfsArgs;
import dev.estuary.nfs.internal.codec.NfsResult;

/** BIND_CONN_TO_SESSION (RFC 8881 §18.34), basic: see {@code ClientTable#bindConnection}. */
public final class BindConnToSessionOp implements Operation<NfsArgs.BindConnToSession> {
    @Override
    public NfsResult execute(OpContext ctx, NfsArgs.BindConnToSession args) {
        return ctx.services().clients().bindConnection(args);
    }
}
