package dev.estuary.nfs.internal.ops;

import dev.estuary.core.CheckedVolume;
import dev.estuary.dfs.Attributes;
import dev.estuary.nfs.internal.codec.Bytes;
import dev.estuary.nfs.internal.codec.NfsArgs;
import dev.estuary.nfs.internal.codec.NfsResult;
import dev.estuary.nfs.internal.codec.NfsStatus;

/** READLINK (RFC 8881 §18.24): the target of a symlink; anything else is NFS4ERR_INVAL (§18.24.3). */
public final class ReadLinkOp implements Operation<NfsArgs.ReadLink> {
    @Override
    public NfsResult execute(OpContext ctx, NfsArgs.ReadLink args) throws NfsException {
        if (!(ctx.current() instanceof FileRef.InVolume v)) {
            throw new NfsException(NfsStatus.INVAL, "READLINK: the pseudo-root (expected: a symlink)");
        }
        CheckedVolume view = ctx.view(v.volume());
        Attributes a = view.getAttributes(v.id());
        if (!a.isSymlink()) {
            throw new NfsException(NfsStatus.INVAL, "READLINK: " + a.type() + " " + a.id() + " (expected: a symlink)");
        }
        return NfsResult.ok(args.op(), new NfsResult.ReadLinkOk(Bytes.utf8(view.readlink(v.id()))));
    }
}
