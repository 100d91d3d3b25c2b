package dev.estuary.nfs.internal.state;

import dev.estuary.nfs.internal.codec.Bytes;
import dev.estuary.nfs.internal.codec.NfsResult;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A client record (RFC 8881 §2.4, §18.35): the client owner, its verifier, the principal that created
 * it, whether CREATE_SESSION confirmed it, the CREATE_SESSION sequence (§18.36.4) with the last reply
 * for replays, the lease and the sessions. Mutable fields are guarded by the {@link ClientTable}'s lock.
 */
public final class NfsClient {
    private final long id;
    private final Bytes ownerId;
    final Bytes verifier;
    final ClientCredential credential;
    boolean confirmed;
    /** The csa_sequence the next new CREATE_SESSION must carry. */
    int nextSequence;
    /** The reply of the CREATE_SESSION with csa_sequence {@code nextSequence - 1}, for its retry. */
    @Nullable NfsResult lastCreateSession;
    /** Written under the table's lock, read by the state table without it. */
    volatile Instant renewed;
    /** Whether the global RECLAIM_COMPLETE came (§18.51); read by the state table for reclaims. */
    volatile boolean reclaimComplete;
    /** Set before the record's state is dropped, so the state table never adds state to a removed client. */
    volatile boolean removed;
    final Map<Bytes, Session> sessions = new LinkedHashMap<>();
    /** When EXCHANGE_ID created the record (the admin view). */
    final Instant created;

    NfsClient(long id, Bytes ownerId, Bytes verifier, ClientCredential credential, int sequence, Instant now) {
        this.id = id;
        this.ownerId = ownerId;
        this.verifier = verifier;
        this.credential = credential;
        this.nextSequence = sequence;
        this.renewed = now;
        this.created = now;
    }

    /** @return the client id */
    public long id() {
        return id;
    }

    /** @return co_ownerid */
    public Bytes ownerId() {
        return ownerId;
    }

    /** @return whether the record was removed (destroyed, expired or replaced): its state is gone */
    public boolean removed() {
        return removed;
    }

    /** @return the last time the lease was renewed */
    public Instant renewed() {
        return renewed;
    }

    /** @return whether the client sent the global RECLAIM_COMPLETE */
    public boolean reclaimComplete() {
        return reclaimComplete;
    }
}
