package dev.estuary.nfs.internal.ops;

import dev.estuary.nfs.internal.codec.NfsArgs;
import dev.estuary.nfs.internal.codec.NfsResult;
import dev.estuary.nfs.internal.codec.NfsStatus;

/** NVERIFY (RFC 8881 §18.15): NFS4ERR_SAME when every given value equals the object's, else OK. */
public final class NVerifyOp implements Operation<NfsArgs.NVerify> {
    @Override
    public NfsResult execute(OpContext ctx, NfsArgs.NVerify args) throws NfsException {
        Attrs.Source s = Attrs.source(ctx, ctx.current());
        return NfsResult.of(args.op(), Attrs.matches(ctx, s, args.objAttributes()) ? NfsStatus.SAME : NfsStatus.OK);
    }
}
