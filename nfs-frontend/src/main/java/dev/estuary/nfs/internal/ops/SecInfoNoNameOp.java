package dev.estuary.nfs.internal.ops;

import dev.estuary.nfs.internal.codec.NfsArgs;
import dev.estuary.nfs.internal.codec.NfsResult;
import dev.estuary.nfs.internal.codec.NfsStatus;

/**
 * SECINFO_NO_NAME (RFC 8881 §18.45): the flavors of the current object (style 0, what Linux sends after
 * PUTROOTFH at mount, notes/nfs.md §2.1) or of its parent (style 1; the pseudo-root has none:
 * NFS4ERR_NOENT). Consumes the current file handle, as SECINFO does.
 */
public final class SecInfoNoNameOp implements Operation<NfsArgs.SecInfoNoName> {
    /** SECINFO_STYLE4_CURRENT_FH. */
    public static final int CURRENT_FH = 0;
    /** SECINFO_STYLE4_PARENT. */
    public static final int PARENT = 1;

    @Override
    public NfsResult execute(OpContext ctx, NfsArgs.SecInfoNoName args) throws NfsException {
        FileRef cur = ctx.current();
        switch (args.style()) {
            case CURRENT_FH -> {
                if (cur instanceof FileRef.InVolume v) {
                    ctx.view(v.volume()).getAttributes(v.id());
                }
            }
            case PARENT -> {
                if (cur instanceof FileRef.PseudoRoot) {
                    throw new NfsException(NfsStatus.NOENT, "SECINFO_NO_NAME: the pseudo-root has no parent");
                }
                new LookupPOp().execute(ctx, new NfsArgs.LookupP());
            }
            default -> throw new NfsException(NfsStatus.INVAL, "secinfo_style4: " + args.style()
                    + " (expected: 0 current fh or 1 parent)");
        }
        ctx.setCurrent(null);
        return NfsResult.ok(args.op(), SecInfoFlavors.FLAVORS);
    }
}
