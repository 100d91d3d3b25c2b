package dev.estuary.nfs.internal.ops;

import dev.estuary.dfs.LockType;
import dev.estuary.nfs.internal.codec.NfsStatus;

/** nfs_lock_type4 (RFC 8881 §18.10): READ_LT, WRITE_LT and their blocking forms READW_LT, WRITEW_LT. */
final class LockTypes {
    static final int READ_LT = 1;
    static final int WRITE_LT = 2;
    static final int READW_LT = 3;
    static final int WRITEW_LT = 4;

    private LockTypes() {
    }

    /**
     * The backend type. A blocking type is a hint that the client will poll (§9.6): the server does not wait,
     * it answers NFS4ERR_DENIED at once like the non-blocking type.
     *
     * @throws NfsException NFS4ERR_INVAL for another value
     */
    static LockType of(int type) throws NfsException {
        return switch (type) {
            case READ_LT, READW_LT -> LockType.SHARED;
            case WRITE_LT, WRITEW_LT -> LockType.EXCLUSIVE;
            default -> throw new NfsException(NfsStatus.INVAL, "locktype: " + type
                    + " (expected: READ_LT 1, WRITE_LT 2, READW_LT 3 or WRITEW_LT 4)");
        };
    }
}
