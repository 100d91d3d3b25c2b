package dev.estuary.nfs.internal.ops;

import dev.estuary.nfs.internal.codec.NfsArgs;
import dev.estuary.nfs.internal.codec.NfsResult;
import dev.estuary.nfs.internal.codec.NfsStatus;

/**
 * ALLOCATE (RFC 7862 §15.1): reserves storage for {@code [offset, offset + length)} of the current file so
 * later writes there cannot fail for lack of space; the file grows to the end of the range if it is
 * smaller (§15.1.3: as posix_fallocate). A backend without the facet answers NFS4ERR_NOTSUPP through the
 * error table, so the Linux client stops asking (notes/nfs.md §2.1).
 */
public final class AllocateOp implements Operation<NfsArgs.Allocate> {
    @Override
    public NfsResult execute(OpContext ctx, NfsArgs.Allocate args) throws NfsException {
        FileRef.InVolume file = DataIo.currentFile(ctx);
        DataIo.requireRange(args.offset(), args.length(), "ALLOCATE");
        try (IoAccess io = ctx.services().stateIds().checkIo(ctx, args.stateid(), file, IoKind.WRITE, args.offset(),
                args.length())) {
            io.handle().allocate(args.offset(), args.length(), false);
        }
        return NfsResult.of(args.op(), NfsStatus.OK);
    }
}
