package dev.estuary.nfs.internal.state;

import dev.estuary.nfs.internal.codec.CompoundRes;
import org.jspecify.annotations.Nullable;

/**
 * One fore-channel slot (RFC 8881 §2.10.6.1): the sequence id of the last request it carried, whether
 * that request is still being evaluated, and its reply when the reply was cached. Guarded by the
 * {@link ClientTable}'s lock.
 */
final class Slot {
    /**
     * The last sequence id seen; 0 before the first request (whose sequence id is 1). It wraps from 0xffffffff to
     * 0 (RFC 8881 §2.10.6.1), so 0 is a sequence id like any other once {@link #used}.
     */
    int seqid;
    /** A request was seen: from now on a request with {@link #seqid} is a retry. */
    boolean used;
    /** A request with {@link #seqid} is being evaluated: its retry answers NFS4ERR_DELAY. */
    boolean inProgress;
    /** The cached reply of {@link #seqid}, or null when it was not cached (retry: RETRY_UNCACHED_REP). */
    @Nullable CompoundRes reply;
    /** A fingerprint of the request of {@link #seqid}: a retry that differs is NFS4ERR_SEQ_FALSE_RETRY. */
    int requestHash;
}
