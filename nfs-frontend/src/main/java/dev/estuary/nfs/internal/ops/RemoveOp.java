package dev.estuary.nfs.internal.ops;

import dev.estuary.core.CheckedVolume;
import dev.estuary.dfs.Attributes;
import dev.estuary.dfs.RemoveKind;
import dev.estuary.nfs.internal.codec.NfsArgs;
import dev.estuary.nfs.internal.codec.NfsResult;

/**
 * REMOVE (RFC 8881 §18.25): a file, symlink or empty directory of the current directory; a directory with
 * entries is NFS4ERR_NOTEMPTY. The caller needs write and search permission on the directory and, in a
 * sticky one, to own the entry or the directory (the POSIX checker). A removed file stays readable through
 * opens that hold it (the backend keeps it until the last handle closes). The answer carries the
 * directory's change_info4.
 */
public final class RemoveOp implements Operation<NfsArgs.Remove> {
    @Override
    public NfsResult execute(OpContext ctx, NfsArgs.Remove args) throws NfsException {
        FileRef.InVolume dir = Mutations.volumeObject(ctx.current());
        CheckedVolume view = ctx.view(dir.volume());
        Attributes d = Mutations.directory(view, dir);
        String name = Names.component(args.target());
        view.remove(dir.id(), name, RemoveKind.ANY);
        return NfsResult.ok(args.op(), new NfsResult.ChangeInfoOk(Mutations.changeInfo(d.change(), view, dir.id())));
    }
}
