package dev.estuary.nfs.internal.codec;

import dev.estuary.nfs.internal.codec.NfsArgs.CreateHow;
import dev.estuary.nfs.internal.codec.NfsArgs.CreateType;
import dev.estuary.nfs.internal.codec.NfsArgs.Locker;
import dev.estuary.nfs.internal.codec.NfsArgs.OpenClaim;
import dev.estuary.nfs.internal.codec.Types.CallbackSec;
import dev.estuary.nfs.internal.codec.Types.ChannelAttrs;
import dev.estuary.nfs.internal.codec.Types.ClientOwner;
import dev.estuary.nfs.internal.codec.Types.Fattr4;
import dev.estuary.nfs.internal.codec.Types.ImplId;
import dev.estuary.nfs.internal.codec.Types.NetLoc;
import dev.estuary.nfs.internal.codec.Types.StateOwner;
import dev.estuary.nfs.internal.codec.Types.StateProtectArgs;
import dev.estuary.nfs.internal.codec.Types.Stateid;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * COMPOUND4args / COMPOUND4res codec (RFC 8881 §16.2). Decoding is in two steps so the caller can
 * answer NFS4ERR_MINOR_VERS_MISMATCH from the header alone, before reading operations whose XDR
 * belongs to a minor version it does not speak (§16.2.3).
 */
public final class CompoundCodec {
    /** The smallest encoded operation: its number. */
    private static final int MIN_OP_SIZE = 4;

    private CompoundCodec() {
    }

    /** The part of COMPOUND4args before the operations. */
    public record Header(Bytes tag, int minorVersion) {
    }

    /** Reads the tag and the minor version. */
    public static Header decodeHeader(XdrReader in) throws XdrException {
        Bytes tag = in.readOpaque("tag");
        return new Header(tag, in.readInt("minorversion"));
    }

    /**
     * Reads the operation array after {@link #decodeHeader}. A hostile count (larger than the input could
     * hold) and bytes after the array are XDR errors of the whole call (GARBAGE_ARGS); a problem inside
     * one operation stops decoding with a {@link CompoundArgs.Stop} for that operation.
     */
    public static CompoundArgs decodeOperations(XdrReader in, Header header) throws XdrException {
        int count = in.readInt("argarray count");
        if (count < 0 || (long) count * MIN_OP_SIZE > in.remaining()) {
            throw new XdrException("argarray count: " + Integer.toUnsignedString(count) + " (expected: at most "
                    + in.remaining() / MIN_OP_SIZE + ", what the " + in.remaining() + " bytes left can hold)");
        }
        int max = in.limits().maxOperations();
        List<NfsArgs> ops = new ArrayList<>(Math.min(count, max));
        CompoundArgs.Stop stop = null;
        for (int i = 0; i < count && stop == null; i++) {
            int opnum = in.readInt("argop");
            OpCode op = OpCode.of(opnum);
            // An operation of a later minor version is not in this COMPOUND's nfs_opnum4 (RFC 8881 §16.2.3,
            // RFC 7862 §1.3): it is illegal there, as knfsd answers, not merely unsupported.
            if (op == null || op.firstMinorVersion() > header.minorVersion()) {
                stop = new CompoundArgs.Stop.Illegal(opnum);
            } else if (i == max) {
                stop = new CompoundArgs.Stop.TooManyOps(op, count);
            } else {
                try {
                    NfsArgs args = decodeArgs(op, in);
                    if (args == null) {
                        stop = new CompoundArgs.Stop.NotSupported(op);
                    } else {
                        ops.add(args);
                    }
                } catch (XdrException e) {
                    stop = new CompoundArgs.Stop.BadXdr(op, e.getMessage());
                }
            }
        }
        if (stop == null) {
            in.expectEnd("COMPOUND4args");
        }
        return new CompoundArgs(header.tag(), header.minorVersion(), ops, stop);
    }

    /** Reads a whole COMPOUND4args. */
    public static CompoundArgs decodeArgs(XdrReader in) throws XdrException {
        return decodeOperations(in, decodeHeader(in));
    }

    /** Writes COMPOUND4args; a decoded request that stopped early cannot be written again. */
    public static void encode(CompoundArgs args, XdrWriter out) {
        if (args.stop() != null) {
            throw new IllegalArgumentException("stop: " + args.stop() + " (expected: none, only complete COMPOUNDs encode)");
        }
        out.writeOpaque(args.tag()).writeInt(args.minorVersion()).writeInt(args.ops().size());
        for (NfsArgs op : args.ops()) {
            out.writeInt(op.op().code());
            op.encode(out);
        }
    }

    /** Writes COMPOUND4res. */
    public static void encode(CompoundRes res, XdrWriter out) {
        res.status().encode(out);
        out.writeOpaque(res.tag()).writeInt(res.results().size());
        for (NfsResult r : res.results()) {
            r.encode(out);
        }
    }

    /** Reads COMPOUND4res (clients and tests). */
    public static CompoundRes decodeRes(XdrReader in) throws XdrException {
        NfsStatus status = NfsStatus.decode(in, "status");
        Bytes tag = in.readOpaque("tag");
        List<NfsResult> results = Types.readList(in, Integer.MAX_VALUE, 8, "resarray", NfsResult::decode);
        in.expectEnd("COMPOUND4res");
        NfsStatus last = results.isEmpty() ? NfsStatus.OK : results.getLast().status();
        if (!results.isEmpty() && last != status) {
            throw new XdrException("status: " + status + " (expected: " + last + ", the last result's)");
        }
        return new CompoundRes(status, tag, results);
    }

    /** @return whether the codec models the arguments of {@code op} */
    public static boolean models(OpCode op) {
        return switch (op) {
            case OPEN_CONFIRM, RENEW, SETCLIENTID, SETCLIENTID_CONFIRM, RELEASE_LOCKOWNER,
                    GET_DIR_DELEGATION, GETDEVICEINFO, GETDEVICELIST, LAYOUTCOMMIT, LAYOUTGET, LAYOUTRETURN,
                    SET_SSV, WANT_DELEGATION, COPY_NOTIFY, IO_ADVISE, LAYOUTERROR, LAYOUTSTATS,
                    WRITE_SAME, ILLEGAL -> false;
            default -> true;
        };
    }

    /** Reads the arguments of {@code op}; null when the codec does not model them. */
    static @Nullable NfsArgs decodeArgs(OpCode op, XdrReader in) throws XdrException {
        if (!models(op)) {
            return null;
        }
        return switch (op) {
            case ACCESS -> new NfsArgs.Access(in.readInt("access"));
            case CLOSE -> new NfsArgs.Close(in.readInt("seqid"), Stateid.decode(in));
            case COMMIT -> new NfsArgs.Commit(in.readLong("offset"), in.readInt("count"));
            case CREATE -> new NfsArgs.Create(CreateType.decode(in), in.readOpaque("objname"), Fattr4.decode(in));
            case DELEGPURGE -> new NfsArgs.DelegPurge(in.readLong("clientid"));
            case DELEGRETURN -> new NfsArgs.DelegReturn(Stateid.decode(in));
            case GETATTR -> new NfsArgs.GetAttr(Bitmap.decode(in, "attr_request"));
            case GETFH -> new NfsArgs.GetFh();
            case LINK -> new NfsArgs.Link(in.readOpaque("newname"));
            case LOCK -> new NfsArgs.Lock(in.readInt("locktype"), in.readBool("reclaim"), in.readLong("offset"),
                    in.readLong("length"), Locker.decode(in));
            case LOCKT -> new NfsArgs.LockT(in.readInt("locktype"), in.readLong("offset"), in.readLong("length"),
                    StateOwner.decode(in));
            case LOCKU -> new NfsArgs.LockU(in.readInt("locktype"), in.readInt("seqid"), Stateid.decode(in),
                    in.readLong("offset"), in.readLong("length"));
            case LOOKUP -> new NfsArgs.Lookup(in.readOpaque("objname"));
            case LOOKUPP -> new NfsArgs.LookupP();
            case NVERIFY -> new NfsArgs.NVerify(Fattr4.decode(in));
            case OPEN -> {
                int seqid = in.readInt("seqid");
                int access = in.readInt("share_access");
                int deny = in.readInt("share_deny");
                StateOwner owner = StateOwner.decode(in);
                int opentype = in.readInt("opentype");
                CreateHow how = switch (opentype) {
                    case 0 -> null;
                    case 1 -> CreateHow.decode(in);
                    default -> throw new XdrException("opentype: " + opentype + " (expected: 0 or 1)");
                };
                yield new NfsArgs.Open(seqid, access, deny, owner, how, OpenClaim.decode(in));
            }
            case OPENATTR -> new NfsArgs.OpenAttr(in.readBool("createdir"));
            case OPEN_DOWNGRADE -> new NfsArgs.OpenDowngrade(Stateid.decode(in), in.readInt("seqid"),
                    in.readInt("share_access"), in.readInt("share_deny"));
            case PUTFH -> new NfsArgs.PutFh(in.readOpaque(Types.FH_SIZE, "object"));
            case PUTPUBFH -> new NfsArgs.PutPubFh();
            case PUTROOTFH -> new NfsArgs.PutRootFh();
            case READ -> new NfsArgs.Read(Stateid.decode(in), in.readLong("offset"), in.readInt("count"));
            case READDIR -> new NfsArgs.ReadDir(in.readLong("cookie"), Types.readVerifier(in, "cookieverf"),
                    in.readInt("dircount"), in.readInt("maxcount"), Bitmap.decode(in, "attr_request"));
            case READLINK -> new NfsArgs.ReadLink();
            case REMOVE -> new NfsArgs.Remove(in.readOpaque("target"));
            case RENAME -> new NfsArgs.Rename(in.readOpaque("oldname"), in.readOpaque("newname"));
            case RESTOREFH -> new NfsArgs.RestoreFh();
            case SAVEFH -> new NfsArgs.SaveFh();
            case SECINFO -> new NfsArgs.SecInfo(in.readOpaque("name"));
            case SETATTR -> new NfsArgs.SetAttr(Stateid.decode(in), Fattr4.decode(in));
            case VERIFY -> new NfsArgs.Verify(Fattr4.decode(in));
            case WRITE -> new NfsArgs.Write(Stateid.decode(in), in.readLong("offset"), in.readInt("stable"),
                    in.readOpaque("data"));
            case BACKCHANNEL_CTL -> new NfsArgs.BackchannelCtl(in.readInt("bca_cb_program"), CallbackSec.decodeList(in));
            case BIND_CONN_TO_SESSION -> new NfsArgs.BindConnToSession(Types.readSessionId(in, "bctsa_sessid"),
                    in.readInt("bctsa_dir"), in.readBool("bctsa_use_conn_in_rdma_mode"));
            case EXCHANGE_ID -> new NfsArgs.ExchangeId(ClientOwner.decode(in), in.readInt("eia_flags"),
                    StateProtectArgs.decode(in), ImplId.decodeOptional(in));
            case CREATE_SESSION -> new NfsArgs.CreateSession(in.readLong("csa_clientid"), in.readInt("csa_sequence"),
                    in.readInt("csa_flags"), ChannelAttrs.decode(in), ChannelAttrs.decode(in),
                    in.readInt("csa_cb_program"), CallbackSec.decodeList(in));
            case DESTROY_SESSION -> new NfsArgs.DestroySession(Types.readSessionId(in, "dsa_sessionid"));
            case FREE_STATEID -> new NfsArgs.FreeStateid(Stateid.decode(in));
            case SECINFO_NO_NAME -> new NfsArgs.SecInfoNoName(in.readInt("secinfo_style"));
            case SEQUENCE -> new NfsArgs.Sequence(Types.readSessionId(in, "sa_sessionid"), in.readInt("sa_sequenceid"),
                    in.readInt("sa_slotid"), in.readInt("sa_highest_slotid"), in.readBool("sa_cachethis"));
            case TEST_STATEID -> new NfsArgs.TestStateid(Types.readList(in, Integer.MAX_VALUE, 16, "ts_stateids",
                    Stateid::decode));
            case DESTROY_CLIENTID -> new NfsArgs.DestroyClientId(in.readLong("dca_clientid"));
            case RECLAIM_COMPLETE -> new NfsArgs.ReclaimComplete(in.readBool("rca_one_fs"));
            case ALLOCATE -> new NfsArgs.Allocate(Stateid.decode(in), in.readLong("aa_offset"), in.readLong("aa_length"));
            case COPY -> new NfsArgs.Copy(Stateid.decode(in), Stateid.decode(in), in.readLong("ca_src_offset"),
                    in.readLong("ca_dst_offset"), in.readLong("ca_count"), in.readBool("ca_consecutive"),
                    in.readBool("ca_synchronous"), Types.readList(in, Integer.MAX_VALUE, 8, "ca_source_server",
                            NetLoc::decode));
            case DEALLOCATE -> new NfsArgs.Deallocate(Stateid.decode(in), in.readLong("da_offset"), in.readLong("da_length"));
            case OFFLOAD_CANCEL -> new NfsArgs.OffloadCancel(Stateid.decode(in));
            case OFFLOAD_STATUS -> new NfsArgs.OffloadStatus(Stateid.decode(in));
            case CLONE -> new NfsArgs.Clone(Stateid.decode(in), Stateid.decode(in), in.readLong("cl_src_offset"),
                    in.readLong("cl_dst_offset"), in.readLong("cl_count"));
            case READ_PLUS -> new NfsArgs.ReadPlus(Stateid.decode(in), in.readLong("rpa_offset"), in.readInt("rpa_count"));
            case SEEK -> new NfsArgs.Seek(Stateid.decode(in), in.readLong("sa_offset"), in.readInt("sa_what"));
            case GETXATTR -> new NfsArgs.GetXattr(in.readOpaque("gxa_name"));
            case SETXATTR -> new NfsArgs.SetXattr(in.readInt("sxa_option"), in.readOpaque("sxa_key"),
                    in.readOpaque("sxa_value"));
            case LISTXATTRS -> new NfsArgs.ListXattrs(in.readLong("lxa_cookie"), in.readInt("lxa_maxcount"));
            case REMOVEXATTR -> new NfsArgs.RemoveXattr(in.readOpaque("rxa_name"));
            default -> throw new IllegalStateException("models() and decodeArgs() disagree on " + op);
        };
    }
}
