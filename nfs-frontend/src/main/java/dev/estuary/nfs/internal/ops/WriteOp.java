package dev.estuary.nfs.internal.ops;

import dev.estuary.dfs.FileHandle;
import dev.estuary.nfs.internal.codec.NfsArgs;
import dev.estuary.nfs.internal.codec.NfsResult;
import dev.estuary.nfs.internal.codec.NfsStatus;

/**
 * WRITE (RFC 8881 §18.32): the data at {@code offset} of the current file, through the handle the stateid
 * grants. UNSTABLE4 is acknowledged once the backend has the bytes (COMMIT makes them durable);
 * DATA_SYNC4 and FILE_SYNC4 are made durable before the reply, and {@code committed} says what was done.
 * The verifier is this server instance's, as COMMIT's: a client that sees it change writes its uncommitted
 * data again (§18.32.3).
 */
public final class WriteOp implements Operation<NfsArgs.Write> {
    /** stable_how4 UNSTABLE4. */
    public static final int UNSTABLE = 0;
    /** stable_how4 DATA_SYNC4. */
    public static final int DATA_SYNC = 1;
    /** stable_how4 FILE_SYNC4. */
    public static final int FILE_SYNC = 2;

    @Override
    public NfsResult execute(OpContext ctx, NfsArgs.Write args) throws NfsException {
        if (args.stable() < UNSTABLE || args.stable() > FILE_SYNC) {
            throw new NfsException(NfsStatus.INVAL, "stable: " + args.stable() + " (expected: UNSTABLE4 (0),"
                    + " DATA_SYNC4 (1) or FILE_SYNC4 (2))");
        }
        FileRef.InVolume file = DataIo.currentFile(ctx);
        int count = args.data().length();
        DataIo.requireFits(args.offset(), count, "WRITE");
        try (IoAccess io = ctx.services().stateIds().checkIo(ctx, args.stateid(), file, IoKind.WRITE, args.offset(),
                count)) {
            FileHandle h = io.handle();
            if (count > 0) {
                h.write(args.offset(), args.data().asReadOnlyBuffer());
            }
            switch (args.stable()) {
                case DATA_SYNC -> {
                    // DATA_SYNC4 asks for the data and what is needed to find it again (the size) on stable
                    // storage. The backend's syncData fsyncs the data and logs the attributes; the namespace
                    // sync makes that log durable.
                    h.syncData();
                    ctx.view(file.volume()).syncNamespace();
                }
                case FILE_SYNC -> h.sync();
                default -> { }
            }
        }
        return NfsResult.ok(args.op(), new NfsResult.WriteOk(count, args.stable(),
                ctx.services().writeVerifier().value()));
    }
}
