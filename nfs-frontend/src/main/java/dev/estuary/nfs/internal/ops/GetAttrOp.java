package dev.estuary.nfs.internal.ops;

import dev.estuary.nfs.internal.codec.NfsArgs;
import dev.estuary.nfs.internal.codec.NfsResult;
import dev.estuary.nfs.internal.codec.NfsStatus;

/**
 * GETATTR (RFC 8881 §18.7): the supported attributes asked for, from the backend ({@link Attrs});
 * asking for a write-only attribute is NFS4ERR_INVAL (§18.7.3).
 */
public final class GetAttrOp implements Operation<NfsArgs.GetAttr> {
    @Override
    public NfsResult execute(OpContext ctx, NfsArgs.GetAttr args) throws NfsException {
        FileRef cur = ctx.current();
        if (Attrs.intersects(args.attrRequest(), Attrs.WRITE_ONLY)) {
            throw new NfsException(NfsStatus.INVAL, "attr_request: " + args.attrRequest()
                    + " (expected: no write-only attribute such as time_modify_set)");
        }
        Attrs.Source s = Attrs.source(ctx, cur);
        return NfsResult.ok(args.op(), new NfsResult.GetAttrOk(Attrs.values(ctx, s, args.attrRequest()).encode()));
    }
}
