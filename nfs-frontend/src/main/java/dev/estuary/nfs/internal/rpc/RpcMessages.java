package dev.estuary.nfs.internal.rpc;

import dev.estuary.nfs.internal.codec.Bytes;
import dev.estuary.nfs.internal.codec.Types.AuthSysParms;
import dev.estuary.nfs.internal.codec.XdrException;
import dev.estuary.nfs.internal.codec.XdrLimits;
import dev.estuary.nfs.internal.codec.XdrReader;
import dev.estuary.nfs.internal.codec.XdrWriter;
import org.jspecify.annotations.Nullable;

/** ONC RPC version 2 messages (RFC 5531 §9) and record marking (§11): constants, records, codec. */
public final class RpcMessages {
    /** RPC protocol version (RFC 5531 §9). */
    public static final int RPC_VERSION = 2;
    /** msg_type CALL. */
    public static final int CALL = 0;
    /** msg_type REPLY. */
    public static final int REPLY = 1;
    /** reply_stat MSG_ACCEPTED. */
    public static final int MSG_ACCEPTED = 0;
    /** reply_stat MSG_DENIED. */
    public static final int MSG_DENIED = 1;
    /** accept_stat SUCCESS. */
    public static final int SUCCESS = 0;
    /** accept_stat PROG_UNAVAIL. */
    public static final int PROG_UNAVAIL = 1;
    /** accept_stat PROG_MISMATCH. */
    public static final int PROG_MISMATCH = 2;
    /** accept_stat PROC_UNAVAIL. */
    public static final int PROC_UNAVAIL = 3;
    /** accept_stat GARBAGE_ARGS. */
    public static final int GARBAGE_ARGS = 4;
    /** accept_stat SYSTEM_ERR. */
    public static final int SYSTEM_ERR = 5;
    /** reject_stat RPC_MISMATCH. */
    public static final int RPC_MISMATCH = 0;
    /** reject_stat AUTH_ERROR. */
    public static final int AUTH_ERROR = 1;
    /** auth_stat AUTH_BADCRED. */
    public static final int AUTH_BADCRED = 1;
    /** auth_stat AUTH_BADVERF. */
    public static final int AUTH_BADVERF = 3;
    /** auth_flavor AUTH_NONE. */
    public static final int AUTH_NONE = 0;
    /** auth_flavor AUTH_SYS. */
    public static final int AUTH_SYS = 1;
    /** auth_flavor RPCSEC_GSS (RFC 2203). */
    public static final int RPCSEC_GSS = 6;
    /** Largest opaque_auth body (RFC 5531 §8.2). */
    public static final int MAX_AUTH_BYTES = 400;
    /** Record marking: the last-fragment bit of a fragment header (RFC 5531 §11). */
    public static final int LAST_FRAGMENT = 0x80000000;
    /** Record marking: the length bits of a fragment header. */
    public static final int FRAGMENT_LENGTH = 0x7fffffff;

    /** Limits for message headers: credentials are tiny, 400 bytes at most. */
    private static final XdrLimits HEADER_LIMITS = new XdrLimits(MAX_AUTH_BYTES, 64, 1);

    private RpcMessages() {
    }

    /** opaque_auth (RFC 5531 §8.2). */
    public record OpaqueAuth(int flavor, Bytes body) {
        /** AUTH_NONE with an empty body. */
        public static final OpaqueAuth NONE = new OpaqueAuth(AUTH_NONE, Bytes.EMPTY);

        static OpaqueAuth decode(XdrReader in, String what) throws XdrException {
            return new OpaqueAuth(in.readInt(what + " flavor"), in.readOpaque(MAX_AUTH_BYTES, what + " body"));
        }

        void encode(XdrWriter out) {
            out.writeInt(flavor).writeOpaque(body);
        }
    }

    /** The header of a CALL (call_body up to and including the verifier); the arguments follow it. */
    public record CallHeader(int xid, int rpcVersion, int program, int version, int procedure, OpaqueAuth credential,
            OpaqueAuth verifier) {
        /** Writes msg_type CALL and the call body header. */
        public void encode(XdrWriter out) {
            out.writeInt(xid).writeInt(CALL).writeInt(rpcVersion).writeInt(program).writeInt(version).writeInt(procedure);
            credential.encode(out);
            verifier.encode(out);
        }
    }

    /**
     * Reads the start of a message: xid and msg_type, and for a CALL the rest of the header. Returns null
     * for a REPLY (left to oncrpc4j's reply queue, the backchannel).
     */
    public static @Nullable CallHeader decodeCallHeader(XdrReader in) throws XdrException {
        int xid = in.readInt("xid");
        int type = in.readInt("msg_type");
        if (type == REPLY) {
            return null;
        }
        if (type != CALL) {
            throw new XdrException("msg_type: " + type + " (expected: 0 CALL or 1 REPLY)");
        }
        int rpcvers = in.readInt("rpcvers");
        int prog = in.readInt("prog");
        int vers = in.readInt("vers");
        int proc = in.readInt("proc");
        return new CallHeader(xid, rpcvers, prog, vers, proc, OpaqueAuth.decode(in, "cred"), OpaqueAuth.decode(in, "verf"));
    }

    /** Reads the xid of a message too short or broken to decode further (0 when not even that is there). */
    static int peekXid(byte[] record) {
        return peekInt(record, 0);
    }

    /** Reads the big-endian int at {@code offset}, or -1 past the end. */
    static int peekInt(byte[] record, int offset) {
        return record.length < offset + 4 ? -1
                : ((record[offset] & 0xff) << 24) | ((record[offset + 1] & 0xff) << 16)
                        | ((record[offset + 2] & 0xff) << 8) | (record[offset + 3] & 0xff);
    }

    /**
     * The credential of a call: AUTH_NONE (empty body) or AUTH_SYS (authsys_parms filling the body exactly,
     * at most 16 groups and a 255-byte machine name, RFC 5531 Appendix A).
     *
     * @throws XdrException when the body is malformed (the caller answers AUTH_BADCRED)
     * @throws UnsupportedFlavorException for any other flavor (RPCSEC_GSS included)
     */
    public static RpcCredential decodeCredential(OpaqueAuth cred) throws XdrException, UnsupportedFlavorException {
        return switch (cred.flavor()) {
            case AUTH_NONE -> {
                if (cred.body().length() != 0) {
                    throw new XdrException("AUTH_NONE body: " + cred.body().length() + " bytes (expected: 0)");
                }
                yield new RpcCredential.None();
            }
            case AUTH_SYS -> {
                XdrReader in = new XdrReader(cred.body().toArray(), HEADER_LIMITS);
                AuthSysParms parms = AuthSysParms.decode(in);
                in.expectEnd("authsys_parms");
                yield new RpcCredential.Sys(parms.uid(), parms.gid(), parms.gids());
            }
            default -> throw new UnsupportedFlavorException(cred.flavor());
        };
    }

    /** A credential flavor this server does not accept. */
    public static final class UnsupportedFlavorException extends Exception {
        private static final long serialVersionUID = 1L;

        /** @param flavor the auth_flavor sent */
        public UnsupportedFlavorException(int flavor) {
            super("credential flavor: " + flavor + " (expected: 0 AUTH_NONE or 1 AUTH_SYS)");
        }
    }

    /** Encodes a MSG_ACCEPTED reply with an AUTH_NONE verifier, then {@code result} (already XDR). */
    public static byte[] acceptedReply(int xid, int acceptStat, byte[] result) {
        XdrWriter out = new XdrWriter(32 + result.length);
        out.writeInt(xid).writeInt(REPLY).writeInt(MSG_ACCEPTED);
        OpaqueAuth.NONE.encode(out);
        out.writeInt(acceptStat).writeEncoded(result);
        return out.toByteArray();
    }

    /** Encodes MSG_DENIED / AUTH_ERROR with {@code authStat} (RFC 5531 §9). */
    public static byte[] authError(int xid, int authStat) {
        return new XdrWriter(20).writeInt(xid).writeInt(REPLY).writeInt(MSG_DENIED).writeInt(AUTH_ERROR)
                .writeInt(authStat).toByteArray();
    }

    /** Encodes MSG_DENIED / RPC_MISMATCH: this server speaks RPC version 2 only. */
    public static byte[] rpcMismatch(int xid) {
        return new XdrWriter(24).writeInt(xid).writeInt(REPLY).writeInt(MSG_DENIED).writeInt(RPC_MISMATCH)
                .writeInt(RPC_VERSION).writeInt(RPC_VERSION).toByteArray();
    }

    /**
     * Checks that a REPLY message is well-formed up to its results (RFC 5531 §9 reply_body), so that
     * oncrpc4j's reply decoder, which does not check bounds, only sees complete headers.
     */
    public static void checkReplyHeader(byte[] message) throws XdrException {
        XdrReader in = new XdrReader(message, HEADER_LIMITS);
        in.readInt("xid");
        if (in.readInt("msg_type") != REPLY) {
            throw new XdrException("msg_type: not REPLY (expected: 1)");
        }
        int replyStat = in.readInt("reply_stat");
        if (replyStat == MSG_ACCEPTED) {
            OpaqueAuth.decode(in, "verf");
            if (in.readInt("accept_stat") == PROG_MISMATCH) {
                in.readInt("low");
                in.readInt("high");
            }
        } else if (replyStat == MSG_DENIED) {
            int reject = in.readInt("reject_stat");
            if (reject == RPC_MISMATCH) {
                in.readInt("low");
                in.readInt("high");
            } else if (reject == AUTH_ERROR) {
                in.readInt("auth_stat");
            } else {
                throw new XdrException("reject_stat: " + reject + " (expected: 0 or 1)");
            }
        } else {
            throw new XdrException("reply_stat: " + replyStat + " (expected: 0 or 1)");
        }
    }

    /** A decoded reply (clients and tests). */
    public record Reply(int xid, int replyStat, int stat, Bytes body) {
    }

    /**
     * Reads a reply: for MSG_ACCEPTED, {@code stat} is the accept_stat and {@code body} what follows it; for
     * MSG_DENIED, {@code stat} is the reject_stat and {@code body} the rest (auth_stat or mismatch_info).
     */
    public static Reply decodeReply(byte[] message) throws XdrException {
        XdrReader in = new XdrReader(message, XdrLimits.DEFAULT);
        int xid = in.readInt("xid");
        int type = in.readInt("msg_type");
        if (type != REPLY) {
            throw new XdrException("msg_type: " + type + " (expected: 1 REPLY)");
        }
        int replyStat = in.readInt("reply_stat");
        if (replyStat == MSG_ACCEPTED) {
            OpaqueAuth.decode(in, "verf");
        } else if (replyStat != MSG_DENIED) {
            throw new XdrException("reply_stat: " + replyStat + " (expected: 0 or 1)");
        }
        int stat = in.readInt("stat");
        int rest = in.remaining();
        byte[] body = new byte[rest];
        System.arraycopy(message, in.position(), body, 0, rest);
        return new Reply(xid, replyStat, stat, Bytes.of(body));
    }

    /** Frames {@code message} as one record: a single last fragment (RFC 5531 §11). */
    public static byte[] frame(byte[] message) {
        byte[] out = new byte[message.length + 4];
        int header = LAST_FRAGMENT | message.length;
        out[0] = (byte) (header >>> 24);
        out[1] = (byte) (header >>> 16);
        out[2] = (byte) (header >>> 8);
        out[3] = (byte) header;
        System.arraycopy(message, 0, out, 4, message.length);
        return out;
    }
}
