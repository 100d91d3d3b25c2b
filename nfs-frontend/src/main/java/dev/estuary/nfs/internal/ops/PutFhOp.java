package dev.estuary.nfs.internal.ops;

import dev.estuary.dfs.Attributes;
import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.ErrorKind;
import dev.estuary.nfs.internal.codec.NfsArgs;
import dev.estuary.nfs.internal.codec.NfsResult;
import dev.estuary.nfs.internal.codec.NfsStatus;

/**
 * PUTFH (RFC 8881 §18.19): a handle this server did not make is NFS4ERR_BADHANDLE; one whose volume or
 * object no longer exists is NFS4ERR_STALE (checked now, so the client learns it at the first
 * operation); a volume the client may no longer use is NFS4ERR_ACCESS.
 */
public final class PutFhOp implements Operation<NfsArgs.PutFh> {
    @Override
    public NfsResult execute(OpContext ctx, NfsArgs.PutFh args) throws NfsException {
        FileHandles.Decoded d = FileHandles.decode(args.object());
        switch (d) {
            case FileHandles.Decoded.Root r -> ctx.setCurrent(new FileRef.PseudoRoot());
            case FileHandles.Decoded.InVolume o -> {
                String volume = ctx.services().exports().volumeName(o.volumeRoot());
                FileRef.InVolume v = new FileRef.InVolume(volume, o.volumeRoot(), o.id());
                Attributes a;
                try {
                    a = ctx.view(volume).getAttributes(o.id());
                } catch (DfsException e) {
                    if (e.kind() == ErrorKind.NOT_FOUND || e.kind() == ErrorKind.STALE) {
                        throw new NfsException(NfsStatus.STALE, "handle: object " + o.id() + " of volume '" + volume
                                + "' is gone");
                    }
                    throw e;
                }
                ctx.setCurrent(v, a.type());
            }
        }
        return NfsResult.of(args.op(), NfsStatus.OK);
    }
}
