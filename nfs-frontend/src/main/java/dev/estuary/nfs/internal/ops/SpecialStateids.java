package dev.estuary.nfs.internal.ops;

import dev.estuary.core.CheckedVolume;
import dev.estuary.dfs.Attributes;
import dev.estuary.dfs.OpenMode;
import dev.estuary.nfs.internal.codec.Bytes;
import dev.estuary.nfs.internal.codec.NfsStatus;
import dev.estuary.nfs.internal.codec.Types.Stateid;
import java.util.Arrays;

/**
 * The special stateids of RFC 8881 §8.2.3, and the {@link StateIds} of a server that has issued no other:
 * I/O with the anonymous or READ bypass stateid opens the file for this one operation through the caller's
 * checked view (so the POSIX checker decides), the current stateid is replaced by the COMPOUND's, and
 * every other stateid is NFS4ERR_BAD_STATEID. The state table puts its share-reservation and lock checks in
 * front of this and handles the stateids it issued itself.
 */
public final class SpecialStateids implements StateIds {
    private static final int OTHER_SIZE = 12;
    private static final Bytes ZEROS = Bytes.of(new byte[OTHER_SIZE]);
    private static final Bytes ONES = ones();

    /** What a stateid is, as far as §8.2.3 is concerned. */
    public enum Kind {
        /** seqid 0, other all zeros. */
        ANONYMOUS,
        /** seqid all ones, other all ones. */
        READ_BYPASS,
        /** seqid 1, other all zeros: the COMPOUND's current stateid. */
        CURRENT,
        /** An all-zero or all-one {@code other} with any other seqid: never valid. */
        INVALID_SPECIAL,
        /** A stateid the server issued (or claims to have). */
        REGULAR
    }

    private static Bytes ones() {
        byte[] b = new byte[OTHER_SIZE];
        Arrays.fill(b, (byte) 0xff);
        return Bytes.of(b);
    }

    /** @return what {@code stateid} is */
    public static Kind kind(Stateid stateid) {
        if (stateid.other().equals(ZEROS)) {
            return switch (stateid.seqid()) {
                case 0 -> Kind.ANONYMOUS;
                case 1 -> Kind.CURRENT;
                default -> Kind.INVALID_SPECIAL;
            };
        }
        if (stateid.other().equals(ONES)) {
            return stateid.seqid() == -1 ? Kind.READ_BYPASS : Kind.INVALID_SPECIAL;
        }
        return Kind.REGULAR;
    }

    /**
     * Replaces the current stateid by the COMPOUND's (§16.2.3.1.2).
     *
     * @throws NfsException NFS4ERR_BAD_STATEID when no operation of this COMPOUND set one
     */
    public static Stateid resolveCurrent(OpContext ctx, Stateid stateid) throws NfsException {
        if (kind(stateid) != Kind.CURRENT) {
            return stateid;
        }
        Stateid current = ctx.currentStateid();
        if (current == null) {
            throw new NfsException(NfsStatus.BAD_STATEID, "stateid: the current stateid, but no earlier operation of"
                    + " this COMPOUND set one (RFC 8881 §16.2.3.1.2)");
        }
        return current;
    }

    /**
     * Opens {@code file} for one operation with a special stateid, through the caller's checked view.
     *
     * @throws NfsException NFS4ERR_ISDIR / NFS4ERR_INVAL for a directory or symlink, NFS4ERR_ACCESS when the
     *     caller may not read or write it
     */
    public static IoAccess openForOneOperation(OpContext ctx, FileRef.InVolume file, IoKind kind) throws NfsException {
        CheckedVolume view = ctx.view(file.volume());
        requireRegular(view.getAttributes(file.id()));
        return new IoAccess(view.open(file.id(), kind == IoKind.WRITE ? OpenMode.WRITE : OpenMode.READ), true);
    }

    /**
     * @throws NfsException NFS4ERR_ISDIR for a directory, NFS4ERR_SYMLINK for a symbolic link (RFC 8881
     *     §18.22.3, §18.32.3: I/O is for regular files only)
     */
    public static void requireRegular(Attributes a) throws NfsException {
        switch (a.type()) {
            case FILE -> { }
            case DIRECTORY -> throw new NfsException(NfsStatus.ISDIR, "object " + a.id()
                    + ": a directory (expected: a regular file)");
            case SYMLINK -> throw new NfsException(NfsStatus.SYMLINK, "object " + a.id()
                    + ": a symbolic link (expected: a regular file)");
        }
    }

    @Override
    public IoAccess checkIo(OpContext ctx, Stateid stateid, FileRef.InVolume file, IoKind kind, long offset,
            long length) throws NfsException {
        Stateid s = resolveCurrent(ctx, stateid);
        return switch (kind(s)) {
            case ANONYMOUS, READ_BYPASS -> openForOneOperation(ctx, file, kind);
            case CURRENT, INVALID_SPECIAL -> throw new NfsException(NfsStatus.BAD_STATEID, "stateid: seqid "
                    + Integer.toUnsignedString(s.seqid()) + " with a special 'other' (expected: the anonymous (0),"
                    + " READ bypass (all ones) or current (1) stateid, RFC 8881 §8.2.3)");
            case REGULAR -> throw new NfsException(NfsStatus.BAD_STATEID, "stateid: " + s.other()
                    + " (expected: a stateid this server issued)");
        };
    }
}
