package dev.estuary.nfs.internal.ops;

import dev.estuary.core.CheckedVolume;
import dev.estuary.nfs.internal.codec.NfsArgs;
import dev.estuary.nfs.internal.codec.NfsResult;

/**
 * REMOVEXATTR (RFC 8276 §8.4.4): removes one of the current object's xattrs ({@link UserXattrs}) with write
 * permission on it; a missing one is NFS4ERR_NOXATTR. Answers the object's change_info4.
 */
public final class RemoveXattrOp implements Operation<NfsArgs.RemoveXattr> {
    @Override
    public NfsResult execute(OpContext ctx, NfsArgs.RemoveXattr args) throws NfsException {
        FileRef.InVolume v = Mutations.volumeObject(ctx.current());
        String name = UserXattrs.backendName(args.name());
        CheckedVolume view = ctx.view(v.volume());
        long before = view.getAttributes(v.id()).change();
        view.removeXattr(v.id(), name);
        return NfsResult.ok(args.op(), new NfsResult.ChangeInfoOk(Mutations.changeInfo(before, view, v.id())));
    }
}
