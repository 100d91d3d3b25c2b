package dev.estuary.nfs.internal.ops;

import dev.estuary.core.CheckedVolume;
import dev.estuary.dfs.Attributes;
import dev.estuary.nfs.internal.codec.NfsArgs;
import dev.estuary.nfs.internal.codec.NfsResult;
import dev.estuary.nfs.internal.codec.NfsStatus;

/**
 * LOOKUP (RFC 8881 §18.13). In the pseudo-root a name is a volume: an existing volume the export rules
 * refuse to this client is NFS4ERR_ACCESS (the mount fails with "access denied"), a missing one
 * NFS4ERR_NOENT; the new current file handle is the volume's root. In a volume the lookup goes through
 * the caller's checked view (search permission on the directory).
 */
public final class LookupOp implements Operation<NfsArgs.Lookup> {
    @Override
    public NfsResult execute(OpContext ctx, NfsArgs.Lookup args) throws NfsException {
        FileRef cur = ctx.current();
        switch (cur) {
            case FileRef.PseudoRoot r -> {
                String name = Names.component(args.objName());
                // dfs.volume answers NOT_FOUND (→ NOENT) first, so refusals never name a missing volume.
                ctx.services().exports().dfs().volume(name);
                CheckedVolume view = ctx.view(name);
                ctx.setCurrent(new FileRef.InVolume(name, view.root(), view.root()));
            }
            case FileRef.InVolume v -> {
                CheckedVolume view = ctx.view(v.volume());
                requireDirectory(view.getAttributes(v.id()));
                String name = Names.component(args.objName());
                Attributes a = view.lookup(v.id(), name);
                ctx.setCurrent(new FileRef.InVolume(v.volume(), v.volumeRoot(), a.id()));
            }
        }
        return NfsResult.of(args.op(), NfsStatus.OK);
    }

    /** NFS4ERR_SYMLINK for a symlink, NFS4ERR_NOTDIR for a file (§18.13.3, §18.14.3). */
    static void requireDirectory(Attributes a) throws NfsException {
        if (a.isSymlink()) {
            throw new NfsException(NfsStatus.SYMLINK, "current file handle: symlink " + a.id()
                    + " (expected: a directory)");
        }
        if (!a.isDirectory()) {
            throw new NfsException(NfsStatus.NOTDIR, "current file handle: " + a.type() + " " + a.id()
                    + " (expected: a directory)");
        }
    }
}
