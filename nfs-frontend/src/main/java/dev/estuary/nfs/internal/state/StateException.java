package dev.estuary.nfs.internal.state;

import dev.estuary.nfs.internal.codec.NfsStatus;

/** A state operation fails with this status (the handlers answer it); the message is for logs, never sent. */
public final class StateException extends Exception {
    private static final long serialVersionUID = 1L;

    /** The status. */
    private final NfsStatus status;

    /**
     * @param status the NFS4ERR_* to answer
     * @param message what failed and why, naming the value
     */
    public StateException(NfsStatus status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    /** @return the status to answer */
    public NfsStatus status() {
        return status;
    }
}
