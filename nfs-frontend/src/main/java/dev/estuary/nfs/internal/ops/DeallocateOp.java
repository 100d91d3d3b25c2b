package dev.estuary.nfs.internal.ops;

import dev.estuary.nfs.internal.codec.NfsArgs;
import dev.estuary.nfs.internal.codec.NfsResult;
import dev.estuary.nfs.internal.codec.NfsStatus;

/**
 * DEALLOCATE (RFC 7862 §15.4): punches {@code [offset, offset + length)} of the current file into a hole
 * that reads as zeros; the size never changes (§15.4.3: a range past the end deallocates nothing). A
 * backend without holes answers NFS4ERR_NOTSUPP through the error table.
 */
public final class DeallocateOp implements Operation<NfsArgs.Deallocate> {
    @Override
    public NfsResult execute(OpContext ctx, NfsArgs.Deallocate args) throws NfsException {
        FileRef.InVolume file = DataIo.currentFile(ctx);
        DataIo.requireRange(args.offset(), args.length(), "DEALLOCATE");
        try (IoAccess io = ctx.services().stateIds().checkIo(ctx, args.stateid(), file, IoKind.WRITE, args.offset(),
                args.length())) {
            io.handle().punchHole(args.offset(), args.length());
        }
        return NfsResult.of(args.op(), NfsStatus.OK);
    }
}
