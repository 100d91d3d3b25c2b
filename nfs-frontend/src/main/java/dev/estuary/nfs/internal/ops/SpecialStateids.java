package dev.estuary.nfs.internal.ops;

import dev.estuary.core.CheckedVolume;
import dev.estuary.dfs.Attributes;
import dev.estuary.dfs.ObjectId;
import dev.estuary.dfs.ObjectType;
import dev.estuary.dfs.OpenMode;
import dev.estuary.nfs.internal.codec.Bytes;
import dev.estuary.nfs.internal.codec.NfsStatus;
import dev.estuary.nfs.internal.codec.Types;
import dev.estuary.nfs.internal.codec.Types.Stateid;
import java.util.Arrays;

/**
 * The special stateids of RFC 8881 §8.2.3: what a stateid is, the current stateid replaced by the
 * COMPOUND's, and I/O with the anonymous or READ bypass stateid, which opens the file for this one operation
 * through the caller's checked view (so the POSIX checker decides). {@link TrackedStateIds} puts the share
 * reservation, lock and grace checks around it and handles the stateids the state table issued.
 */
public final class SpecialStateids {
    private static final Bytes ZEROS = Stateid.ANONYMOUS.other();
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

    private SpecialStateids() {
    }

    private static Bytes ones() {
        byte[] b = new byte[Types.OTHER_SIZE];
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
        requireRegular(a.id(), a.type());
    }

    /**
     * Checks that object {@code id} of type {@code type} is a regular file (see {@link #requireRegular(Attributes)}).
     *
     * @throws NfsException NFS4ERR_ISDIR for a directory, NFS4ERR_SYMLINK for a symbolic link
     */
    static void requireRegular(ObjectId id, ObjectType type) throws NfsException {
        switch (type) {
            case FILE -> { }
            case DIRECTORY -> throw new NfsException(NfsStatus.ISDIR, "object " + id
                    + ": a directory (expected: a regular file)");
            case SYMLINK -> throw new NfsException(NfsStatus.SYMLINK, "object " + id
                    + ": a symbolic link (expected: a regular file)");
        }
    }
}
