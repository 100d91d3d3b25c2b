package dev.estuary.nfs.internal.codec;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The shared XDR structures of RFC 8881 §3 and the argument/result parts several operations use, as
 * immutable records, each with its encoder and decoder. Field names follow RFC 7863.
 */
public final class Types {
    /** NFS4_FHSIZE (RFC 8881 §3.2): the largest file handle. */
    public static final int FH_SIZE = 128;
    /** NFS4_VERIFIER_SIZE. */
    public static final int VERIFIER_SIZE = 8;
    /** NFS4_OTHER_SIZE: the opaque part of a stateid. */
    public static final int OTHER_SIZE = 12;
    /** NFS4_OPAQUE_LIMIT: owners, client and server ids. */
    public static final int OPAQUE_LIMIT = 1024;
    /** NFS4_SESSIONID_SIZE. */
    public static final int SESSIONID_SIZE = 16;
    /** Largest AUTH_SYS machine name (RFC 5531 Appendix A). */
    public static final int MACHINE_NAME_MAX = 255;
    /** Largest AUTH_SYS supplementary group list (RFC 5531 Appendix A). */
    public static final int AUTH_SYS_GIDS_MAX = 16;
    /** RPCSEC_GSS flavor number (RFC 2203). */
    public static final int RPCSEC_GSS = 6;

    private Types() {
    }

    static void checkLength(Bytes b, int max, String what) {
        if (b.length() > max) {
            throw new IllegalArgumentException(what + ": " + b.length() + " bytes (expected: <= " + max + ")");
        }
    }

    static void checkExact(Bytes b, int n, String what) {
        if (b.length() != n) {
            throw new IllegalArgumentException(what + ": " + b.length() + " bytes (expected: " + n + ")");
        }
    }

    /** A reader of one element, for arrays. */
    @FunctionalInterface
    interface ElementReader<T> {
        T read(XdrReader in) throws XdrException;
    }

    static <T> List<T> readList(XdrReader in, int max, int minSize, String what, ElementReader<T> r)
            throws XdrException {
        int n = in.readCount(max, minSize, what);
        List<T> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(r.read(in));
        }
        return List.copyOf(out);
    }

    static List<Bytes> readOpaques(XdrReader in, String what) throws XdrException {
        return readList(in, Integer.MAX_VALUE, 4, what, r -> r.readOpaque(what));
    }

    static void writeOpaques(XdrWriter out, List<Bytes> list) {
        out.writeInt(list.size());
        list.forEach(out::writeOpaque);
    }

    static Bytes readVerifier(XdrReader in, String what) throws XdrException {
        return in.readFixedOpaque(VERIFIER_SIZE, what);
    }

    static Bytes readSessionId(XdrReader in, String what) throws XdrException {
        return in.readFixedOpaque(SESSIONID_SIZE, what);
    }

    /** stateid4 (RFC 8881 §3.3.12, §8.2). */
    public record Stateid(int seqid, Bytes other) {
        /** The all-zero anonymous stateid (§8.2.3). */
        public static final Stateid ANONYMOUS = new Stateid(0, Bytes.of(new byte[OTHER_SIZE]));

        /** Checks the size of {@code other}. */
        public Stateid {
            checkExact(other, OTHER_SIZE, "stateid other");
        }

        /** Reads a stateid4. */
        public static Stateid decode(XdrReader in) throws XdrException {
            return new Stateid(in.readInt("stateid seqid"), in.readFixedOpaque(OTHER_SIZE, "stateid other"));
        }

        /** Writes this stateid4. */
        public void encode(XdrWriter out) {
            out.writeInt(seqid).writeFixedOpaque(other, OTHER_SIZE);
        }
    }

    /** change_info4 (RFC 8881 §3.3.10). */
    public record ChangeInfo(boolean atomic, long before, long after) {
        /** Reads a change_info4. */
        public static ChangeInfo decode(XdrReader in) throws XdrException {
            return new ChangeInfo(in.readBool("cinfo atomic"), in.readLong("cinfo before"), in.readLong("cinfo after"));
        }

        /** Writes this change_info4. */
        public void encode(XdrWriter out) {
            out.writeBool(atomic).writeLong(before).writeLong(after);
        }
    }

    /** nfstime4 (RFC 8881 §3.3.1); a nanosecond field of 10^9 or more is for the handler to refuse (NFS4ERR_INVAL). */
    public record NfsTime(long seconds, int nseconds) {
        /** Reads an nfstime4. */
        public static NfsTime decode(XdrReader in) throws XdrException {
            return new NfsTime(in.readLong("nfstime4 seconds"), in.readInt("nfstime4 nseconds"));
        }

        /** Writes this nfstime4. */
        public void encode(XdrWriter out) {
            out.writeLong(seconds).writeInt(nseconds);
        }
    }

    /** fsid4 (RFC 8881 §3.3.9). */
    public record Fsid(long major, long minor) {
        /** Reads an fsid4. */
        public static Fsid decode(XdrReader in) throws XdrException {
            return new Fsid(in.readLong("fsid major"), in.readLong("fsid minor"));
        }

        /** Writes this fsid4. */
        public void encode(XdrWriter out) {
            out.writeLong(major).writeLong(minor);
        }
    }

    /** specdata4 (RFC 8881 §3.3.5): device numbers. */
    public record SpecData(int specdata1, int specdata2) {
        /** Reads a specdata4. */
        public static SpecData decode(XdrReader in) throws XdrException {
            return new SpecData(in.readInt("specdata1"), in.readInt("specdata2"));
        }

        /** Writes this specdata4. */
        public void encode(XdrWriter out) {
            out.writeInt(specdata1).writeInt(specdata2);
        }
    }

    /** fattr4 (RFC 8881 §3.3.13): attribute mask and the packed values; {@link FileAttrs} types them. */
    public record Fattr4(Bitmap mask, Bytes values) {
        /** No attributes. */
        public static final Fattr4 EMPTY = new Fattr4(Bitmap.EMPTY, Bytes.EMPTY);

        /** Reads an fattr4 (the values stay packed: unknown attributes are the handler's NFS4ERR_ATTRNOTSUPP). */
        public static Fattr4 decode(XdrReader in) throws XdrException {
            return new Fattr4(Bitmap.decode(in, "attrmask"), in.readOpaque("attr_vals"));
        }

        /** Writes this fattr4. */
        public void encode(XdrWriter out) {
            mask.encode(out);
            out.writeOpaque(values);
        }
    }

    /** state_owner4 (open_owner4, lock_owner4; RFC 8881 §3.3.16). */
    public record StateOwner(long clientid, Bytes owner) {
        /** Checks the owner length. */
        public StateOwner {
            checkLength(owner, OPAQUE_LIMIT, "owner");
        }

        /** Reads a state_owner4. */
        public static StateOwner decode(XdrReader in) throws XdrException {
            return new StateOwner(in.readLong("owner clientid"), in.readOpaque(OPAQUE_LIMIT, "owner"));
        }

        /** Writes this state_owner4. */
        public void encode(XdrWriter out) {
            out.writeLong(clientid).writeOpaque(owner);
        }
    }

    /** client_owner4 (RFC 8881 §2.4). */
    public record ClientOwner(Bytes verifier, Bytes ownerId) {
        /** Checks the sizes. */
        public ClientOwner {
            checkExact(verifier, VERIFIER_SIZE, "co_verifier");
            checkLength(ownerId, OPAQUE_LIMIT, "co_ownerid");
        }

        /** Reads a client_owner4. */
        public static ClientOwner decode(XdrReader in) throws XdrException {
            return new ClientOwner(readVerifier(in, "co_verifier"), in.readOpaque(OPAQUE_LIMIT, "co_ownerid"));
        }

        /** Writes this client_owner4. */
        public void encode(XdrWriter out) {
            out.writeFixedOpaque(verifier, VERIFIER_SIZE).writeOpaque(ownerId);
        }
    }

    /** server_owner4 (RFC 8881 §2.5). */
    public record ServerOwner(long minorId, Bytes majorId) {
        /** Checks the size. */
        public ServerOwner {
            checkLength(majorId, OPAQUE_LIMIT, "so_major_id");
        }

        /** Reads a server_owner4. */
        public static ServerOwner decode(XdrReader in) throws XdrException {
            return new ServerOwner(in.readLong("so_minor_id"), in.readOpaque(OPAQUE_LIMIT, "so_major_id"));
        }

        /** Writes this server_owner4. */
        public void encode(XdrWriter out) {
            out.writeLong(minorId).writeOpaque(majorId);
        }
    }

    /** nfs_impl_id4 (RFC 8881 §3.3.21). */
    public record ImplId(String domain, String name, NfsTime date) {
        /** Reads an nfs_impl_id4. */
        public static ImplId decode(XdrReader in) throws XdrException {
            return new ImplId(in.readString(OPAQUE_LIMIT, "nii_domain"), in.readString(OPAQUE_LIMIT, "nii_name"),
                    NfsTime.decode(in));
        }

        /** Writes this nfs_impl_id4. */
        public void encode(XdrWriter out) {
            out.writeString(domain).writeString(name);
            date.encode(out);
        }

        static @Nullable ImplId decodeOptional(XdrReader in) throws XdrException {
            int n = in.readCount(1, 20, "impl_id");
            return n == 0 ? null : decode(in);
        }

        static void encodeOptional(XdrWriter out, @Nullable ImplId id) {
            if (id == null) {
                out.writeInt(0);
            } else {
                out.writeInt(1);
                id.encode(out);
            }
        }
    }

    /** channel_attrs4 (RFC 8881 §18.36.1); {@code rdmaIrd} is the optional ca_rdma_ird<1>. */
    public record ChannelAttrs(int headerPadSize, int maxRequestSize, int maxResponseSize,
            int maxResponseSizeCached, int maxOperations, int maxRequests, @Nullable Integer rdmaIrd) {
        /** Reads a channel_attrs4. */
        public static ChannelAttrs decode(XdrReader in) throws XdrException {
            int pad = in.readInt("ca_headerpadsize");
            int req = in.readInt("ca_maxrequestsize");
            int resp = in.readInt("ca_maxresponsesize");
            int cached = in.readInt("ca_maxresponsesize_cached");
            int ops = in.readInt("ca_maxoperations");
            int reqs = in.readInt("ca_maxrequests");
            int n = in.readCount(1, 4, "ca_rdma_ird");
            return new ChannelAttrs(pad, req, resp, cached, ops, reqs, n == 0 ? null : in.readInt("ca_rdma_ird"));
        }

        /** Writes this channel_attrs4. */
        public void encode(XdrWriter out) {
            out.writeInt(headerPadSize).writeInt(maxRequestSize).writeInt(maxResponseSize)
                    .writeInt(maxResponseSizeCached).writeInt(maxOperations).writeInt(maxRequests);
            if (rdmaIrd == null) {
                out.writeInt(0);
            } else {
                out.writeInt(1).writeInt(rdmaIrd);
            }
        }
    }

    /** authsys_parms (RFC 5531 Appendix A): at most 255 bytes of machine name and 16 groups. */
    public record AuthSysParms(int stamp, String machineName, int uid, int gid, List<Integer> gids) {
        /** Checks the RFC 5531 limits. */
        public AuthSysParms {
            gids = List.copyOf(gids);
            if (gids.size() > AUTH_SYS_GIDS_MAX) {
                throw new IllegalArgumentException("gids: " + gids.size() + " (expected: <= " + AUTH_SYS_GIDS_MAX + ")");
            }
        }

        /** Reads an authsys_parms. */
        public static AuthSysParms decode(XdrReader in) throws XdrException {
            int stamp = in.readInt("stamp");
            String machine = in.readString(MACHINE_NAME_MAX, "machinename");
            int uid = in.readInt("uid");
            int gid = in.readInt("gid");
            List<Integer> gids = readList(in, AUTH_SYS_GIDS_MAX, 4, "gids", r -> r.readInt("gid"));
            return new AuthSysParms(stamp, machine, uid, gid, gids);
        }

        /** Writes this authsys_parms. */
        public void encode(XdrWriter out) {
            out.writeInt(stamp).writeString(machineName).writeInt(uid).writeInt(gid).writeInt(gids.size());
            gids.forEach(out::writeInt);
        }
    }

    /** callback_sec_parms4 (RFC 8881 §18.36.1). */
    public sealed interface CallbackSec {
        /** AUTH_NONE. */
        record None() implements CallbackSec {
        }

        /** AUTH_SYS with its parameters. */
        record Sys(AuthSysParms parms) implements CallbackSec {
        }

        /** RPCSEC_GSS handles (gss_cb_handles4). */
        record Gss(int service, Bytes handleFromServer, Bytes handleFromClient) implements CallbackSec {
        }

        /** Reads a callback_sec_parms4. */
        static CallbackSec decode(XdrReader in) throws XdrException {
            int flavor = in.readInt("cb_secflavor");
            return switch (flavor) {
                case 0 -> new None();
                case 1 -> new Sys(AuthSysParms.decode(in));
                case RPCSEC_GSS -> new Gss(in.readInt("gcbp_service"), in.readOpaque("gcbp_handle_from_server"),
                        in.readOpaque("gcbp_handle_from_client"));
                default -> throw new XdrException("cb_secflavor: " + flavor + " (expected: 0, 1 or 6)");
            };
        }

        /** Writes this callback_sec_parms4. */
        default void encode(XdrWriter out) {
            switch (this) {
                case None n -> out.writeInt(0);
                case Sys s -> {
                    out.writeInt(1);
                    s.parms().encode(out);
                }
                case Gss g -> out.writeInt(RPCSEC_GSS).writeInt(g.service()).writeOpaque(g.handleFromServer())
                        .writeOpaque(g.handleFromClient());
            }
        }

        static List<CallbackSec> decodeList(XdrReader in) throws XdrException {
            return readList(in, Integer.MAX_VALUE, 4, "sec_parms", CallbackSec::decode);
        }

        static void encodeList(XdrWriter out, List<CallbackSec> list) {
            out.writeInt(list.size());
            list.forEach(p -> p.encode(out));
        }
    }

    /** state_protect_ops4 (RFC 8881 §18.35). */
    public record StateProtectOps(Bitmap mustEnforce, Bitmap mustAllow) {
        static StateProtectOps decode(XdrReader in) throws XdrException {
            return new StateProtectOps(Bitmap.decode(in, "spo_must_enforce"), Bitmap.decode(in, "spo_must_allow"));
        }

        void encode(XdrWriter out) {
            mustEnforce.encode(out);
            mustAllow.encode(out);
        }
    }

    /** state_protect4_a: the client's state protection request in EXCHANGE_ID. */
    public sealed interface StateProtectArgs {
        /** SP4_NONE. */
        record None() implements StateProtectArgs {
        }

        /** SP4_MACH_CRED. */
        record MachCred(StateProtectOps ops) implements StateProtectArgs {
        }

        /** SP4_SSV (ssv_sp_parms4). */
        record Ssv(StateProtectOps ops, List<Bytes> hashAlgs, List<Bytes> encrAlgs, int window,
                int numGssHandles) implements StateProtectArgs {
            /** Copies the lists. */
            public Ssv {
                hashAlgs = List.copyOf(hashAlgs);
                encrAlgs = List.copyOf(encrAlgs);
            }
        }

        static StateProtectArgs decode(XdrReader in) throws XdrException {
            int how = in.readInt("spa_how");
            return switch (how) {
                case 0 -> new None();
                case 1 -> new MachCred(StateProtectOps.decode(in));
                case 2 -> new Ssv(StateProtectOps.decode(in), readOpaques(in, "ssp_hash_algs"),
                        readOpaques(in, "ssp_encr_algs"), in.readInt("ssp_window"), in.readInt("ssp_num_gss_handles"));
                default -> throw new XdrException("spa_how: " + how + " (expected: 0, 1 or 2)");
            };
        }

        default void encode(XdrWriter out) {
            switch (this) {
                case None n -> out.writeInt(0);
                case MachCred m -> {
                    out.writeInt(1);
                    m.ops().encode(out);
                }
                case Ssv s -> {
                    out.writeInt(2);
                    s.ops().encode(out);
                    writeOpaques(out, s.hashAlgs());
                    writeOpaques(out, s.encrAlgs());
                    out.writeInt(s.window()).writeInt(s.numGssHandles());
                }
            }
        }
    }

    /** state_protect4_r: the server's state protection answer in EXCHANGE_ID. */
    public sealed interface StateProtectRes {
        /** SP4_NONE. */
        record None() implements StateProtectRes {
        }

        /** SP4_MACH_CRED. */
        record MachCred(StateProtectOps ops) implements StateProtectRes {
        }

        /** SP4_SSV (ssv_prot_info4). */
        record Ssv(StateProtectOps ops, int hashAlg, int encrAlg, int ssvLen, int window, List<Bytes> handles)
                implements StateProtectRes {
            /** Copies the list. */
            public Ssv {
                handles = List.copyOf(handles);
            }
        }

        static StateProtectRes decode(XdrReader in) throws XdrException {
            int how = in.readInt("spr_how");
            return switch (how) {
                case 0 -> new None();
                case 1 -> new MachCred(StateProtectOps.decode(in));
                case 2 -> new Ssv(StateProtectOps.decode(in), in.readInt("spi_hash_alg"), in.readInt("spi_encr_alg"),
                        in.readInt("spi_ssv_len"), in.readInt("spi_window"), readOpaques(in, "spi_handles"));
                default -> throw new XdrException("spr_how: " + how + " (expected: 0, 1 or 2)");
            };
        }

        default void encode(XdrWriter out) {
            switch (this) {
                case None n -> out.writeInt(0);
                case MachCred m -> {
                    out.writeInt(1);
                    m.ops().encode(out);
                }
                case Ssv s -> {
                    out.writeInt(2);
                    s.ops().encode(out);
                    out.writeInt(s.hashAlg()).writeInt(s.encrAlg()).writeInt(s.ssvLen()).writeInt(s.window());
                    writeOpaques(out, s.handles());
                }
            }
        }
    }

    /** secinfo4 (RFC 8881 §18.29): a flavor, with the GSS triple when it is RPCSEC_GSS. */
    public sealed interface SecInfo {
        /** A flavor without parameters (AUTH_NONE, AUTH_SYS, ...). */
        record Flavor(int flavor) implements SecInfo {
            /** RPCSEC_GSS needs {@link Gss}. */
            public Flavor {
                if (flavor == RPCSEC_GSS) {
                    throw new IllegalArgumentException("flavor: 6 (expected: not RPCSEC_GSS, use SecInfo.Gss)");
                }
            }
        }

        /** RPCSEC_GSS (rpcsec_gss_info). */
        record Gss(Bytes oid, int qop, int service) implements SecInfo {
        }

        static SecInfo decode(XdrReader in) throws XdrException {
            int flavor = in.readInt("secinfo flavor");
            if (flavor == RPCSEC_GSS) {
                return new Gss(in.readOpaque("sec_oid4"), in.readInt("qop"), in.readInt("service"));
            }
            return new Flavor(flavor);
        }

        default void encode(XdrWriter out) {
            switch (this) {
                case Flavor f -> out.writeInt(f.flavor());
                case Gss g -> out.writeInt(RPCSEC_GSS).writeOpaque(g.oid()).writeInt(g.qop()).writeInt(g.service());
            }
        }
    }

    /** netloc4 (RFC 7862 §3.1). */
    public sealed interface NetLoc {
        /** NL4_NAME. */
        record Name(String name) implements NetLoc {
        }

        /** NL4_URL. */
        record Url(String url) implements NetLoc {
        }

        /** NL4_NETADDR (netaddr4, RFC 8881 §3.3.8). */
        record NetAddr(String netid, String addr) implements NetLoc {
        }

        static NetLoc decode(XdrReader in) throws XdrException {
            int type = in.readInt("nl_type");
            return switch (type) {
                case 1 -> new Name(in.readString(Integer.MAX_VALUE, "nl_name"));
                case 2 -> new Url(in.readString(Integer.MAX_VALUE, "nl_url"));
                case 3 -> new NetAddr(in.readString(Integer.MAX_VALUE, "na_r_netid"),
                        in.readString(Integer.MAX_VALUE, "na_r_addr"));
                default -> throw new XdrException("nl_type: " + type + " (expected: 1, 2 or 3)");
            };
        }

        default void encode(XdrWriter out) {
            switch (this) {
                case Name n -> out.writeInt(1).writeString(n.name());
                case Url u -> out.writeInt(2).writeString(u.url());
                case NetAddr a -> out.writeInt(3).writeString(a.netid()).writeString(a.addr());
            }
        }
    }

    /** write_response4 (RFC 7862 §15.2.3); {@code callbackId} is the optional wr_callback_id<1>. */
    public record WriteResponse(@Nullable Stateid callbackId, long count, int committed, Bytes writeVerifier) {
        /** Checks the verifier size. */
        public WriteResponse {
            checkExact(writeVerifier, VERIFIER_SIZE, "wr_writeverf");
        }

        static WriteResponse decode(XdrReader in) throws XdrException {
            int n = in.readCount(1, 16, "wr_callback_id");
            Stateid id = n == 0 ? null : Stateid.decode(in);
            return new WriteResponse(id, in.readLong("wr_count"), in.readInt("wr_committed"),
                    readVerifier(in, "wr_writeverf"));
        }

        void encode(XdrWriter out) {
            if (callbackId == null) {
                out.writeInt(0);
            } else {
                out.writeInt(1);
                callbackId.encode(out);
            }
            out.writeLong(count).writeInt(committed).writeFixedOpaque(writeVerifier, VERIFIER_SIZE);
        }
    }

    /** copy_requirements4 (RFC 7862 §15.2.3). */
    public record CopyRequirements(boolean consecutive, boolean synchronous) {
        static CopyRequirements decode(XdrReader in) throws XdrException {
            return new CopyRequirements(in.readBool("cr_consecutive"), in.readBool("cr_synchronous"));
        }

        void encode(XdrWriter out) {
            out.writeBool(consecutive).writeBool(synchronous);
        }
    }

    /** read_plus_content (RFC 7862 §15.10.3): data or a hole. */
    public sealed interface ReadPlusContent {
        /** NFS4_CONTENT_DATA (data4). */
        record Data(long offset, Bytes data) implements ReadPlusContent {
        }

        /** NFS4_CONTENT_HOLE (data_info4). */
        record Hole(long offset, long length) implements ReadPlusContent {
        }

        static ReadPlusContent decode(XdrReader in) throws XdrException {
            int what = in.readInt("rpc_content");
            return switch (what) {
                case 0 -> new Data(in.readLong("d_offset"), in.readOpaque("d_data"));
                case 1 -> new Hole(in.readLong("di_offset"), in.readLong("di_length"));
                default -> throw new XdrException("rpc_content: " + what + " (expected: 0 data or 1 hole)");
            };
        }

        default void encode(XdrWriter out) {
            switch (this) {
                case Data d -> out.writeInt(0).writeLong(d.offset()).writeOpaque(d.data());
                case Hole h -> out.writeInt(1).writeLong(h.offset()).writeLong(h.length());
            }
        }
    }

    /** entry4 of READDIR (RFC 8881 §18.23). */
    public record DirEntry(long cookie, Bytes name, Fattr4 attrs) {
        static DirEntry decode(XdrReader in) throws XdrException {
            return new DirEntry(in.readLong("entry cookie"), in.readOpaque("entry name"), Fattr4.decode(in));
        }

        void encode(XdrWriter out) {
            out.writeLong(cookie).writeOpaque(name);
            attrs.encode(out);
        }
    }

    /** nfsace4 (RFC 8881 §6.2.1). */
    public record Ace(int type, int flag, int accessMask, String who) {
        static Ace decode(XdrReader in) throws XdrException {
            return new Ace(in.readInt("ace type"), in.readInt("ace flag"), in.readInt("ace access_mask"),
                    in.readString(Integer.MAX_VALUE, "ace who"));
        }

        void encode(XdrWriter out) {
            out.writeInt(type).writeInt(flag).writeInt(accessMask).writeString(who);
        }
    }

    /** LOCK4denied (RFC 8881 §18.10): the conflicting lock. */
    public record LockDenied(long offset, long length, int lockType, StateOwner owner) {
        static LockDenied decode(XdrReader in) throws XdrException {
            return new LockDenied(in.readLong("denied offset"), in.readLong("denied length"),
                    in.readInt("denied locktype"), StateOwner.decode(in));
        }

        void encode(XdrWriter out) {
            out.writeLong(offset).writeLong(length).writeInt(lockType);
            owner.encode(out);
        }
    }
}
