package dev.estuary.nfs.internal.ops;

import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.ErrorKind;
import dev.estuary.dfs.FileHandle;
import dev.estuary.dfs.SeekKind;
import dev.estuary.nfs.internal.codec.Bytes;
import dev.estuary.nfs.internal.codec.NfsArgs;
import dev.estuary.nfs.internal.codec.NfsResult;
import dev.estuary.nfs.internal.codec.Types.ReadPlusContent;
import java.util.ArrayList;
import java.util.List;

/**
 * READ_PLUS (RFC 7862 §15.10): READ that describes holes instead of sending their zeros. The asked range
 * of the current file is walked with the backend's SEEK_DATA / SEEK_HOLE: each hole becomes a
 * NFS4_CONTENT_HOLE segment (offset and length only), each run of data a NFS4_CONTENT_DATA segment with its
 * bytes. Data and segment headers together stay within maxread and the session's ca_maxresponsesize; a
 * reply that stops early is a short read the client continues (§15.10.3). rpr_eof says the last segment
 * ends at the end of the file. The same errors as READ.
 */
public final class ReadPlusOp implements Operation<NfsArgs.ReadPlus> {
    /** A segment's header: rpc_content, then d_offset and the data's length or di_offset and di_length. */
    private static final int SEGMENT_HEADER = 20;

    @Override
    public NfsResult execute(OpContext ctx, NfsArgs.ReadPlus args) throws NfsException {
        FileRef.InVolume file = DataIo.currentFile(ctx);
        // As READ: an offset of 2^63 and more (unsigned) is past the end, answered with eof.
        long offset = args.offset() < 0 ? DataIo.MAX_END : args.offset();
        long count = Integer.toUnsignedLong(args.count());
        try (IoAccess io = ctx.services().stateIds().checkIo(ctx, args.stateid(), file, IoKind.READ, offset, count)) {
            FileHandle h = io.handle();
            long size = h.size();
            if (offset >= size || count == 0) {
                return NfsResult.ok(args.op(), new NfsResult.ReadPlusOk(offset >= size, List.of()));
            }
            long end = Math.min(size, offset + count);
            // The reply's room for segments: what READ would send as data, headers included.
            long room = DataIo.replyBudget(ctx, count);
            List<ReadPlusContent> contents = new ArrayList<>();
            long pos = offset;
            boolean shortData = false;
            while (pos < end && room > SEGMENT_HEADER && !shortData) {
                room -= SEGMENT_HEADER;
                long data = nextData(h, pos, size);
                if (data > pos) {
                    long holeEnd = Math.min(data, end);
                    contents.add(new ReadPlusContent.Hole(pos, holeEnd - pos));
                    pos = holeEnd;
                    continue;
                }
                long stop = Math.min(Math.min(h.seek(pos, SeekKind.HOLE), end), pos + room);
                if (stop <= pos) {
                    break;
                }
                Bytes bytes = DataIo.read(h, pos, (int) (stop - pos));
                if (bytes.length() == 0) {
                    break;
                }
                contents.add(new ReadPlusContent.Data(pos, bytes));
                room -= bytes.length();
                shortData = bytes.length() < stop - pos;
                pos += bytes.length();
            }
            return NfsResult.ok(args.op(), new NfsResult.ReadPlusOk(pos >= size, contents));
        }
    }

    /** @return the next offset holding data at or after {@code pos}, or the size when only a hole follows */
    private static long nextData(FileHandle h, long pos, long size) {
        try {
            return h.seek(pos, SeekKind.DATA);
        } catch (DfsException e) {
            if (e.kind() == ErrorKind.NO_DATA) {
                return size;
            }
            throw e;
        }
    }
}
