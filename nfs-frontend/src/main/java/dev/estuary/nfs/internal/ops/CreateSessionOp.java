package dev.estuary.nfs.internal.ops;

import dev.estuary.nfs.internal.codec.NfsArgs;
import dev.estuary.nfs.internal.codec.NfsResult;

/** CREATE_SESSION (RFC 8881 §18.36): sequence, confirmation and channel attributes in {@code ClientTable#createSession}. */
public final class CreateSessionOp implements Operation<NfsArgs.CreateSession> {
    @Override
    public NfsResult execute(OpContext ctx, NfsArgs.CreateSession args) {
        NfsResult r = ctx.services().clients().createSession(args, ctx.clientCredential());
        if (r.body() instanceof NfsResult.CreateSessionOk ok) {
            // The connection CREATE_SESSION arrived on is the new session's first (RFC 8881 §18.36.3).
            ctx.services().clients().associate(ok.sessionId(), ctx.call().remote());
        }
        return r;
    }
}
