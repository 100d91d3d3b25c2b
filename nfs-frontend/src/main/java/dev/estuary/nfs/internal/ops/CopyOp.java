package dev.estuary.nfs.internal.ops;

import dev.estuary.dfs.FileHandle;
import dev.estuary.nfs.internal.codec.NfsArgs;
import dev.estuary.nfs.internal.codec.NfsResult;
import dev.estuary.nfs.internal.codec.NfsStatus;
import dev.estuary.nfs.internal.codec.Types.CopyRequirements;
import dev.estuary.nfs.internal.codec.Types.WriteResponse;

/**
 * COPY (RFC 7862 §15.2), intra-server and synchronous only: {@code count} bytes (0: up to the end of the
 * source) from the saved file handle at {@code ca_src_offset} to the current file handle at
 * {@code ca_dst_offset}, through the backend's copy-range (copy_file_range in the engine, so the bytes
 * never pass through the JVM). A copy from another server ({@code ca_source_server} not empty) is
 * NFS4ERR_NOTSUPP: inter-server copy is not offered. Whatever the client asked, the copy is done before
 * the reply, in one piece: {@code wr_callback_id} is empty and {@code cr_requirements} says consecutive
 * and synchronous (§15.2.3), so no CB_OFFLOAD ever follows; one call copies at most {@link #MAX_COUNT}
 * bytes. The copied data is as stable as an UNSTABLE4 WRITE's, with the server's write verifier: the
 * client COMMITs it.
 */
public final class CopyOp implements Operation<NfsArgs.Copy> {
    /**
     * The most one COPY copies (as knfsd, which stops a synchronous copy at 4 MiB): a larger request is a
     * short copy that {@code wr_count} reports and the client continues, so no server thread and no client
     * slot waits on one call for minutes, and no RPC retransmission timer fires on a long copy.
     */
    public static final long MAX_COUNT = 64L << 20;

    private final long maxCount;

    /** A COPY handler with the standard per-call limit. */
    public CopyOp() {
        this(MAX_COUNT);
    }

    /** A COPY handler that copies at most {@code maxCount} bytes per call. */
    CopyOp(long maxCount) {
        if (maxCount <= 0) {
            throw new IllegalArgumentException("maxCount: " + maxCount + " (expected: > 0)");
        }
        this.maxCount = maxCount;
    }

    @Override
    public NfsResult execute(OpContext ctx, NfsArgs.Copy args) throws NfsException {
        if (!args.sourceServers().isEmpty()) {
            throw new NfsException(NfsStatus.NOTSUPP, "ca_source_server: " + args.sourceServers().size()
                    + " servers (expected: none, inter-server copy is not supported)");
        }
        FileRef saved = ctx.saved();
        if (saved == null) {
            throw new NfsException(NfsStatus.NOFILEHANDLE, "saved file handle: none (expected: the source of COPY,"
                    + " set by SAVEFH)");
        }
        FileRef.InVolume src = DataIo.regularFile(ctx, saved, "saved file handle (COPY source)");
        FileRef.InVolume dst = DataIo.currentFile(ctx);
        long srcOffset = args.srcOffset();
        long dstOffset = args.dstOffset();
        if (srcOffset < 0 || dstOffset < 0 || args.count() < 0) {
            throw new NfsException(NfsStatus.INVAL, "COPY: source offset " + Long.toUnsignedString(srcOffset)
                    + ", destination offset " + Long.toUnsignedString(dstOffset) + ", count "
                    + Long.toUnsignedString(args.count()) + " (expected: each < 2^63)");
        }
        long copied;
        try (IoAccess in = ctx.services().stateIds().checkIo(ctx, args.srcStateid(), src, IoKind.READ, srcOffset,
                args.count());
                IoAccess out = ctx.services().stateIds().checkIo(ctx, args.dstStateid(), dst, IoKind.WRITE, dstOffset,
                        args.count())) {
            FileHandle from = in.handle();
            long size = from.size();
            // §15.2.3: a source range past the end of the source is NFS4ERR_INVAL; count 0 copies to its end.
            if (srcOffset > size || args.count() > size - srcOffset) {
                throw new NfsException(NfsStatus.INVAL, "COPY: source range " + srcOffset + " + " + args.count()
                        + " (expected: within the source's " + size + " bytes)");
            }
            long count = args.count() == 0 ? size - srcOffset : args.count();
            DataIo.requireFits(dstOffset, count, "COPY destination");
            if (src.volume().equals(dst.volume()) && src.id().equals(dst.id())
                    && dstOffset < srcOffset + count && srcOffset < dstOffset + count) {
                // As Linux's copy_file_range: overlapping ranges of one file are refused, not memmoved.
                throw new NfsException(NfsStatus.INVAL, "COPY: ranges [" + srcOffset + ", +" + count + ") and ["
                        + dstOffset + ", +" + count + ") of one file overlap (expected: disjoint ranges)");
            }
            copied = count == 0 ? 0 : from.copyTo(srcOffset, out.handle(), dstOffset, Math.min(count, maxCount));
        }
        WriteResponse response = new WriteResponse(null, copied, WriteOp.UNSTABLE,
                ctx.services().writeVerifier().value());
        return NfsResult.ok(args.op(), new NfsResult.CopyOk(response, new CopyRequirements(true, true)));
    }
}
