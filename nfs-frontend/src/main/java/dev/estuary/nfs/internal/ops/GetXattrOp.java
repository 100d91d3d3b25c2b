package dev.estuary.nfs.internal.ops;

import dev.estuary.nfs.internal.codec.Bytes;
import dev.estuary.nfs.internal.codec.NfsArgs;
import dev.estuary.nfs.internal.codec.NfsResult;
import dev.estuary.nfs.internal.codec.NfsStatus;

/**
 * GETXATTR (RFC 8276 §8.4.1): the value of one of the current object's xattrs ({@link UserXattrs}), read
 * with read permission on the object; a missing one is NFS4ERR_NOXATTR. The pseudo-root has none. A value
 * larger than the session's reply size ends the COMPOUND with NFS4ERR_REP_TOO_BIG (the COMPOUND processor).
 */
public final class GetXattrOp implements Operation<NfsArgs.GetXattr> {
    @Override
    public NfsResult execute(OpContext ctx, NfsArgs.GetXattr args) throws NfsException {
        String name = UserXattrs.backendName(args.name());
        return switch (ctx.current()) {
            case FileRef.PseudoRoot r -> throw new NfsException(NfsStatus.NOXATTR, "GETXATTR: the pseudo-root has"
                    + " no xattrs");
            case FileRef.InVolume v -> NfsResult.ok(args.op(),
                    new NfsResult.GetXattrOk(Bytes.of(ctx.view(v.volume()).getXattr(v.id(), name))));
        };
    }
}
