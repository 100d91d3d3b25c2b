package dev.estuary.nfs.internal.ops;

import dev.estuary.nfs.internal.codec.NfsArgs;
import dev.estuary.nfs.internal.codec.NfsResult;
import dev.estuary.nfs.internal.codec.NfsStatus;

/** VERIFY (RFC 8881 §18.31): OK when every given value equals the object's, else NFS4ERR_NOT_SAME. */
public final class VerifyOp implements Operation<NfsArgs.Verify> {
    @Override
    public NfsResult execute(OpContext ctx, NfsArgs.Verify args) throws NfsException {
        Attrs.Source s = Attrs.source(ctx, ctx.current());
        return NfsResult.of(args.op(), Attrs.matches(ctx, s, args.objAttributes()) ? NfsStatus.OK : NfsStatus.NOT_SAME);
    }
}
