package dev.estuary.nfs.internal.ops;

import dev.estuary.core.CheckedVolume;
import dev.estuary.dfs.Attributes;
import dev.estuary.nfs.internal.codec.NfsArgs;
import dev.estuary.nfs.internal.codec.NfsResult;
import dev.estuary.nfs.internal.codec.NfsStatus;

/**
 * LINK (RFC 8881 §18.9): a second name for the saved object in the current directory. The backend contract
 * has no hard links (an object has one name, {@code Attributes.linkCount}; {@code Volume.link} only
 * publishes an object created without a name), as DAOS's DFS has none, so after the checks §18.9.3 lists
 * (both handles, the same volume (NFS4ERR_XDEV), a directory target, a non-directory source (NFS4ERR_ISDIR),
 * the new name) the answer is NFS4ERR_NOTSUPP, and link_support is FALSE so clients know before trying.
 */
public final class LinkOp implements Operation<NfsArgs.Link> {
    @Override
    public NfsResult execute(OpContext ctx, NfsArgs.Link args) throws NfsException {
        FileRef.InVolume dir = Mutations.volumeObject(ctx.current());
        FileRef saved = ctx.saved();
        if (saved == null) {
            throw new NfsException(NfsStatus.NOFILEHANDLE, "saved file handle: none (expected: SAVEFH of the object"
                    + " to link before LINK)");
        }
        if (saved instanceof FileRef.PseudoRoot) {
            throw new NfsException(NfsStatus.ISDIR, "LINK: the pseudo-root (expected: a file or symlink)");
        }
        FileRef.InVolume object = (FileRef.InVolume) saved;
        if (!object.volumeRoot().equals(dir.volumeRoot())) {
            throw new NfsException(NfsStatus.XDEV, "LINK: object of volume '" + object.volume() + "' into volume '"
                    + dir.volume() + "' (expected: the same volume)");
        }
        CheckedVolume view = ctx.view(dir.volume());
        Mutations.directory(view, dir);
        Attributes a = view.getAttributes(object.id());
        if (a.isDirectory()) {
            throw new NfsException(NfsStatus.ISDIR, "LINK: directory " + a.id() + " (expected: a file or symlink)");
        }
        String name = Names.component(args.newName());
        throw new NfsException(NfsStatus.NOTSUPP, "LINK '" + name + "' to " + a.id() + ": the backend has no hard"
                + " links (expected: link_support FALSE to be heeded)");
    }
}
