package dev.estuary.nfs.internal.rpc;

import dev.estuary.nfs.internal.codec.XdrException;
import dev.estuary.nfs.internal.codec.XdrLimits;
import dev.estuary.nfs.internal.codec.XdrReader;
import dev.estuary.nfs.internal.codec.XdrWriter;
import java.io.IOException;
import java.nio.ByteOrder;
import org.dcache.oncrpc4j.xdr.Xdr;
import org.glassfish.grizzly.Buffer;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.memory.Buffers;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Record marking (RFC 5531 §11) with a cap, and the call guard, in place of oncrpc4j's
 * {@code RpcMessageParserTCP} (which reassembles records of any size, notes/nfs.md §1).
 *
 * <p>Fragment headers are read as bytes arrive: a record whose fragments announce more than
 * {@code maxRecordSize} in total closes the connection before its payload is buffered, so a hostile
 * header costs nothing. A complete record is copied once into an array of its exact size.
 *
 * <p>The guard then reads the call header with the project's bounds-checked decoder, before oncrpc4j
 * (whose AUTH_SYS decoding has no group limit and allocates what the input says): a credential
 * other than AUTH_NONE/AUTH_SYS (RPCSEC_GSS included) or a malformed one is answered AUTH_ERROR /
 * AUTH_BADCRED — what knfsd's svc_authenticate answers for a flavor it has no handler for — a
 * verifier other than AUTH_NONE AUTH_BADVERF, an RPC version other than 2 RPC_MISMATCH (RFC 5531 §9);
 * a record too short to be a call is dropped with its connection. Everything else goes on to
 * oncrpc4j's RpcProtocolFilter: calls to the dispatcher, replies to the backchannel's reply queue.
 */
final class RecordFilter extends BaseFilter {
    private static final Logger LOG = LoggerFactory.getLogger(RecordFilter.class);
    private static final XdrLimits HEADER_LIMITS = new XdrLimits(RpcMessages.MAX_AUTH_BYTES, 64, 1);

    private final int maxRecordSize;
    private final ConnectionTracker connections;

    RecordFilter(int maxRecordSize, ConnectionTracker connections) {
        if (maxRecordSize < 64) {
            throw new IllegalArgumentException("maxRecordSize: " + maxRecordSize + " (expected: >= 64)");
        }
        this.maxRecordSize = maxRecordSize;
        this.connections = connections;
    }

    /** A new connection: counted, or closed at once beyond the connection limit. */
    @Override
    public NextAction handleAccept(FilterChainContext ctx) throws IOException {
        if (!connections.opened(ctx.getConnection())) {
            ctx.getConnection().closeSilently();
            return ctx.getStopAction();
        }
        return ctx.getInvokeAction();
    }

    @Override
    public NextAction handleClose(FilterChainContext ctx) throws IOException {
        connections.closed(ctx.getConnection());
        return ctx.getInvokeAction();
    }

    @Override
    public NextAction handleRead(FilterChainContext ctx) throws IOException {
        Buffer buf = ctx.getMessage();
        if (buf == null) {
            return ctx.getStopAction();
        }
        ConnectionTracker.Entry connection = connections.of(ctx.getConnection());
        if (connection == null) {
            // Refused at accept (over the limit) or already closed: nothing it sent is read.
            buf.tryDispose();
            ctx.getConnection().closeSilently();
            return ctx.getStopAction();
        }
        return process(ctx, buf, connection);
    }

    /**
     * Continues a connection whose reading was suspended at its limit (see {@link ConnectionTracker#answered}):
     * the held-back bytes are processed as if they had just been read, and the suspended filter chain goes on
     * with the outcome.
     */
    void resume(ConnectionTracker.Suspended suspended) {
        FilterChainContext ctx = suspended.context();
        NextAction next;
        try {
            next = process(ctx, suspended.held(), suspended.entry());
        } catch (RuntimeException e) {
            LOG.warn("resuming the connection from {}: {}: connection closed", suspended.entry().peer, e.toString());
            ctx.getConnection().closeSilently();
            next = ctx.getStopAction();
        }
        // Completes this filter's suspended step with that action: an invoke passes the record on (and keeps the
        // rest for this filter), a stop keeps an incomplete record for the next read.
        ctx.resume(next);
    }

    /**
     * Takes the next record out of {@code buf}: passes a call on (counted in flight), answers a refused one and
     * goes on with the rest, keeps an incomplete one for the next read, or suspends reading at the connection's
     * limit.
     */
    private NextAction process(FilterChainContext ctx, Buffer buf, ConnectionTracker.Entry connection) {
        while (true) {
            long size = completeRecordSize(buf, maxRecordSize);
            if (size == -2) {
                LOG.info("RPC record from {} announces more than {} bytes (expected: at most that): connection closed",
                        ctx.getConnection().getPeerAddress(), maxRecordSize);
                buf.tryDispose();
                ctx.getConnection().closeSilently();
                return ctx.getStopAction();
            }
            if (size < 0) {
                return ctx.getStopAction(buf);
            }
            // Only calls are held back: a REPLY (to a callback this server sent on the backchannel) may be
            // what the calls in flight wait for.
            if (!isReply(buf) && !connections.admitOrSuspend(connection, ctx, buf)) {
                // Calls or bytes in flight at this connection's limit: no more is read from it until one is
                // answered (ConnectionTracker.answered hands the bytes held back to resume).
                return ctx.getSuspendAction();
            }
            byte[] record = takeRecord(buf, (int) size);
            Buffer remainder = buf.hasRemaining() ? buf.split(buf.position()) : null;
            buf.tryDispose();

            byte[] refusal = guard(record);
            if (refusal == REFUSE_CONNECTION) {
                LOG.info("RPC record of {} bytes from {} is not a message (expected: xid, msg_type, call header): "
                        + "connection closed", record.length, ctx.getConnection().getPeerAddress());
                if (remainder != null) {
                    remainder.tryDispose();
                }
                ctx.getConnection().closeSilently();
                return ctx.getStopAction();
            }
            if (refusal != null) {
                ctx.write(Buffers.wrap(ctx.getMemoryManager(), RpcMessages.frame(refusal)));
                if (remainder == null) {
                    return ctx.getStopAction();
                }
                // The next record may already be here.
                buf = remainder;
                continue;
            }
            if (RpcMessages.peekInt(record, 4) == RpcMessages.CALL) {
                // Counted as answered by the dispatchable NfsRpcServer wraps around the program.
                connections.started(connection, record.length);
            }
            ctx.setMessage(new Xdr(record));
            return ctx.getInvokeAction(remainder);
        }
    }

    /** @return whether the complete record at the start of {@code buf} is a REPLY (msg_type in its first fragment) */
    static boolean isReply(Buffer buf) {
        Buffer b = buf.duplicate();
        b.order(ByteOrder.BIG_ENDIAN);
        int first = b.getInt() & RpcMessages.FRAGMENT_LENGTH;
        if (first < 8) {
            return false;
        }
        b.getInt(); // xid
        return b.getInt() == RpcMessages.REPLY;
    }

    /**
     * @return the payload size of the first complete record in {@code buf}, -1 when it has not all
     *     arrived, -2 when it is (or announces to be) larger than the cap
     */
    static long completeRecordSize(Buffer buf, int maxRecordSize) {
        Buffer b = buf.duplicate();
        b.order(ByteOrder.BIG_ENDIAN);
        long total = 0;
        while (b.remaining() >= 4) {
            int header = b.getInt();
            int len = header & RpcMessages.FRAGMENT_LENGTH;
            total += len;
            if (total > maxRecordSize) {
                return -2;
            }
            if (len > b.remaining()) {
                return -1;
            }
            b.position(b.position() + len);
            if ((header & RpcMessages.LAST_FRAGMENT) != 0) {
                return total;
            }
        }
        return -1;
    }

    /** Reads the first record (its fragments' payloads) out of {@code buf}, whose size {@link #completeRecordSize} gave. */
    static byte[] takeRecord(Buffer buf, int size) {
        byte[] record = new byte[size];
        int filled = 0;
        boolean last;
        do {
            int header = buf.order(ByteOrder.BIG_ENDIAN).getInt();
            int len = header & RpcMessages.FRAGMENT_LENGTH;
            last = (header & RpcMessages.LAST_FRAGMENT) != 0;
            buf.get(record, filled, len);
            filled += len;
        } while (!last);
        return record;
    }

    /** Returned by {@link #guard} for a record that is no message: close the connection. */
    static final byte[] REFUSE_CONNECTION = new byte[0];

    /** @return null to pass the record on, a reply to send instead, or {@link #REFUSE_CONNECTION} */
    static byte @Nullable [] guard(byte[] record) {
        int xid = RpcMessages.peekXid(record);
        RpcMessages.CallHeader call;
        try {
            call = RpcMessages.decodeCallHeader(new XdrReader(record, HEADER_LIMITS));
        } catch (XdrException e) {
            // Up to the credential a CALL header takes 32 bytes; a shorter record, or one that is neither
            // CALL nor REPLY, is not a message to answer. A longer one broke in its credential or verifier.
            if (record.length < 32 || RpcMessages.peekInt(record, 4) != RpcMessages.CALL) {
                return REFUSE_CONNECTION;
            }
            LOG.debug("xid {}: {}: AUTH_BADCRED", xid, e.getMessage());
            return RpcMessages.authError(xid, RpcMessages.AUTH_BADCRED);
        }
        if (call == null) {
            // A REPLY (to a callback this server sent): passed on only when its header is complete.
            try {
                RpcMessages.checkReplyHeader(record);
                return null;
            } catch (XdrException e) {
                return REFUSE_CONNECTION;
            }
        }
        if (call.rpcVersion() != RpcMessages.RPC_VERSION) {
            return RpcMessages.rpcMismatch(xid);
        }
        // Answered here rather than by oncrpc4j's dispatcher, so that every call passed on reaches one of
        // the programs NfsRpcServer registers (which count it as answered): PROG_UNAVAIL for another
        // program, PROG_MISMATCH naming 4..4 for another version of NFS (RFC 5531 §9).
        if (call.program() != NfsProgram.PROGRAM) {
            return RpcMessages.acceptedReply(xid, RpcMessages.PROG_UNAVAIL, new byte[0]);
        }
        if (call.version() != NfsProgram.VERSION) {
            return RpcMessages.acceptedReply(xid, RpcMessages.PROG_MISMATCH, new XdrWriter(8)
                    .writeInt(NfsProgram.VERSION).writeInt(NfsProgram.VERSION).toByteArray());
        }
        try {
            RpcMessages.decodeCredential(call.credential());
        } catch (XdrException | RpcMessages.UnsupportedFlavorException e) {
            LOG.debug("xid {}: {}: AUTH_BADCRED", xid, e.getMessage());
            return RpcMessages.authError(xid, RpcMessages.AUTH_BADCRED);
        }
        if (call.verifier().flavor() != RpcMessages.AUTH_NONE) {
            return RpcMessages.authError(xid, RpcMessages.AUTH_BADVERF);
        }
        return null;
    }
}
