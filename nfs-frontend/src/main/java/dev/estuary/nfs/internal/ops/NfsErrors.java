package dev.estuary.nfs.internal.ops;

import dev.estuary.dfs.ErrorKind;
import dev.estuary.nfs.internal.codec.NfsStatus;

/**
 * The one table from the backend's {@link ErrorKind} to nfsstat4 (RFC 8881 §15.1, RFC 7862 §11.1,
 * RFC 8276 §8.6). An exhaustive switch: a new kind does not compile until it has a status. An operation
 * whose RFC section asks for another status for a kind (PUTFH: a handle whose object is gone is
 * NFS4ERR_STALE, not NOENT) says so in its handler.
 */
public final class NfsErrors {
    private NfsErrors() {
    }

    /** @return the status a backend error of {@code kind} answers */
    public static NfsStatus status(ErrorKind kind) {
        return switch (kind) {
            case NOT_FOUND -> NfsStatus.NOENT;
            case EXISTS -> NfsStatus.EXIST;
            case NOT_EMPTY -> NfsStatus.NOTEMPTY;
            case NOT_DIRECTORY -> NfsStatus.NOTDIR;
            case IS_DIRECTORY -> NfsStatus.ISDIR;
            // READLINK of something that is not a link (§18.24.3).
            case NOT_SYMLINK -> NfsStatus.INVAL;
            case ACCESS_DENIED -> NfsStatus.ACCESS;
            case NOT_PERMITTED -> NfsStatus.PERM;
            case STALE -> NfsStatus.STALE;
            case NO_SPACE -> NfsStatus.NOSPC;
            case QUOTA_EXCEEDED -> NfsStatus.DQUOT;
            // Busy for a moment (a guard, a rename in flight): the client retries after NFS4ERR_DELAY.
            case BUSY -> NfsStatus.DELAY;
            case INVALID_ARGUMENT -> NfsStatus.INVAL;
            case NAME_TOO_LONG -> NfsStatus.NAMETOOLONG;
            case TOO_MANY_LINKS -> NfsStatus.MLINK;
            case FILE_TOO_LARGE -> NfsStatus.FBIG;
            case NO_SUCH_XATTR -> NfsStatus.NOXATTR;
            case XATTR_TOO_LARGE -> NfsStatus.XATTR2BIG;
            // SEEK past the last data (RFC 7862 §15.11.3).
            case NO_DATA -> NfsStatus.NXIO;
            case CROSS_VOLUME -> NfsStatus.XDEV;
            case READ_ONLY -> NfsStatus.ROFS;
            // A backend handle that was closed: the state that held it is gone.
            case CLOSED -> NfsStatus.BAD_STATEID;
            case UNSUPPORTED -> NfsStatus.NOTSUPP;
            case IO_ERROR -> NfsStatus.IO;
            case LOCKED -> NfsStatus.LOCKED;
            // Unlocking a range that is not locked the way asked (§18.12.3).
            case NOT_LOCKED -> NfsStatus.LOCK_RANGE;
            case SHARING_VIOLATION -> NfsStatus.SHARE_DENIED;
            // A file under retention or legal hold: as Linux answers for an immutable file (EPERM).
            case RETAINED -> NfsStatus.PERM;
            // The engine daemon is restarting: the client retries after NFS4ERR_DELAY (RFC 8881 §15.1.1.3)
            // instead of failing the application's call with EIO.
            case UNAVAILABLE -> NfsStatus.DELAY;
        };
    }
}
