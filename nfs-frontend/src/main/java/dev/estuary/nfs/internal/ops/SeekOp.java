package dev.estuary.nfs.internal.ops;

import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.ErrorKind;
import dev.estuary.dfs.FileHandle;
import dev.estuary.dfs.SeekKind;
import dev.estuary.nfs.internal.codec.NfsArgs;
import dev.estuary.nfs.internal.codec.NfsResult;
import dev.estuary.nfs.internal.codec.NfsStatus;

/**
 * SEEK (RFC 7862 §15.11): the next data or hole at or after {@code sa_offset}, as lseek SEEK_DATA /
 * SEEK_HOLE (the end of the file counts as a hole). An offset at or past the end answers NFS4ERR_NXIO;
 * inside the file, finding no data after it is NFS4_OK with sr_eof TRUE and the end of the file as the
 * offset (§15.11.3: "the status will still be NFS4_OK, but sr_eof would be TRUE"; knfsd answers NXIO
 * there, and the Linux client turns either into ENXIO). sr_eof is also TRUE when the hole found is the
 * end of the file.
 */
public final class SeekOp implements Operation<NfsArgs.Seek> {
    /** data_content4 NFS4_CONTENT_DATA. */
    public static final int CONTENT_DATA = 0;
    /** data_content4 NFS4_CONTENT_HOLE. */
    public static final int CONTENT_HOLE = 1;

    @Override
    public NfsResult execute(OpContext ctx, NfsArgs.Seek args) throws NfsException {
        SeekKind kind = switch (args.what()) {
            case CONTENT_DATA -> SeekKind.DATA;
            case CONTENT_HOLE -> SeekKind.HOLE;
            default -> throw new NfsException(NfsStatus.INVAL, "sa_what: " + args.what() + " (expected:"
                    + " NFS4_CONTENT_DATA (0) or NFS4_CONTENT_HOLE (1))");
        };
        FileRef.InVolume file = DataIo.currentFile(ctx);
        long offset = args.offset();
        try (IoAccess io = ctx.services().stateIds().checkIo(ctx, args.stateid(), file, IoKind.READ,
                Math.max(offset, 0), 0)) {
            FileHandle h = io.handle();
            long size = h.size();
            if (offset < 0 || offset >= size) {
                // Unsigned on the wire: 2^63 and more is past the end too.
                throw new NfsException(NfsStatus.NXIO, "sa_offset: " + Long.toUnsignedString(offset)
                        + " (expected: < the size " + size + ")");
            }
            long found;
            try {
                found = h.seek(offset, kind);
            } catch (DfsException e) {
                if (e.kind() != ErrorKind.NO_DATA) {
                    throw e;
                }
                found = size; // only a hole follows
            }
            return NfsResult.ok(args.op(), new NfsResult.SeekOk(found >= size, found));
        }
    }
}
