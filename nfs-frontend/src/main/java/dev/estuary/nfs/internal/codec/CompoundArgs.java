package dev.estuary.nfs.internal.codec;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * COMPOUND4args (RFC 8881 §16.2.1) as decoded: the tag (echoed byte for byte), the minor version, the
 * operations decoded in order and, when decoding had to stop before the end of the array, why.
 * Decoding stops at the first operation whose arguments cannot be read, because their length is
 * unknown and nothing after them can be found (RFC 8881 §15.2, §16.2.3): the handler evaluates
 * {@link #ops()} in order and, if all succeed, answers the stop's status as the result of the next
 * operation.
 *
 * @param tag the tag as sent (utf8str_cs; the handler decides about bad UTF-8)
 * @param minorVersion the minor version
 * @param ops the operations before any stop
 * @param stop why decoding stopped early, or null when every operation was decoded
 */
public record CompoundArgs(Bytes tag, int minorVersion, List<NfsArgs> ops, @Nullable Stop stop) {

    /** Copies the list. */
    public CompoundArgs {
        ops = List.copyOf(ops);
    }

    /** A complete COMPOUND of these operations. */
    public static CompoundArgs of(String tag, int minorVersion, NfsArgs... ops) {
        return new CompoundArgs(Bytes.utf8(tag), minorVersion, List.of(ops), null);
    }

    /** Why decoding stopped before the end of the operation array. */
    public sealed interface Stop {
        /** @return the status the next result carries */
        NfsStatus status();

        /** @return the operation number the next result carries */
        OpCode resultOp();

        /** A valid operation number whose arguments the codec does not model: NFS4ERR_NOTSUPP (§15.2). */
        record NotSupported(OpCode op) implements Stop {
            public NfsStatus status() { return NfsStatus.NOTSUPP; }
            public OpCode resultOp() { return op; }
        }

        /** A number that is no operation: OP_ILLEGAL with NFS4ERR_OP_ILLEGAL (§15.2, §18.52). */
        record Illegal(int opnum) implements Stop {
            public NfsStatus status() { return NfsStatus.OP_ILLEGAL; }
            public OpCode resultOp() { return OpCode.ILLEGAL; }
        }

        /** Arguments that do not decode: NFS4ERR_BADXDR for that operation (§15.1.1.3). */
        record BadXdr(OpCode op, String reason) implements Stop {
            public NfsStatus status() { return NfsStatus.BADXDR; }
            public OpCode resultOp() { return op; }
        }

        /**
         * More operations than {@link XdrLimits#maxOperations()}: the rest are not decoded; the session
         * layer answers NFS4ERR_TOO_MANY_OPS (the limit is ca_maxoperations, RFC 8881 §18.36).
         */
        record TooManyOps(OpCode op, int declaredCount) implements Stop {
            public NfsStatus status() { return NfsStatus.TOO_MANY_OPS; }
            public OpCode resultOp() { return op; }
        }
    }
}
