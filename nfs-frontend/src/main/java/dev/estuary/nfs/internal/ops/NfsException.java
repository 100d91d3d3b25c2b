package dev.estuary.nfs.internal.ops;

import dev.estuary.nfs.internal.codec.NfsStatus;

/** An operation fails with this status; the message is for logs, never sent. */
public final class NfsException extends Exception {
    private static final long serialVersionUID = 1L;

    /** The status. */
    private final NfsStatus status;

    /**
     * @param status the NFS4ERR_* the operation answers
     * @param message what failed and why, naming the value
     */
    public NfsException(NfsStatus status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    /** @return the status the operation answers */
    public NfsStatus status() {
        return status;
    }
}
