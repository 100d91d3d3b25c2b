package dev.estuary.nfs.internal.ops;

import dev.estuary.core.CheckedVolume;
import dev.estuary.dfs.Attributes;
import dev.estuary.dfs.FileHandle;
import dev.estuary.dfs.OpenMode;
import dev.estuary.nfs.internal.codec.NfsArgs;
import dev.estuary.nfs.internal.codec.NfsResult;
import dev.estuary.nfs.internal.codec.NfsStatus;

/**
 * COMMIT (RFC 8881 §18.3): makes the current file's UNSTABLE4 writes durable and answers the write
 * verifier. The whole file is synced whatever range is named (§18.3.4 allows it; the backend syncs files,
 * not ranges). COMMIT carries no stateid: the file is opened for this one operation through the caller's
 * view, read access being enough (a file opened read-write may have mode 0200 or 0400).
 */
public final class CommitOp implements Operation<NfsArgs.Commit> {
    @Override
    public NfsResult execute(OpContext ctx, NfsArgs.Commit args) throws NfsException {
        FileRef.InVolume file = DataIo.currentFile(ctx);
        if (DataIo.overflows(args.offset(), Integer.toUnsignedLong(args.count()))) {
            throw new NfsException(NfsStatus.INVAL, "COMMIT: offset " + Long.toUnsignedString(args.offset())
                    + " + count " + Integer.toUnsignedString(args.count()) + " (expected: <= 2^64 - 1, §18.3.3)");
        }
        try (FileHandle h = open(ctx, file)) {
            h.sync();
        }
        return NfsResult.ok(args.op(), new NfsResult.CommitOk(ctx.services().writeVerifier().value()));
    }

    /**
     * Opens the file for the sync: for reading when the caller may read it, else for writing (who wrote
     * UNSTABLE4 data may write the file, not necessarily read it).
     */
    private static FileHandle open(OpContext ctx, FileRef.InVolume file) throws NfsException {
        CheckedVolume view = ctx.view(file.volume());
        Attributes a = view.getAttributes(file.id());
        if (view.mayRead(a)) {
            return view.open(file.id(), OpenMode.READ);
        }
        return view.open(file.id(), OpenMode.WRITE);
    }
}
