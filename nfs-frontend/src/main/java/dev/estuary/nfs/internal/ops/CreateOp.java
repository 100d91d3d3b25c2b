package dev.estuary.nfs.internal.ops;

import dev.estuary.core.CheckedVolume;
import dev.estuary.dfs.Attributes;
import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.Ownership;
import dev.estuary.dfs.SetAttributes;
import dev.estuary.nfs.internal.codec.Bitmap;
import dev.estuary.nfs.internal.codec.Bytes;
import dev.estuary.nfs.internal.codec.FileAttr;
import dev.estuary.nfs.internal.codec.NfsArgs;
import dev.estuary.nfs.internal.codec.NfsResult;
import dev.estuary.nfs.internal.codec.NfsStatus;
import dev.estuary.nfs.internal.codec.Types.ChangeInfo;
import java.nio.charset.CharacterCodingException;
import java.util.BitSet;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CREATE (RFC 8881 §18.4): a directory (NF4DIR) or a symlink (NF4LNK) in the current directory, which the
 * new object then replaces as the current file handle. Regular files are made by OPEN (§18.4.3). The other
 * types answer NFS4ERR_BADTYPE, which §15.1 gives for "a type not supported by the server": the backend
 * holds files, directories and symlinks only, so block and character devices, sockets and FIFOs cannot be
 * made by anyone (NFS4ERR_PERM would tell the client that another user might). createattrs: mode (for the
 * directory; a symlink is always 0777), owner and owner_group given to the backend with the object, so it
 * never exists with another owner; the times set just after. attrset names what was set: a time the
 * backend then refuses is left out rather than failing a CREATE whose object exists. The owner of a new
 * object, unless createattrs names one, is the caller's effective uid and primary gid (the directory's
 * group when it is setgid).
 */
public final class CreateOp implements Operation<NfsArgs.Create> {
    private static final Logger LOG = LoggerFactory.getLogger(CreateOp.class);

    @Override
    public NfsResult execute(OpContext ctx, NfsArgs.Create args) throws NfsException {
        FileRef.InVolume dir = Mutations.volumeObject(ctx.current());
        CheckedVolume view = ctx.view(dir.volume());
        Attributes d = Mutations.directory(view, dir);
        int type = args.objType().type();
        if (type != FileAttr.NF4DIR && type != FileAttr.NF4LNK) {
            throw new NfsException(NfsStatus.BADTYPE, "objtype: " + type + " (expected: NF4DIR (2) or NF4LNK (5);"
                    + " regular files are created by OPEN, and the backend holds no devices, sockets or FIFOs)");
        }
        String name = Names.component(args.objName());
        String target = type == FileAttr.NF4LNK ? linkText(args.objType().linkData()) : null;
        AttrChanges attrs = AttrChanges.decode(ctx, args.createAttrs(), true);
        Ownership fallback = Mutations.newOwner(ctx, view, d);
        Ownership owner = new Ownership(attrs.uid() != null ? attrs.uid() : fallback.uid(),
                attrs.gid() != null ? attrs.gid() : fallback.gid());
        long before = d.change();
        BitSet set = new BitSet();
        Attributes created;
        if (target == null) {
            Integer mode = attrs.mode();
            created = view.mkdir(dir.id(), name, mode != null ? mode : view.defaults().dirMode(), owner);
            if (mode != null) {
                set.set(FileAttr.MODE.number());
            }
        } else {
            created = view.symlink(dir.id(), name, target, owner);
        }
        if (attrs.uid() != null) {
            set.set(FileAttr.OWNER.number());
        }
        if (attrs.gid() != null) {
            set.set(FileAttr.OWNER_GROUP.number());
        }
        SetAttributes times = attrs.timesOnly(ctx.services().clients().clock().instant());
        if (!times.isEmpty()) {
            try {
                view.setAttributes(created.id(), times, attrs.timesToNow());
                set.or(attrs.timeMask().toBitSet());
            } catch (DfsException e) {
                LOG.debug("CREATE '{}': times not set: {}", name, e.getMessage());
            }
        }
        ChangeInfo cinfo = Mutations.changeInfo(before, view, dir.id());
        ctx.setCurrent(new FileRef.InVolume(dir.volume(), dir.volumeRoot(), created.id()));
        return NfsResult.ok(args.op(), new NfsResult.CreateOk(cinfo, Bitmap.of(set.stream().toArray())));
    }

    /**
     * @throws NfsException NFS4ERR_INVAL for an empty target or one that is not UTF-8 (linktext4 is a
     *     utf8str_cs, §18.4.3), NFS4ERR_NAMETOOLONG beyond the backend's path limit (checked there)
     */
    private static String linkText(@Nullable Bytes data) throws NfsException {
        if (data == null || data.length() == 0) {
            throw new NfsException(NfsStatus.INVAL, "linkdata: empty (expected: a symlink target)");
        }
        try {
            return data.utf8();
        } catch (CharacterCodingException e) {
            throw new NfsException(NfsStatus.INVAL, "linkdata: " + data + " (expected: UTF-8)");
        }
    }
}
