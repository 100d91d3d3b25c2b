package dev.estuary.nfs.internal.state;

import dev.estuary.nfs.internal.codec.CompoundRes;
import dev.estuary.nfs.internal.codec.NfsResult;

/** What SEQUENCE decided about a COMPOUND (RFC 8881 §18.46.3, §2.10.6.1). */
public sealed interface SequenceOutcome {
    /**
     * A new request: evaluate the rest of the COMPOUND, then hand the reply to {@link ClientTable#finish}.
     *
     * @param session the session
     * @param slot the slot the request holds until finished
     * @param result SEQUENCE's own OK result
     * @param cacheThis sa_cachethis
     */
    record Proceed(Session session, int slot, NfsResult result, boolean cacheThis) implements SequenceOutcome {
    }

    /** A retry of the slot's last request: its cached reply, sent again as it was. */
    record Replay(CompoundRes reply) implements SequenceOutcome {
    }

    /** SEQUENCE failed: the COMPOUND ends with this result. */
    record Failed(NfsResult result) implements SequenceOutcome {
    }
}
