package dev.estuary.nfs.internal.ops;

import dev.estuary.dfs.FileHandle;
import dev.estuary.nfs.internal.codec.Bytes;
import dev.estuary.nfs.internal.codec.NfsArgs;
import dev.estuary.nfs.internal.codec.NfsResult;

/**
 * READ (RFC 8881 §18.22): up to {@code count} bytes of the current file at {@code offset}, through the
 * handle the stateid grants. The count is cut at maxread and at what the session's ca_maxresponsesize
 * leaves for data (a short read is allowed, §18.22.4; the client reads the rest next). Reading at or
 * past the end answers no bytes and eof. The data is read once into an array of its own that the reply
 * encodes without another copy.
 */
public final class ReadOp implements Operation<NfsArgs.Read> {
    @Override
    public NfsResult execute(OpContext ctx, NfsArgs.Read args) throws NfsException {
        FileRef.InVolume file = DataIo.currentFile(ctx);
        // Unsigned on the wire: 2^63 and more is past the end of any file, which §18.22.3 answers with no
        // bytes and eof (as knfsd, which clamps such offsets), after the stateid check.
        long offset = args.offset() < 0 ? DataIo.MAX_END : args.offset();
        int count = DataIo.replyBudget(ctx, Integer.toUnsignedLong(args.count()));
        try (IoAccess io = ctx.services().stateIds().checkIo(ctx, args.stateid(), file, IoKind.READ, offset, count)) {
            FileHandle h = io.handle();
            long size = h.size();
            if (offset >= size || count == 0) {
                return NfsResult.ok(args.op(), new NfsResult.ReadOk(offset >= size, Bytes.EMPTY));
            }
            int want = (int) Math.min(count, size - offset);
            Bytes data = DataIo.read(h, offset, want);
            // eof when the read reached the end of the file as it was (§18.22.4); a file that grew meanwhile
            // is read on by the client's next READ anyway.
            boolean eof = data.length() < want || offset + data.length() >= size;
            return NfsResult.ok(args.op(), new NfsResult.ReadOk(eof, data));
        }
    }
}
