package dev.estuary.nfs.internal.ops;

import dev.estuary.dfs.FileHandle;
import dev.estuary.dfs.Limits;
import dev.estuary.dfs.ObjectType;
import dev.estuary.nfs.internal.codec.Bytes;
import dev.estuary.nfs.internal.codec.NfsStatus;
import dev.estuary.nfs.internal.state.Session;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * What the data operations (READ, WRITE, COMMIT, and the NFSv4.2 ALLOCATE, DEALLOCATE, SEEK, READ_PLUS,
 * COPY) check alike: the object is a regular file, a range fits in a file, and a reply fits in the
 * session's ca_maxresponsesize. (A read-only export is refused in front of the handlers that write, by
 * {@link Mutations#refusingReadOnly}.)
 */
final class DataIo {
    /**
     * Room in a reply for everything but the data: the COMPOUND4res header with its tag, SEQUENCE, PUTFH,
     * the operation's own header and a GETATTR after it (what Linux sends: SEQUENCE, PUTFH, READ).
     */
    static final int REPLY_OVERHEAD = 512;
    /** The largest offset + length a file can have (RFC 8881 §18.32.3: beyond it, NFS4ERR_FBIG). */
    static final long MAX_END = Limits.MAX_FILE_SIZE;

    private DataIo() {
    }

    /**
     * @return the file a data operation works on
     * @throws NfsException NFS4ERR_NOFILEHANDLE without one, NFS4ERR_ISDIR for a directory (the pseudo-root
     *     included), NFS4ERR_SYMLINK for a symbolic link (RFC 8881 §18.22.3, §18.32.3)
     */
    static FileRef.InVolume regularFile(OpContext ctx, FileRef ref, String role) throws NfsException {
        return switch (ref) {
            case FileRef.PseudoRoot r -> throw new NfsException(NfsStatus.ISDIR, role + ": the pseudo-root"
                    + " (expected: a regular file)");
            case FileRef.InVolume v -> {
                SpecialStateids.requireRegular(ctx.view(v.volume()).getAttributes(v.id()));
                yield v;
            }
        };
    }

    /** @return the current file handle, a regular file (see {@link #regularFile(OpContext, FileRef, String)}) */
    static FileRef.InVolume currentFile(OpContext ctx) throws NfsException {
        FileRef ref = ctx.current();
        ObjectType known = ctx.currentType();
        if (known != null && ref instanceof FileRef.InVolume v) {
            // PUTFH read the attributes through the same view moments ago (the same READ grant check): the
            // type cannot have changed, so a READ or WRITE after PUTFH reads the attributes once, not twice.
            SpecialStateids.requireRegular(v.id(), known);
            return v;
        }
        return regularFile(ctx, ref, "current file handle");
    }

    /**
     * Checks that {@code [offset, offset + length)} lies in what a file can hold (offsets are unsigned
     * 64-bit on the wire, Java's long is signed).
     *
     * @throws NfsException NFS4ERR_FBIG when the range ends beyond the largest file size
     */
    static void requireFits(long offset, long length, String what) throws NfsException {
        if (offset < 0 || length < 0 || offset > MAX_END - length) {
            throw new NfsException(NfsStatus.FBIG, what + ": offset " + Long.toUnsignedString(offset) + ", length "
                    + Long.toUnsignedString(length) + " (expected: offset + length <= " + MAX_END + ")");
        }
    }

    /**
     * Checks the range of ALLOCATE and DEALLOCATE as knfsd does for fallocate: an empty range or a negative
     * offset or length (2^63 and more unsigned) is invalid, a range ending past the largest file too big.
     *
     * @throws NfsException NFS4ERR_INVAL or NFS4ERR_FBIG
     */
    static void requireRange(long offset, long length, String what) throws NfsException {
        if (offset < 0 || length <= 0) {
            throw new NfsException(NfsStatus.INVAL, what + ": offset " + Long.toUnsignedString(offset) + ", length "
                    + Long.toUnsignedString(length) + " (expected: offset < 2^63, 0 < length < 2^63)");
        }
        requireFits(offset, length, what);
    }

    /** @return whether the unsigned 64-bit {@code offset + length} is larger than 2^64 - 1 */
    static boolean overflows(long offset, long length) {
        return Long.compareUnsigned(offset + length, offset) < 0;
    }

    /**
     * @return {@code count} capped at {@link Attrs#MAX_IO} (maxread) and at what the session's
     *     ca_maxresponsesize leaves for data (RFC 8881 §18.36: a reply may not be larger)
     */
    static int replyBudget(OpContext ctx, long count) {
        long max = Math.min(count, Attrs.MAX_IO);
        Session s = ctx.session();
        if (s != null) {
            // A tiny channel (ca_maxresponsesize may be as small as StateLimits.MIN_CHANNEL_SIZE) still gets
            // some data: never a READ of 0 bytes without eof, which a client would repeat forever.
            int reply = s.foreChannel().maxResponseSize();
            max = Math.min(max, reply - Math.min(REPLY_OVERHEAD, reply / 2));
        }
        return (int) max;
    }

    /**
     * Reads up to {@code count} bytes at {@code offset} into an array of its own, stopping early only at the
     * end of the file.
     */
    static Bytes read(FileHandle h, long offset, int count) {
        byte[] buf = new byte[count];
        ByteBuffer bb = ByteBuffer.wrap(buf);
        while (bb.hasRemaining()) {
            if (h.read(offset + bb.position(), bb) <= 0) {
                break;
            }
        }
        // Exact in the usual case (the count was cut at the size first): no copy of the data.
        return Bytes.adopt(bb.position() == count ? buf : Arrays.copyOf(buf, bb.position()));
    }
}
