package dev.estuary.nfs.internal.ops;

import dev.estuary.core.CheckedVolume;
import dev.estuary.dfs.Attributes;
import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.RenameMode;
import dev.estuary.nfs.internal.codec.NfsArgs;
import dev.estuary.nfs.internal.codec.NfsResult;
import dev.estuary.nfs.internal.codec.NfsStatus;
import dev.estuary.nfs.internal.codec.Types.ChangeInfo;

/**
 * RENAME (RFC 8881 §18.26): oldname in the saved directory becomes newname in the current one, atomically
 * in the backend. An existing target is replaced when compatible: a non-directory by a non-directory, a
 * directory by a directory that is empty; otherwise NFS4ERR_EXIST, which §18.26.3 asks for both a type
 * mismatch and a target directory with entries (the backend's NOT_DIRECTORY, IS_DIRECTORY and NOT_EMPTY).
 * Renaming an entry onto itself does nothing and succeeds; moving a directory into its own subtree is
 * NFS4ERR_INVAL; across volumes (or out of the pseudo-root) NFS4ERR_XDEV. Both directories' change_info4
 * are answered.
 */
public final class RenameOp implements Operation<NfsArgs.Rename> {
    @Override
    public NfsResult execute(OpContext ctx, NfsArgs.Rename args) throws NfsException {
        FileRef.InVolume target = Mutations.volumeObject(ctx.current());
        FileRef saved = ctx.saved();
        if (saved == null) {
            throw new NfsException(NfsStatus.NOFILEHANDLE, "saved file handle: none (expected: SAVEFH of the source"
                    + " directory before RENAME)");
        }
        if (!(saved instanceof FileRef.InVolume source) || !source.volumeRoot().equals(target.volumeRoot())) {
            throw new NfsException(NfsStatus.XDEV, "RENAME: from " + saved + " to volume '" + target.volume()
                    + "' (expected: both directories in one volume)");
        }
        CheckedVolume view = ctx.view(target.volume());
        Attributes from = Mutations.directory(view, source);
        Attributes to = Mutations.directory(view, target);
        String oldName = Names.component(args.oldName());
        String newName = Names.component(args.newName());
        try {
            view.rename(source.id(), oldName, target.id(), newName, RenameMode.REPLACE);
        } catch (DfsException e) {
            switch (e.kind()) {
                case NOT_DIRECTORY, IS_DIRECTORY, NOT_EMPTY -> throw new NfsException(NfsStatus.EXIST, "RENAME '"
                        + oldName + "' over '" + newName + "': " + e.getMessage() + " (RFC 8881 §18.26.3)");
                default -> throw e;
            }
        }
        ChangeInfo sourceInfo = Mutations.changeInfo(from.change(), view, source.id());
        ChangeInfo targetInfo = source.id().equals(target.id()) ? sourceInfo
                : Mutations.changeInfo(to.change(), view, target.id());
        return NfsResult.ok(args.op(), new NfsResult.RenameOk(sourceInfo, targetInfo));
    }
}
