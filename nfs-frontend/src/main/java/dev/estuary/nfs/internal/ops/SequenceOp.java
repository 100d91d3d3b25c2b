package dev.estuary.nfs.internal.ops;

import dev.estuary.nfs.internal.codec.NfsArgs;
import dev.estuary.nfs.internal.state.SequenceOutcome;

/**
 * SEQUENCE (RFC 8881 §18.46). Unlike the other operations it decides about the whole COMPOUND (a new
 * request, a retry answered from the reply cache, or a failure), so the COMPOUND processor calls
 * {@link #begin} for a first SEQUENCE instead of {@link Operation#execute}; anywhere else it is
 * NFS4ERR_SEQUENCE_POS.
 */
public final class SequenceOp {
    /**
     * @param requestHash a fingerprint of the whole request (for NFS4ERR_SEQ_FALSE_RETRY)
     * @param operations the number of operations the COMPOUND declares
     * @return what to do with the COMPOUND; on {@link SequenceOutcome.Proceed} the session is set in {@code ctx}
     */
    public SequenceOutcome begin(OpContext ctx, NfsArgs.Sequence args, int requestHash, int operations) {
        SequenceOutcome o = ctx.services().clients().sequence(args, requestHash, operations,
                ctx.call().argumentSize());
        if (o instanceof SequenceOutcome.Proceed p) {
            ctx.setSession(p.session());
            // SP4_NONE: a SEQUENCE on a connection not yet associated associates it (RFC 8881 §2.10.3.1).
            ctx.services().clients().associate(p.session().id(), ctx.call().remote());
        }
        return o;
    }
}
