package dev.estuary.nfs.internal.ops;

import dev.estuary.core.CheckedVolume;
import dev.estuary.dfs.Attributes;
import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.SetAttributes;
import dev.estuary.nfs.internal.codec.Bitmap;
import dev.estuary.nfs.internal.codec.FileAttr;
import dev.estuary.nfs.internal.codec.NfsArgs;
import dev.estuary.nfs.internal.codec.NfsResult;
import dev.estuary.nfs.internal.codec.NfsStatus;
import dev.estuary.nfs.internal.codec.OpCode;
import dev.estuary.nfs.internal.codec.Types.Stateid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SETATTR (RFC 8881 §18.30). Everything is decoded and checked first ({@link AttrChanges}), so a bad value
 * changes nothing. Then the size, which changes the file's bytes and so goes through the stateid like a
 * WRITE (§18.30.3: the same locking and share-reservation rules) and the handle {@link StateIds#checkIo}
 * grants; then mode, owner, group and times in one backend change, checked by the POSIX checker (chmod by
 * the owner or root, chown to another user by root only, chgrp to one of the caller's groups, explicit
 * times by the owner, server time by anyone who may write). The stateid is only used for the size: for
 * the other attributes §18.30.3 lets a client pass the anonymous stateid, and they change no data.
 * attrsset names what was set, on success and on failure (§18.30.4: a failure after the size was set
 * still reports the size).
 */
public final class SetAttrOp implements Operation<NfsArgs.SetAttr> {
    private static final Logger LOG = LoggerFactory.getLogger(SetAttrOp.class);

    @Override
    public NfsResult execute(OpContext ctx, NfsArgs.SetAttr args) throws NfsException {
        FileRef.InVolume file = Mutations.volumeObject(ctx.current());
        CheckedVolume view = ctx.view(file.volume());
        AttrChanges changes = AttrChanges.decode(ctx, args.objAttributes(), false);
        Attributes a = view.getAttributes(file.id());
        Long size = changes.size();
        if (size != null) {
            switch (a.type()) {
                case FILE -> { }
                case DIRECTORY -> throw new NfsException(NfsStatus.ISDIR, "size: of directory " + a.id()
                        + " (expected: a regular file)");
                case SYMLINK -> throw new NfsException(NfsStatus.INVAL, "size: of symlink " + a.id()
                        + " (expected: a regular file)");
            }
        }
        boolean sizeSet = false;
        try {
            if (size != null) {
                truncate(ctx, args.stateid(), file, a.size(), size);
                sizeSet = true;
            }
            SetAttributes rest = changes.withoutSize(ctx.services().clients().clock().instant(), a);
            if (!rest.isEmpty()) {
                view.setAttributes(file.id(), rest, changes.timesToNow());
            }
        } catch (NfsException e) {
            return failed(e.status(), e.getMessage(), sizeSet);
        } catch (DfsException e) {
            return failed(NfsErrors.status(e.kind()), e.getMessage(), sizeSet);
        }
        return NfsResult.ok(args.op(), new NfsResult.AttrsSet(changes.mask()));
    }

    /** Truncates or extends through the stateid seam, over the bytes the change touches. */
    private static void truncate(OpContext ctx, Stateid stateid, FileRef.InVolume file, long oldSize, long newSize)
            throws NfsException {
        long from = Math.min(oldSize, newSize);
        try (IoAccess io = ctx.services().stateIds().checkIo(ctx, stateid, file, IoKind.WRITE, from,
                Long.MAX_VALUE - from)) {
            io.handle().truncate(newSize);
        }
    }

    private static NfsResult failed(NfsStatus status, String message, boolean sizeSet) {
        LOG.debug("SETATTR: {}: {}", status, message);
        Bitmap set = sizeSet ? Bitmap.of(FileAttr.SIZE.number()) : Bitmap.EMPTY;
        return new NfsResult(OpCode.SETATTR, status, new NfsResult.AttrsSet(set));
    }
}
