package dev.estuary.nfs.internal.rpc;

import dev.estuary.nfs.internal.codec.Bytes;
import dev.estuary.nfs.internal.codec.CompoundArgs;
import dev.estuary.nfs.internal.codec.CompoundCodec;
import dev.estuary.nfs.internal.codec.CompoundRes;
import dev.estuary.nfs.internal.codec.NfsResult;
import dev.estuary.nfs.internal.codec.NfsStatus;
import dev.estuary.nfs.internal.codec.OpCode;
import dev.estuary.nfs.internal.codec.XdrException;
import dev.estuary.nfs.internal.codec.XdrLimits;
import dev.estuary.nfs.internal.codec.XdrReader;
import dev.estuary.nfs.internal.codec.XdrWriter;
import java.util.List;
import org.dcache.oncrpc4j.rpc.RpcAuth;
import org.dcache.oncrpc4j.rpc.RpcAuthTypeUnix;
import org.dcache.oncrpc4j.rpc.RpcCall;
import org.dcache.oncrpc4j.rpc.RpcDispatchable;
import org.dcache.oncrpc4j.xdr.Xdr;
import org.dcache.oncrpc4j.xdr.XdrAble;
import org.dcache.oncrpc4j.xdr.XdrDecodingStream;
import org.dcache.oncrpc4j.xdr.XdrEncodingStream;
import org.dcache.oncrpc4j.xdr.XdrVoid;
import org.glassfish.grizzly.Buffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * NFS program 100003 version 4 (RFC 8881 §16): procedure 0 NULL and procedure 1 COMPOUND. COMPOUND
 * arguments are decoded with the project's codec; an undecodable header or operation array answers
 * GARBAGE_ARGS, a minor version other than 1 and 2 NFS4ERR_MINOR_VERS_MISMATCH with the tag and no
 * results (§16.2.3), and everything else goes to the {@link CompoundHandler}.
 */
final class NfsProgram implements RpcDispatchable {
    /** The NFS program number. */
    static final int PROGRAM = 100003;
    /** The NFS version this program serves. */
    static final int VERSION = 4;
    /** NULL procedure. */
    static final int PROC_NULL = 0;
    /** COMPOUND procedure. */
    static final int PROC_COMPOUND = 1;
    /** Minor versions served: 4.1 and 4.2 (4.0 has other operations and no sessions). */
    static final int MIN_MINOR = 1;
    static final int MAX_MINOR = 2;

    private static final Logger LOG = LoggerFactory.getLogger(NfsProgram.class);

    private final CompoundHandler handler;
    private final XdrLimits limits;
    private final ConnectionTracker connections;

    NfsProgram(CompoundHandler handler, XdrLimits limits, ConnectionTracker connections) {
        this.handler = handler;
        this.limits = limits;
        this.connections = connections;
    }

    @Override
    public void dispatchOncRpcCall(RpcCall call) {
        switch (call.getProcedure()) {
            case PROC_NULL -> call.reply(XdrVoid.XDR_VOID);
            case PROC_COMPOUND -> compound(call);
            default -> call.failProcedureUnavailable();
        }
    }

    private void compound(RpcCall call) {
        Buffer buf = call.getXdr().asBuffer();
        int size = buf.remaining();
        XdrReader in;
        if (buf.hasArray()) {
            // RecordFilter's array, read in place (a WRITE's megabyte is not copied once more): the decoder
            // copies what it keeps, so nothing refers to the array after decoding.
            in = new XdrReader(buf.array(), buf.arrayOffset() + buf.position(), size, limits);
        } else {
            byte[] args = new byte[size];
            buf.get(args);
            in = new XdrReader(args, limits);
        }
        CompoundArgs compound;
        try {
            CompoundCodec.Header header = CompoundCodec.decodeHeader(in);
            if (header.minorVersion() < MIN_MINOR || header.minorVersion() > MAX_MINOR) {
                reply(call, CompoundRes.failed(NfsStatus.MINOR_VERS_MISMATCH, header.tag()));
                return;
            }
            compound = CompoundCodec.decodeOperations(in, header);
        } catch (XdrException e) {
            LOG.debug("xid {}: COMPOUND arguments: {}: GARBAGE_ARGS", call.getXid(), e.getMessage());
            call.failRpcGarbage();
            return;
        }
        XdrWriter reply;
        try {
            CompoundRes res = handler.handle(new CallContext(call.getXid(), credential(call.getCredential()),
                    call.getTransport().getRemoteSocketAddress(), call.getTransport(), size), compound);
            reply = encode(res);
            if (carriesSession(res)) {
                connections.sessionUsed(call.getTransport().getRemoteSocketAddress());
            }
        } catch (RuntimeException e) {
            // A handler bug (or a result that cannot be encoded) must not leave the client waiting.
            LOG.error("xid {}: COMPOUND handler failed: SYSTEM_ERR", call.getXid(), e);
            call.failRpcSystem();
            return;
        }
        call.reply(new Encoded(reply));
    }

    /**
     * Whether a COMPOUND used a session (a successful SEQUENCE, CREATE_SESSION or BIND_CONN_TO_SESSION
     * first): its connection is a session's and the idle timeout for connections without one ends.
     */
    private static boolean carriesSession(CompoundRes res) {
        if (res.results().isEmpty()) {
            return false;
        }
        NfsResult first = res.results().getFirst();
        return first.status() == NfsStatus.OK && (first.op() == OpCode.SEQUENCE
                || first.op() == OpCode.CREATE_SESSION || first.op() == OpCode.BIND_CONN_TO_SESSION);
    }

    private static XdrWriter encode(CompoundRes res) {
        XdrWriter out = new XdrWriter();
        CompoundCodec.encode(res, out);
        return out;
    }

    private static void reply(RpcCall call, CompoundRes res) {
        call.reply(new Encoded(encode(res)));
    }

    /** The credential RecordFilter already accepted (AUTH_NONE or AUTH_SYS with at most 16 groups). */
    private static RpcCredential credential(RpcAuth auth) {
        if (auth instanceof RpcAuthTypeUnix sys) {
            // A loop, not a boxed stream: this runs for every COMPOUND (a stream pipeline cost about 3% of
            // the server's CPU on 4 KiB READs).
            int[] gids = sys.gids();
            Integer[] boxed = new Integer[gids.length];
            for (int i = 0; i < gids.length; i++) {
                boxed[i] = gids[i];
            }
            return new RpcCredential.Sys(sys.uid(), sys.gid(), List.of(boxed));
        }
        return new RpcCredential.None();
    }

    /**
     * A reply the project's codec encoded, written as it is. The large opaques it kept by reference (READ
     * data) go into oncrpc4j's buffer shallowly, as one more buffer of the composite reply that Grizzly
     * writes to the socket, so the payload is not copied on its way there.
     */
    private record Encoded(XdrWriter xdr) implements XdrAble {
        @Override
        public void xdrEncode(XdrEncodingStream out) {
            xdr.writeTo(new XdrWriter.Sink() {
                @Override
                public void encoded(byte[] b, int off, int len) {
                    out.xdrEncodeOpaque(b, off, len);
                }

                @Override
                public void opaque(Bytes data) {
                    if (out instanceof Xdr x) {
                        x.xdrEncodeShallowByteBuffer(data.asReadOnlyBuffer());
                    } else {
                        out.xdrEncodeDynamicOpaque(data.toArray());
                    }
                }
            });
        }

        @Override
        public void xdrDecode(XdrDecodingStream in) {
            throw new UnsupportedOperationException("encode only");
        }
    }
}
