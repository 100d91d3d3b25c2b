package dev.estuary.nfs.internal.ops;

import dev.estuary.core.CheckedVolume;
import dev.estuary.dfs.Limits;
import dev.estuary.dfs.XattrMode;
import dev.estuary.nfs.internal.codec.NfsArgs;
import dev.estuary.nfs.internal.codec.NfsResult;
import dev.estuary.nfs.internal.codec.NfsStatus;

/**
 * SETXATTR (RFC 8276 §8.4.2): sets one of the current object's xattrs ({@link UserXattrs}) with write
 * permission on it. SETXATTR4_CREATE on an existing name is NFS4ERR_EXIST, SETXATTR4_REPLACE on a missing one
 * NFS4ERR_NOXATTR, SETXATTR4_EITHER does either; a value beyond the backend's limit is NFS4ERR_XATTR2BIG,
 * checked before the backend sees it. Answers the object's change_info4.
 */
public final class SetXattrOp implements Operation<NfsArgs.SetXattr> {
    /** setxattr_option4 SETXATTR4_EITHER. */
    public static final int EITHER = 0;
    /** setxattr_option4 SETXATTR4_CREATE. */
    public static final int CREATE = 1;
    /** setxattr_option4 SETXATTR4_REPLACE. */
    public static final int REPLACE = 2;

    @Override
    public NfsResult execute(OpContext ctx, NfsArgs.SetXattr args) throws NfsException {
        FileRef.InVolume v = Mutations.volumeObject(ctx.current());
        XattrMode mode = switch (args.option()) {
            case EITHER -> XattrMode.UPSERT;
            case CREATE -> XattrMode.CREATE;
            case REPLACE -> XattrMode.REPLACE;
            // An enum value outside setxattr_option4 does not decode (RFC 4506 §4.3).
            default -> throw new NfsException(NfsStatus.BADXDR, "sxa_option: " + args.option()
                    + " (expected: 0 EITHER, 1 CREATE or 2 REPLACE)");
        };
        String name = UserXattrs.backendName(args.key());
        if (args.value().length() > Limits.MAX_XATTR_VALUE_BYTES) {
            throw new NfsException(NfsStatus.XATTR2BIG, "xattr value: " + args.value().length() + " bytes (expected:"
                    + " at most " + Limits.MAX_XATTR_VALUE_BYTES + ")");
        }
        CheckedVolume view = ctx.view(v.volume());
        long before = view.getAttributes(v.id()).change();
        view.setXattr(v.id(), name, args.value().toArray(), mode);
        return NfsResult.ok(args.op(), new NfsResult.ChangeInfoOk(Mutations.changeInfo(before, view, v.id())));
    }
}
