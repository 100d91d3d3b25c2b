package dev.estuary.nfs.internal.ops;

import dev.estuary.core.CheckedVolume;
import dev.estuary.core.NfsAccess;
import dev.estuary.core.Permission;
import dev.estuary.dfs.Attributes;
import dev.estuary.dfs.ObjectId;
import dev.estuary.dfs.Ownership;
import dev.estuary.nfs.internal.codec.NfsArgs;
import dev.estuary.nfs.internal.codec.NfsStatus;
import dev.estuary.nfs.internal.codec.Types.ChangeInfo;

/**
 * What the operations that change a volume share: the read-only guard they are registered behind, the
 * directory they change, the change_info4 they answer and the owner of what they create.
 */
final class Mutations {
    private static final int SETGID = 02000;

    private Mutations() {
    }

    /**
     * Puts the read-only check in front of a handler that changes the current file handle's object (or, for
     * RENAME and LINK, the target directory): in the pseudo-root, which no client changes, and on a volume
     * exported read-only to this client it answers NFS4ERR_ROFS before the handler runs. Never
     * NFS4ERR_ACCESS: the refusal is the file system's, not the user's permissions (RFC 8881 §15.1, ROFS),
     * and the Linux client shows EROFS for it.
     */
    static <A extends NfsArgs> Operation<A> refusingReadOnly(Operation<A> handler) {
        return (ctx, args) -> {
            requireWritable(ctx, ctx.current());
            return handler.execute(ctx, args);
        };
    }

    /**
     * @throws NfsException NFS4ERR_ROFS for the pseudo-root and for a volume exported read-only to this client
     */
    static void requireWritable(OpContext ctx, FileRef ref) throws NfsException {
        FileRef.InVolume v = volumeObject(ref);
        CheckedVolume view = ctx.view(v.volume());
        // Exports grants WRITE exactly when the export rule is rw (Exports.open).
        if (!view.caller().granted(Permission.WRITE)) {
            throw new NfsException(NfsStatus.ROFS, "volume '" + v.volume() + "': exported read-only to "
                    + ctx.call().remote() + " (expected: an rw export rule)");
        }
    }

    /**
     * @return the object of a volume {@code ref} names
     * @throws NfsException NFS4ERR_ROFS for the pseudo-root: it is changed only by exporting volumes
     */
    static FileRef.InVolume volumeObject(FileRef ref) throws NfsException {
        return switch (ref) {
            case FileRef.InVolume v -> v;
            case FileRef.PseudoRoot r -> throw new NfsException(NfsStatus.ROFS, "the pseudo-root (expected: an object"
                    + " of a volume; the pseudo-root is read-only)");
        };
    }

    /**
     * @return the attributes of {@code dir}
     * @throws NfsException NFS4ERR_NOTDIR (NFS4ERR_SYMLINK for a symlink) when it is not a directory
     */
    static Attributes directory(CheckedVolume view, FileRef.InVolume dir) throws NfsException {
        Attributes d = view.getAttributes(dir.id());
        LookupOp.requireDirectory(d);
        return d;
    }

    /**
     * The change_info4 of a directory (or, for the xattr operations, of the object) around a change: before
     * and after are the backend's change counter, moved by every change through any protocol. Never atomic:
     * the backend does not return the counter with the change it made, so a change by someone else may fall
     * between the two reads, and the client must not take after - before as this change alone (RFC 8881
     * §3.3.10).
     */
    static ChangeInfo changeInfo(long before, CheckedVolume view, ObjectId id) {
        return new ChangeInfo(false, before, view.getAttributes(id).change());
    }

    /**
     * The owner of an object the caller creates, as a Linux server gives it (mkdir(2), symlink(2)): the
     * effective uid after squashing, and the effective primary gid or, in a setgid directory, the
     * directory's group.
     *
     * @throws NfsException NFS4ERR_ACCESS when the export rules refuse the caller meanwhile
     */
    static Ownership newOwner(OpContext ctx, CheckedVolume view, Attributes dir) throws NfsException {
        int uid = view.caller().uid();
        if ((dir.mode() & SETGID) != 0) {
            return new Ownership(uid, dir.gid());
        }
        NfsAccess access = ctx.services().exports().access(view.name(), ctx.call());
        if (!(access instanceof NfsAccess.Granted g)) {
            throw new NfsException(NfsStatus.ACCESS, "volume '" + view.name() + "': " + ((NfsAccess.Refused) access)
                    .reason());
        }
        return new Ownership(uid, g.gid());
    }
}
