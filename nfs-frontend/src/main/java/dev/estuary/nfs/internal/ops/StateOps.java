package dev.estuary.nfs.internal.ops;

import dev.estuary.dfs.ByteRange;
import dev.estuary.dfs.DfsException;
import dev.estuary.nfs.internal.codec.NfsStatus;
import dev.estuary.nfs.internal.state.FileKey;
import dev.estuary.nfs.internal.state.NfsClient;
import dev.estuary.nfs.internal.state.Session;
import dev.estuary.nfs.internal.state.StateException;

/** What the state operations (OPEN, CLOSE, LOCK, ...) share: the caller's client, the current file, ranges. */
final class StateOps {
    private StateOps() {
    }

    /**
     * @return the client of the COMPOUND's session: state belongs to a client (RFC 8881 §8.1)
     * @throws NfsException NFS4ERR_OP_NOT_IN_SESSION without SEQUENCE
     */
    static NfsClient client(OpContext ctx) throws NfsException {
        Session s = ctx.session();
        if (s == null) {
            throw new NfsException(NfsStatus.OP_NOT_IN_SESSION, "a state operation outside a session (expected:"
                    + " SEQUENCE first)");
        }
        return s.client();
    }

    /**
     * @return the current file handle as an object of a volume
     * @throws NfsException NFS4ERR_NOFILEHANDLE without one, NFS4ERR_ISDIR for the pseudo-root (a directory)
     */
    static FileRef.InVolume file(OpContext ctx) throws NfsException {
        return switch (ctx.current()) {
            case FileRef.InVolume v -> v;
            case FileRef.PseudoRoot r -> throw new NfsException(NfsStatus.ISDIR, "current file handle: the"
                    + " pseudo-root (expected: a regular file)");
        };
    }

    /** @return the state table's key of a file */
    static FileKey key(FileRef.InVolume f) {
        return new FileKey(f.volume(), f.id());
    }

    /** @return the exception a handler throws for a state table failure */
    static NfsException failed(StateException e) {
        return new NfsException(e.status(), e.getMessage());
    }

    /**
     * The byte range of LOCK, LOCKT and LOCKU (§18.10.3): a length of all ones is "to the end".
     *
     * @throws NfsException NFS4ERR_INVAL for length 0 or a range past 2^64 - 1
     */
    static ByteRange range(long offset, long length) throws NfsException {
        if (length == 0) {
            throw new NfsException(NfsStatus.INVAL, "length: 0 (expected: 1 or more, all ones for to-the-end)");
        }
        try {
            return new ByteRange(offset, length);
        } catch (DfsException e) {
            throw new NfsException(NfsStatus.INVAL, e.getMessage());
        }
    }
}
