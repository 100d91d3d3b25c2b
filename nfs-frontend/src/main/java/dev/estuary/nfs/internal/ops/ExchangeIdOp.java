package dev.estuary.nfs.internal.ops;

import dev.estuary.nfs.internal.codec.NfsArgs;
import dev.estuary.nfs.internal.codec.NfsResult;

/** EXCHANGE_ID (RFC 8881 §18.35): the client record cases live in {@code ClientTable#exchangeId}. */
public final class ExchangeIdOp implements Operation<NfsArgs.ExchangeId> {
    @Override
    public NfsResult execute(OpContext ctx, NfsArgs.ExchangeId args) {
        return ctx.services().clients().exchangeId(args, ctx.clientCredential());
    }
}
