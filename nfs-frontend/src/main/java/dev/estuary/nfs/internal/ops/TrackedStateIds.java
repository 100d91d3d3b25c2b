package dev.estuary.nfs.internal.ops;

import dev.estuary.dfs.ByteRange;
import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.ErrorKind;
import dev.estuary.nfs.internal.codec.NfsStatus;
import dev.estuary.nfs.internal.codec.Types.Stateid;
import dev.estuary.nfs.internal.state.Session;
import dev.estuary.nfs.internal.state.StateException;
import dev.estuary.nfs.internal.state.StateTable;

/**
 * The {@link StateIds} of the server: stateids the {@link StateTable} issued give their open's handle
 * (kept open for the open's life, so {@link IoAccess#owned()} is false) after the OPENMODE check; the
 * special stateids open the file for the one operation through the caller's view, as {@link SpecialStateids}
 * does, once the state table found no share reservation or byte-range lock of anyone that forbids the
 * access, and no grace period (§8.2.3, §9.1.4, §8.4.2).
 */
public final class TrackedStateIds implements StateIds {
    private final StateTable table;

    /** @param table the state table */
    public TrackedStateIds(StateTable table) {
        this.table = table;
    }

    @Override
    public IoAccess checkIo(OpContext ctx, Stateid stateid, FileRef.InVolume file, IoKind kind, long offset,
            long length) throws NfsException {
        Stateid s = SpecialStateids.resolveCurrent(ctx, stateid);
        boolean write = kind == IoKind.WRITE;
        try {
            return switch (SpecialStateids.kind(s)) {
                case ANONYMOUS, READ_BYPASS -> {
                    IoAccess io = SpecialStateids.openForOneOperation(ctx, file, kind);
                    try {
                        table.others().checkSpecial(StateOps.key(file), ctx.view(file.volume()), write,
                                range(offset, length));
                    } catch (StateException | RuntimeException e) {
                        io.close();
                        throw e;
                    }
                    yield io;
                }
                case CURRENT, INVALID_SPECIAL -> throw new NfsException(NfsStatus.BAD_STATEID, "stateid: seqid "
                        + Integer.toUnsignedString(s.seqid()) + " with a special 'other' (expected: the anonymous (0),"
                        + " READ bypass (all ones) or current (1) stateid, RFC 8881 §8.2.3)");
                case REGULAR -> {
                    // Stateids belong to a client (§8.1): outside a session no issued stateid is the caller's.
                    Session session = ctx.session();
                    if (session == null) {
                        throw new NfsException(NfsStatus.BAD_STATEID, "stateid: " + s.other()
                                + " outside a session (expected: a stateid of the session's client)");
                    }
                    yield new IoAccess(table.io(session.client(), s, StateOps.key(file), write), false);
                }
            };
        } catch (StateException e) {
            throw StateOps.failed(e);
        }
    }

    /** The bytes an I/O touches, for the lock check: to the end when offset + length passes 2^64. */
    private static ByteRange range(long offset, long length) {
        try {
            return new ByteRange(offset, length);
        } catch (DfsException e) {
            if (e.kind() != ErrorKind.INVALID_ARGUMENT) {
                throw e;
            }
            return new ByteRange(offset, ByteRange.TO_END);
        }
    }
}
