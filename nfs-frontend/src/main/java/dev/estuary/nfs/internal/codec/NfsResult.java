package dev.estuary.nfs.internal.codec;

import dev.estuary.nfs.internal.codec.Types.Ace;
import dev.estuary.nfs.internal.codec.Types.ChangeInfo;
import dev.estuary.nfs.internal.codec.Types.ChannelAttrs;
import dev.estuary.nfs.internal.codec.Types.CopyRequirements;
import dev.estuary.nfs.internal.codec.Types.DirEntry;
import dev.estuary.nfs.internal.codec.Types.Fattr4;
import dev.estuary.nfs.internal.codec.Types.ImplId;
import dev.estuary.nfs.internal.codec.Types.LockDenied;
import dev.estuary.nfs.internal.codec.Types.ReadPlusContent;
import dev.estuary.nfs.internal.codec.Types.SecInfo;
import dev.estuary.nfs.internal.codec.Types.ServerOwner;
import dev.estuary.nfs.internal.codec.Types.StateProtectRes;
import dev.estuary.nfs.internal.codec.Types.Stateid;
import dev.estuary.nfs.internal.codec.Types.WriteResponse;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * nfs_resop4: the result of one operation: its number, its status and the body the XDR union carries
 * for that status (RFC 8881 §18 "RESULTS", RFC 7862 §15, RFC 8276 §8.4). The constructor refuses a body
 * that does not belong to the operation and status, so every result encodes to valid XDR. An
 * operation whose OK result the codec does not model (valid but unsupported, {@link OpCode#ILLEGAL})
 * can only carry an error status.
 */
public record NfsResult(OpCode op, NfsStatus status, @Nullable Body body) {

    /** Checks that {@code body} is the arm of the result union selected by {@code op} and {@code status}. */
    public NfsResult {
        if (op == OpCode.ILLEGAL && status != NfsStatus.OP_ILLEGAL) {
            throw new IllegalArgumentException("status: " + status + " (expected: OP_ILLEGAL for OP_ILLEGAL)");
        }
        Class<? extends Body> expected = bodyType(op, status);
        if (expected == Unmodelled.class) {
            throw new IllegalArgumentException("status: OK for " + op + " (expected: an error, its OK result is not modelled)");
        }
        if (expected == null ? body != null : !expected.isInstance(body)) {
            throw new IllegalArgumentException("body: " + body + " (expected: "
                    + (expected == null ? "none" : expected.getSimpleName()) + " for " + op + " " + status + ")");
        }
    }

    /**
     * A result without a body: any error, or the OK of an operation whose result is only a status. SETATTR4res
     * carries attrsset whatever the status (§18.30): an error gets the empty bitmap, so a generic error path
     * (BADXDR, NOTSUPP, ...) can answer SETATTR too.
     */
    public static NfsResult of(OpCode op, NfsStatus status) {
        if (op == OpCode.SETATTR && status != NfsStatus.OK) {
            return new NfsResult(op, status, new AttrsSet(Bitmap.EMPTY));
        }
        return new NfsResult(op, status, null);
    }

    /** An OK result with its body. */
    public static NfsResult ok(OpCode op, Body body) {
        return new NfsResult(op, NfsStatus.OK, body);
    }

    /** The body of a result union arm. */
    public sealed interface Body {
        /** Writes the body. */
        void encode(XdrWriter out);
    }

    /** Marks an OK result the codec cannot encode (never instantiated). */
    private record Unmodelled() implements Body {
        public void encode(XdrWriter out) {
            throw new IllegalStateException("unmodelled");
        }
    }

    /** ACCESS4resok (§18.1). */
    public record AccessOk(int supported, int access) implements Body {
        public void encode(XdrWriter out) { out.writeInt(supported).writeInt(access); }
    }

    /** A stateid: CLOSE, LOCK (LOCK4resok), LOCKU, OPEN_DOWNGRADE. */
    public record StateidOk(Stateid stateid) implements Body {
        public void encode(XdrWriter out) { stateid.encode(out); }
    }

    /** COMMIT4resok (§18.3): the write verifier. */
    public record CommitOk(Bytes writeVerifier) implements Body {
        /** Checks the size. */
        public CommitOk {
            Types.checkExact(writeVerifier, Types.VERIFIER_SIZE, "writeverf");
        }
        public void encode(XdrWriter out) { out.writeFixedOpaque(writeVerifier, Types.VERIFIER_SIZE); }
    }

    /** CREATE4resok (§18.4). */
    public record CreateOk(ChangeInfo cinfo, Bitmap attrSet) implements Body {
        public void encode(XdrWriter out) { cinfo.encode(out); attrSet.encode(out); }
    }

    /** GETATTR4resok (§18.7). */
    public record GetAttrOk(Fattr4 attributes) implements Body {
        public void encode(XdrWriter out) { attributes.encode(out); }
    }

    /** GETFH4resok (§18.8). */
    public record GetFhOk(Bytes object) implements Body {
        /** Checks the handle size. */
        public GetFhOk {
            Types.checkLength(object, Types.FH_SIZE, "object");
        }
        public void encode(XdrWriter out) { out.writeOpaque(object); }
    }

    /** A change_info4: LINK, REMOVE (§18.9, §18.25), SETXATTR, REMOVEXATTR (RFC 8276 §8.4.2, §8.4.4). */
    public record ChangeInfoOk(ChangeInfo cinfo) implements Body {
        public void encode(XdrWriter out) { cinfo.encode(out); }
    }

    /** LOCK4denied: LOCK and LOCKT with NFS4ERR_DENIED (§18.10, §18.11). */
    public record Denied(LockDenied denied) implements Body {
        public void encode(XdrWriter out) { denied.encode(out); }
    }

    /** nfs_space_limit4 (§18.16). */
    public sealed interface SpaceLimit {
        /** NFS_LIMIT_SIZE. */
        record Size(long fileSize) implements SpaceLimit {
        }

        /** NFS_LIMIT_BLOCKS (nfs_modified_limit4). */
        record Blocks(int numBlocks, int bytesPerBlock) implements SpaceLimit {
        }
    }

    /** open_delegation4 (§18.16). */
    public sealed interface Delegation {
        /** OPEN_DELEGATE_NONE. */
        record None() implements Delegation {
        }

        /** OPEN_DELEGATE_READ (1) or OPEN_DELEGATE_READ_ATTRS_DELEG (4): open_read_delegation4. */
        record Read(int type, Stateid stateid, boolean recall, Ace permissions) implements Delegation {
            /** Checks the type. */
            public Read {
                if (type != 1 && type != 4) {
                    throw new IllegalArgumentException("type: " + type + " (expected: 1 or 4)");
                }
            }
        }

        /** OPEN_DELEGATE_WRITE (2) or OPEN_DELEGATE_WRITE_ATTRS_DELEG (5): open_write_delegation4. */
        record Write(int type, Stateid stateid, boolean recall, SpaceLimit spaceLimit, Ace permissions)
                implements Delegation {
            /** Checks the type. */
            public Write {
                if (type != 2 && type != 5) {
                    throw new IllegalArgumentException("type: " + type + " (expected: 2 or 5)");
                }
            }
        }

        /**
         * OPEN_DELEGATE_NONE_EXT: why_no_delegation4, with the boolean of WND4_CONTENTION (1) and
         * WND4_RESOURCE (2), absent otherwise.
         */
        record NoneExt(int why, @Nullable Boolean willPushOrSignal) implements Delegation {
            /** Checks that the boolean is present exactly for reasons 1 and 2. */
            public NoneExt {
                if ((why == 1 || why == 2) != (willPushOrSignal != null)) {
                    throw new IllegalArgumentException("willPushOrSignal: " + willPushOrSignal
                            + " (expected: present only for WND4_CONTENTION and WND4_RESOURCE)");
                }
            }
        }
    }

    /** OPEN4resok (§18.16). */
    public record OpenOk(Stateid stateid, ChangeInfo cinfo, int resultFlags, Bitmap attrSet, Delegation delegation)
            implements Body {
        public void encode(XdrWriter out) {
            stateid.encode(out);
            cinfo.encode(out);
            out.writeInt(resultFlags);
            attrSet.encode(out);
            switch (delegation) {
                case Delegation.None n -> out.writeInt(0);
                case Delegation.Read r -> {
                    out.writeInt(r.type());
                    r.stateid().encode(out);
                    out.writeBool(r.recall());
                    r.permissions().encode(out);
                }
                case Delegation.Write w -> {
                    out.writeInt(w.type());
                    w.stateid().encode(out);
                    out.writeBool(w.recall());
                    switch (w.spaceLimit()) {
                        case SpaceLimit.Size s -> out.writeInt(1).writeLong(s.fileSize());
                        case SpaceLimit.Blocks b -> out.writeInt(2).writeInt(b.numBlocks()).writeInt(b.bytesPerBlock());
                    }
                    w.permissions().encode(out);
                }
                case Delegation.NoneExt x -> {
                    out.writeInt(3).writeInt(x.why());
                    if (x.willPushOrSignal() != null) {
                        out.writeBool(x.willPushOrSignal());
                    }
                }
            }
        }

        static OpenOk decode(XdrReader in) throws XdrException {
            Stateid stateid = Stateid.decode(in);
            ChangeInfo cinfo = ChangeInfo.decode(in);
            int rflags = in.readInt("rflags");
            Bitmap attrset = Bitmap.decode(in, "attrset");
            int type = in.readInt("delegation_type");
            Delegation d = switch (type) {
                case 0 -> new Delegation.None();
                case 1, 4 -> new Delegation.Read(type, Stateid.decode(in), in.readBool("recall"), Ace.decode(in));
                case 2, 5 -> {
                    Stateid s = Stateid.decode(in);
                    boolean recall = in.readBool("recall");
                    int limitBy = in.readInt("limitby");
                    SpaceLimit limit = switch (limitBy) {
                        case 1 -> new SpaceLimit.Size(in.readLong("filesize"));
                        case 2 -> new SpaceLimit.Blocks(in.readInt("num_blocks"), in.readInt("bytes_per_block"));
                        default -> throw new XdrException("limitby: " + limitBy + " (expected: 1 or 2)");
                    };
                    yield new Delegation.Write(type, s, recall, limit, Ace.decode(in));
                }
                case 3 -> {
                    int why = in.readInt("ond_why");
                    yield new Delegation.NoneExt(why, why == 1 || why == 2 ? in.readBool("ond_server_will") : null);
                }
                default -> throw new XdrException("delegation_type: " + type + " (expected: 0..5)");
            };
            return new OpenOk(stateid, cinfo, rflags, attrset, d);
        }
    }

    /** READ4resok (§18.22). */
    public record ReadOk(boolean eof, Bytes data) implements Body {
        public void encode(XdrWriter out) { out.writeBool(eof).writeOpaque(data); }
    }

    /** READDIR4resok (§18.23): the entries as the linked list of entry4, then eof. */
    public record ReadDirOk(Bytes cookieVerf, List<DirEntry> entries, boolean eof) implements Body {
        /** Checks the verifier and copies the list. */
        public ReadDirOk {
            Types.checkExact(cookieVerf, Types.VERIFIER_SIZE, "cookieverf");
            entries = List.copyOf(entries);
        }
        public void encode(XdrWriter out) {
            out.writeFixedOpaque(cookieVerf, Types.VERIFIER_SIZE);
            for (DirEntry e : entries) {
                out.writeBool(true);
                e.encode(out);
            }
            out.writeBool(false).writeBool(eof);
        }

        static ReadDirOk decode(XdrReader in) throws XdrException {
            Bytes verf = Types.readVerifier(in, "cookieverf");
            List<DirEntry> entries = new ArrayList<>();
            // entry4 *nextentry: a list as optional-data; each entry takes at least 20 bytes, so the input
            // bounds the count, and maxArray bounds it again.
            while (in.readOptional("nextentry")) {
                if (entries.size() >= in.limits().maxArray()) {
                    throw new XdrException("entries: more than " + in.limits().maxArray() + " (expected: at most maxArray)");
                }
                entries.add(DirEntry.decode(in));
            }
            return new ReadDirOk(verf, entries, in.readBool("eof"));
        }
    }

    /** READLINK4resok (§18.24). */
    public record ReadLinkOk(Bytes link) implements Body {
        public void encode(XdrWriter out) { out.writeOpaque(link); }
    }

    /** RENAME4resok (§18.26). */
    public record RenameOk(ChangeInfo sourceCinfo, ChangeInfo targetCinfo) implements Body {
        public void encode(XdrWriter out) { sourceCinfo.encode(out); targetCinfo.encode(out); }
    }

    /** SECINFO4resok (§18.29), also SECINFO_NO_NAME (§18.45). */
    public record SecInfoOk(List<SecInfo> flavors) implements Body {
        /** Copies the list. */
        public SecInfoOk {
            flavors = List.copyOf(flavors);
        }
        public void encode(XdrWriter out) { out.writeInt(flavors.size()); flavors.forEach(f -> f.encode(out)); }
    }

    /** SETATTR4res (§18.30): attrsset is present whatever the status. */
    public record AttrsSet(Bitmap attrsSet) implements Body {
        public void encode(XdrWriter out) { attrsSet.encode(out); }
    }

    /** WRITE4resok (§18.32). */
    public record WriteOk(int count, int committed, Bytes writeVerifier) implements Body {
        /** Checks the verifier size. */
        public WriteOk {
            Types.checkExact(writeVerifier, Types.VERIFIER_SIZE, "writeverf");
        }
        public void encode(XdrWriter out) { out.writeInt(count).writeInt(committed).writeFixedOpaque(writeVerifier, Types.VERIFIER_SIZE); }
    }

    /** BIND_CONN_TO_SESSION4resok (§18.34); {@code dir} is a channel_dir_from_server4. */
    public record BindConnOk(Bytes sessionId, int dir, boolean useConnInRdmaMode) implements Body {
        /** Checks the session id size. */
        public BindConnOk {
            Types.checkExact(sessionId, Types.SESSIONID_SIZE, "bctsr_sessid");
        }
        public void encode(XdrWriter out) {
            out.writeFixedOpaque(sessionId, Types.SESSIONID_SIZE).writeInt(dir).writeBool(useConnInRdmaMode);
        }
    }

    /** EXCHANGE_ID4resok (§18.35). */
    public record ExchangeIdOk(long clientId, int sequenceId, int flags, StateProtectRes stateProtect,
            ServerOwner serverOwner, Bytes serverScope, @Nullable ImplId serverImplId) implements Body {
        /** Checks the scope size. */
        public ExchangeIdOk {
            Types.checkLength(serverScope, Types.OPAQUE_LIMIT, "eir_server_scope");
        }
        public void encode(XdrWriter out) {
            out.writeLong(clientId).writeInt(sequenceId).writeInt(flags);
            stateProtect.encode(out);
            serverOwner.encode(out);
            out.writeOpaque(serverScope);
            ImplId.encodeOptional(out, serverImplId);
        }
    }

    /** CREATE_SESSION4resok (§18.36). */
    public record CreateSessionOk(Bytes sessionId, int sequence, int flags, ChannelAttrs foreChannel,
            ChannelAttrs backChannel) implements Body {
        /** Checks the session id size. */
        public CreateSessionOk {
            Types.checkExact(sessionId, Types.SESSIONID_SIZE, "csr_sessionid");
        }
        public void encode(XdrWriter out) {
            out.writeFixedOpaque(sessionId, Types.SESSIONID_SIZE).writeInt(sequence).writeInt(flags);
            foreChannel.encode(out);
            backChannel.encode(out);
        }
    }

    /** SEQUENCE4resok (§18.46). */
    public record SequenceOk(Bytes sessionId, int sequenceId, int slotId, int highestSlotId, int targetHighestSlotId,
            int statusFlags) implements Body {
        /** Checks the session id size. */
        public SequenceOk {
            Types.checkExact(sessionId, Types.SESSIONID_SIZE, "sr_sessionid");
        }
        public void encode(XdrWriter out) {
            out.writeFixedOpaque(sessionId, Types.SESSIONID_SIZE).writeInt(sequenceId).writeInt(slotId)
                    .writeInt(highestSlotId).writeInt(targetHighestSlotId).writeInt(statusFlags);
        }
    }

    /** TEST_STATEID4resok (§18.48): one status per stateid asked. */
    public record TestStateidOk(List<NfsStatus> statusCodes) implements Body {
        /** Copies the list. */
        public TestStateidOk {
            statusCodes = List.copyOf(statusCodes);
        }
        public void encode(XdrWriter out) { out.writeInt(statusCodes.size()); statusCodes.forEach(s -> s.encode(out)); }
    }

    /** COPY4resok (RFC 7862 §15.2). */
    public record CopyOk(WriteResponse response, CopyRequirements requirements) implements Body {
        public void encode(XdrWriter out) { response.encode(out); requirements.encode(out); }
    }

    /** copy_requirements4 of COPY with NFS4ERR_OFFLOAD_NO_REQS (RFC 7862 §15.2.3). */
    public record CopyNoReqs(CopyRequirements requirements) implements Body {
        public void encode(XdrWriter out) { requirements.encode(out); }
    }

    /** OFFLOAD_STATUS4resok (RFC 7862 §15.9): bytes copied so far and, once done, the copy's status (osr_complete<1>). */
    public record OffloadStatusOk(long count, @Nullable NfsStatus complete) implements Body {
        public void encode(XdrWriter out) {
            out.writeLong(count);
            if (complete == null) {
                out.writeInt(0);
            } else {
                out.writeInt(1);
                complete.encode(out);
            }
        }
    }

    /** read_plus_res4 (RFC 7862 §15.10). */
    public record ReadPlusOk(boolean eof, List<ReadPlusContent> contents) implements Body {
        /** Copies the list. */
        public ReadPlusOk {
            contents = List.copyOf(contents);
        }
        public void encode(XdrWriter out) { out.writeBool(eof).writeInt(contents.size()); contents.forEach(c -> c.encode(out)); }
    }

    /** seek_res4 (RFC 7862 §15.11). */
    public record SeekOk(boolean eof, long offset) implements Body {
        public void encode(XdrWriter out) { out.writeBool(eof).writeLong(offset); }
    }

    /** GETXATTR4res value (RFC 8276 §8.4.1). */
    public record GetXattrOk(Bytes value) implements Body {
        public void encode(XdrWriter out) { out.writeOpaque(value); }
    }

    /** LISTXATTRS4resok (RFC 8276 §8.4.3). */
    public record ListXattrsOk(long cookie, List<Bytes> names, boolean eof) implements Body {
        /** Copies the list. */
        public ListXattrsOk {
            names = List.copyOf(names);
        }
        public void encode(XdrWriter out) { out.writeLong(cookie); Types.writeOpaques(out, names); out.writeBool(eof); }
    }

    /**
     * The body type of the union arm for {@code op} and {@code status}: null when the arm is void,
     * {@link Unmodelled} when the codec does not model it.
     */
    static @Nullable Class<? extends Body> bodyType(OpCode op, NfsStatus status) {
        if (op == OpCode.SETATTR) {
            return AttrsSet.class;
        }
        if (status == NfsStatus.DENIED && (op == OpCode.LOCK || op == OpCode.LOCKT)) {
            return Denied.class;
        }
        if (status == NfsStatus.OFFLOAD_NO_REQS && op == OpCode.COPY) {
            return CopyNoReqs.class;
        }
        if (status != NfsStatus.OK) {
            return null;
        }
        return switch (op) {
            case ACCESS -> AccessOk.class;
            case CLOSE, LOCK, LOCKU, OPEN_DOWNGRADE -> StateidOk.class;
            case COMMIT -> CommitOk.class;
            case CREATE -> CreateOk.class;
            case GETATTR -> GetAttrOk.class;
            case GETFH -> GetFhOk.class;
            case LINK, REMOVE, SETXATTR, REMOVEXATTR -> ChangeInfoOk.class;
            case OPEN -> OpenOk.class;
            case READ -> ReadOk.class;
            case READDIR -> ReadDirOk.class;
            case READLINK -> ReadLinkOk.class;
            case RENAME -> RenameOk.class;
            case SECINFO, SECINFO_NO_NAME -> SecInfoOk.class;
            case WRITE -> WriteOk.class;
            case BIND_CONN_TO_SESSION -> BindConnOk.class;
            case EXCHANGE_ID -> ExchangeIdOk.class;
            case CREATE_SESSION -> CreateSessionOk.class;
            case SEQUENCE -> SequenceOk.class;
            case TEST_STATEID -> TestStateidOk.class;
            case COPY -> CopyOk.class;
            case READ_PLUS -> ReadPlusOk.class;
            case OFFLOAD_STATUS -> OffloadStatusOk.class;
            case SEEK -> SeekOk.class;
            case GETXATTR -> GetXattrOk.class;
            case LISTXATTRS -> ListXattrsOk.class;
            case LOCKT, LOOKUP, LOOKUPP, NVERIFY, PUTFH, PUTPUBFH, PUTROOTFH, RESTOREFH, SAVEFH, VERIFY, DELEGRETURN,
                    BACKCHANNEL_CTL, DESTROY_SESSION, FREE_STATEID, DESTROY_CLIENTID, RECLAIM_COMPLETE, ALLOCATE,
                    DEALLOCATE, DELEGPURGE, OPENATTR, OFFLOAD_CANCEL, CLONE -> null;
            default -> Unmodelled.class;
        };
    }

    /** Writes the result: operation number, status, body. */
    public void encode(XdrWriter out) {
        out.writeInt(op.code());
        status.encode(out);
        if (body != null) {
            body.encode(out);
        }
    }

    /** Reads one nfs_resop4 (for clients and tests of the codec). */
    public static NfsResult decode(XdrReader in) throws XdrException {
        int code = in.readInt("resop");
        OpCode op = code == OpCode.ILLEGAL.code() ? OpCode.ILLEGAL : OpCode.of(code);
        if (op == null) {
            throw new XdrException("resop: " + code + " (expected: an nfs_opnum4)");
        }
        NfsStatus status = NfsStatus.decode(in, "status");
        Class<? extends Body> type = bodyType(op, status);
        if (type == Unmodelled.class) {
            throw new XdrException("resop: OK result of " + op + " (expected: an operation the codec models)");
        }
        if (op == OpCode.ILLEGAL && status != NfsStatus.OP_ILLEGAL) {
            throw new XdrException("status: " + status + " (expected: OP_ILLEGAL for OP_ILLEGAL)");
        }
        return new NfsResult(op, status, type == null ? null : decodeBody(type, in));
    }

    private static Body decodeBody(Class<? extends Body> type, XdrReader in) throws XdrException {
        if (type == AccessOk.class) {
            return new AccessOk(in.readInt("supported"), in.readInt("access"));
        } else if (type == StateidOk.class) {
            return new StateidOk(Stateid.decode(in));
        } else if (type == CommitOk.class) {
            return new CommitOk(Types.readVerifier(in, "writeverf"));
        } else if (type == CreateOk.class) {
            return new CreateOk(ChangeInfo.decode(in), Bitmap.decode(in, "attrset"));
        } else if (type == GetAttrOk.class) {
            return new GetAttrOk(Fattr4.decode(in));
        } else if (type == GetFhOk.class) {
            return new GetFhOk(in.readOpaque(Types.FH_SIZE, "object"));
        } else if (type == ChangeInfoOk.class) {
            return new ChangeInfoOk(ChangeInfo.decode(in));
        } else if (type == Denied.class) {
            return new Denied(LockDenied.decode(in));
        } else if (type == OpenOk.class) {
            return OpenOk.decode(in);
        } else if (type == ReadOk.class) {
            return new ReadOk(in.readBool("eof"), in.readOpaque("data"));
        } else if (type == ReadDirOk.class) {
            return ReadDirOk.decode(in);
        } else if (type == ReadLinkOk.class) {
            return new ReadLinkOk(in.readOpaque("link"));
        } else if (type == RenameOk.class) {
            return new RenameOk(ChangeInfo.decode(in), ChangeInfo.decode(in));
        } else if (type == SecInfoOk.class) {
            return new SecInfoOk(Types.readList(in, Integer.MAX_VALUE, 4, "secinfo", SecInfo::decode));
        } else if (type == AttrsSet.class) {
            return new AttrsSet(Bitmap.decode(in, "attrsset"));
        } else if (type == WriteOk.class) {
            return new WriteOk(in.readInt("count"), in.readInt("committed"), Types.readVerifier(in, "writeverf"));
        } else if (type == BindConnOk.class) {
            return new BindConnOk(Types.readSessionId(in, "bctsr_sessid"), in.readInt("bctsr_dir"),
                    in.readBool("bctsr_use_conn_in_rdma_mode"));
        } else if (type == ExchangeIdOk.class) {
            return new ExchangeIdOk(in.readLong("eir_clientid"), in.readInt("eir_sequenceid"), in.readInt("eir_flags"),
                    StateProtectRes.decode(in), ServerOwner.decode(in), in.readOpaque(Types.OPAQUE_LIMIT, "eir_server_scope"),
                    ImplId.decodeOptional(in));
        } else if (type == CreateSessionOk.class) {
            return new CreateSessionOk(Types.readSessionId(in, "csr_sessionid"), in.readInt("csr_sequence"),
                    in.readInt("csr_flags"), ChannelAttrs.decode(in), ChannelAttrs.decode(in));
        } else if (type == SequenceOk.class) {
            return new SequenceOk(Types.readSessionId(in, "sr_sessionid"), in.readInt("sr_sequenceid"),
                    in.readInt("sr_slotid"), in.readInt("sr_highest_slotid"), in.readInt("sr_target_highest_slotid"),
                    in.readInt("sr_status_flags"));
        } else if (type == TestStateidOk.class) {
            return new TestStateidOk(Types.readList(in, Integer.MAX_VALUE, 4, "tsr_status_codes",
                    r -> NfsStatus.decode(r, "tsr_status_code")));
        } else if (type == CopyOk.class) {
            return new CopyOk(WriteResponse.decode(in), CopyRequirements.decode(in));
        } else if (type == CopyNoReqs.class) {
            return new CopyNoReqs(CopyRequirements.decode(in));
        } else if (type == ReadPlusOk.class) {
            boolean eof = in.readBool("rpr_eof");
            return new ReadPlusOk(eof, Types.readList(in, Integer.MAX_VALUE, 4, "rpr_contents", ReadPlusContent::decode));
        } else if (type == OffloadStatusOk.class) {
            long count = in.readLong("osr_count");
            int n = in.readCount(1, 4, "osr_complete");
            return new OffloadStatusOk(count, n == 0 ? null : NfsStatus.decode(in, "osr_complete"));
        } else if (type == SeekOk.class) {
            return new SeekOk(in.readBool("sr_eof"), in.readLong("sr_offset"));
        } else if (type == GetXattrOk.class) {
            return new GetXattrOk(in.readOpaque("gxr_value"));
        } else if (type == ListXattrsOk.class) {
            return new ListXattrsOk(in.readLong("lxr_cookie"), Types.readOpaques(in, "lxr_names"), in.readBool("lxr_eof"));
        }
        throw new IllegalStateException("no decoder for " + type.getSimpleName());
    }
}
