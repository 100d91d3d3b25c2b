package dev.estuary.nfs.internal.codec;

import dev.estuary.nfs.internal.codec.Types.CallbackSec;
import dev.estuary.nfs.internal.codec.Types.ChannelAttrs;
import dev.estuary.nfs.internal.codec.Types.ClientOwner;
import dev.estuary.nfs.internal.codec.Types.Fattr4;
import dev.estuary.nfs.internal.codec.Types.ImplId;
import dev.estuary.nfs.internal.codec.Types.NetLoc;
import dev.estuary.nfs.internal.codec.Types.SpecData;
import dev.estuary.nfs.internal.codec.Types.StateOwner;
import dev.estuary.nfs.internal.codec.Types.StateProtectArgs;
import dev.estuary.nfs.internal.codec.Types.Stateid;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * nfs_argop4: the arguments of one operation of a COMPOUND, one record per operation of RFC 8881 §18,
 * RFC 7862 §15 and RFC 8276 §8.4 that the codec models. {@link CompoundCodec} decodes them; each
 * encodes itself (without the operation number).
 */
public sealed interface NfsArgs {
    /** @return the operation these are the arguments of */
    OpCode op();

    /** Writes the arguments (the operation number is written by {@link CompoundCodec}). */
    void encode(XdrWriter out);

    /** ACCESS4args (§18.1). */
    record Access(int access) implements NfsArgs {
        public OpCode op() { return OpCode.ACCESS; }
        public void encode(XdrWriter out) { out.writeInt(access); }
    }

    /** CLOSE4args (§18.2). */
    record Close(int seqid, Stateid openStateid) implements NfsArgs {
        public OpCode op() { return OpCode.CLOSE; }
        public void encode(XdrWriter out) { out.writeInt(seqid); openStateid.encode(out); }
    }

    /** COMMIT4args (§18.3). */
    record Commit(long offset, int count) implements NfsArgs {
        public OpCode op() { return OpCode.COMMIT; }
        public void encode(XdrWriter out) { out.writeLong(offset).writeInt(count); }
    }

    /**
     * createtype4 (§18.4): link text for NF4LNK, device numbers for NF4BLK/NF4CHR, nothing otherwise
     * (any other type decodes as void; the handler answers NFS4ERR_BADTYPE).
     */
    record CreateType(int type, @Nullable Bytes linkData, @Nullable SpecData devData) {
        /** NF4LNK. */
        public static final int LNK = 5;
        /** NF4BLK. */
        public static final int BLK = 3;
        /** NF4CHR. */
        public static final int CHR = 4;

        /** Checks that exactly the arm of {@code type} is present. */
        public CreateType {
            if ((type == LNK) != (linkData != null)) {
                throw new IllegalArgumentException("linkData: " + linkData + " (expected: present only for NF4LNK)");
            }
            if ((type == BLK || type == CHR) != (devData != null)) {
                throw new IllegalArgumentException("devData: " + devData + " (expected: present only for NF4BLK/NF4CHR)");
            }
        }

        static CreateType decode(XdrReader in) throws XdrException {
            int type = in.readInt("objtype");
            return switch (type) {
                case LNK -> new CreateType(type, in.readOpaque("linkdata"), null);
                case BLK, CHR -> new CreateType(type, null, SpecData.decode(in));
                default -> new CreateType(type, null, null);
            };
        }

        void encode(XdrWriter out) {
            out.writeInt(type);
            if (linkData != null) {
                out.writeOpaque(linkData);
            }
            if (devData != null) {
                devData.encode(out);
            }
        }
    }

    /** CREATE4args (§18.4). */
    record Create(CreateType objType, Bytes objName, Fattr4 createAttrs) implements NfsArgs {
        public OpCode op() { return OpCode.CREATE; }
        public void encode(XdrWriter out) { objType.encode(out); out.writeOpaque(objName); createAttrs.encode(out); }
    }

    /** DELEGPURGE4args (§18.5). */
    record DelegPurge(long clientId) implements NfsArgs {
        public OpCode op() { return OpCode.DELEGPURGE; }
        public void encode(XdrWriter out) { out.writeLong(clientId); }
    }

    /** DELEGRETURN4args (§18.6). */
    record DelegReturn(Stateid delegStateid) implements NfsArgs {
        public OpCode op() { return OpCode.DELEGRETURN; }
        public void encode(XdrWriter out) { delegStateid.encode(out); }
    }

    /** GETATTR4args (§18.7). */
    record GetAttr(Bitmap attrRequest) implements NfsArgs {
        public OpCode op() { return OpCode.GETATTR; }
        public void encode(XdrWriter out) { attrRequest.encode(out); }
    }

    /** GETFH (§18.8): no arguments. */
    record GetFh() implements NfsArgs {
        public OpCode op() { return OpCode.GETFH; }
        public void encode(XdrWriter out) { }
    }

    /** LINK4args (§18.9). */
    record Link(Bytes newName) implements NfsArgs {
        public OpCode op() { return OpCode.LINK; }
        public void encode(XdrWriter out) { out.writeOpaque(newName); }
    }

    /** locker4 (§18.10): a new lock owner from an open, or an existing lock stateid. */
    sealed interface Locker {
        /** open_to_lock_owner4. */
        record NewOwner(int openSeqid, Stateid openStateid, int lockSeqid, StateOwner lockOwner) implements Locker {
        }

        /** exist_lock_owner4. */
        record ExistingOwner(Stateid lockStateid, int lockSeqid) implements Locker {
        }

        static Locker decode(XdrReader in) throws XdrException {
            if (in.readBool("new_lock_owner")) {
                return new NewOwner(in.readInt("open_seqid"), Stateid.decode(in), in.readInt("lock_seqid"),
                        StateOwner.decode(in));
            }
            return new ExistingOwner(Stateid.decode(in), in.readInt("lock_seqid"));
        }

        default void encode(XdrWriter out) {
            switch (this) {
                case NewOwner n -> {
                    out.writeBool(true).writeInt(n.openSeqid());
                    n.openStateid().encode(out);
                    out.writeInt(n.lockSeqid());
                    n.lockOwner().encode(out);
                }
                case ExistingOwner e -> {
                    out.writeBool(false);
                    e.lockStateid().encode(out);
                    out.writeInt(e.lockSeqid());
                }
            }
        }
    }

    /** LOCK4args (§18.10). */
    record Lock(int lockType, boolean reclaim, long offset, long length, Locker locker) implements NfsArgs {
        public OpCode op() { return OpCode.LOCK; }
        public void encode(XdrWriter out) {
            out.writeInt(lockType).writeBool(reclaim).writeLong(offset).writeLong(length);
            locker.encode(out);
        }
    }

    /** LOCKT4args (§18.11). */
    record LockT(int lockType, long offset, long length, StateOwner owner) implements NfsArgs {
        public OpCode op() { return OpCode.LOCKT; }
        public void encode(XdrWriter out) { out.writeInt(lockType).writeLong(offset).writeLong(length); owner.encode(out); }
    }

    /** LOCKU4args (§18.12). */
    record LockU(int lockType, int seqid, Stateid lockStateid, long offset, long length) implements NfsArgs {
        public OpCode op() { return OpCode.LOCKU; }
        public void encode(XdrWriter out) {
            out.writeInt(lockType).writeInt(seqid);
            lockStateid.encode(out);
            out.writeLong(offset).writeLong(length);
        }
    }

    /** LOOKUP4args (§18.13). */
    record Lookup(Bytes objName) implements NfsArgs {
        public OpCode op() { return OpCode.LOOKUP; }
        public void encode(XdrWriter out) { out.writeOpaque(objName); }
    }

    /** LOOKUPP (§18.14): no arguments. */
    record LookupP() implements NfsArgs {
        public OpCode op() { return OpCode.LOOKUPP; }
        public void encode(XdrWriter out) { }
    }

    /** NVERIFY4args (§18.15). */
    record NVerify(Fattr4 objAttributes) implements NfsArgs {
        public OpCode op() { return OpCode.NVERIFY; }
        public void encode(XdrWriter out) { objAttributes.encode(out); }
    }

    /** createhow4 (§18.16). */
    sealed interface CreateHow {
        /** UNCHECKED4. */
        record Unchecked(Fattr4 createAttrs) implements CreateHow {
        }

        /** GUARDED4. */
        record Guarded(Fattr4 createAttrs) implements CreateHow {
        }

        /** EXCLUSIVE4 (NFSv4.0; allowed in 4.1 with a server whose reply cache is not persistent, §18.16.3). */
        record Exclusive(Bytes createVerf) implements CreateHow {
            /** Checks the verifier size. */
            public Exclusive {
                Types.checkExact(createVerf, Types.VERIFIER_SIZE, "createverf");
            }
        }

        /** EXCLUSIVE4_1 (creatverfattr). */
        record Exclusive41(Bytes createVerf, Fattr4 createAttrs) implements CreateHow {
            /** Checks the verifier size. */
            public Exclusive41 {
                Types.checkExact(createVerf, Types.VERIFIER_SIZE, "cva_verf");
            }
        }

        static CreateHow decode(XdrReader in) throws XdrException {
            int mode = in.readInt("createmode");
            return switch (mode) {
                case 0 -> new Unchecked(Fattr4.decode(in));
                case 1 -> new Guarded(Fattr4.decode(in));
                case 2 -> new Exclusive(Types.readVerifier(in, "createverf"));
                case 3 -> new Exclusive41(Types.readVerifier(in, "cva_verf"), Fattr4.decode(in));
                default -> throw new XdrException("createmode: " + mode + " (expected: 0..3)");
            };
        }

        default void encode(XdrWriter out) {
            switch (this) {
                case Unchecked u -> { out.writeInt(0); u.createAttrs().encode(out); }
                case Guarded g -> { out.writeInt(1); g.createAttrs().encode(out); }
                case Exclusive e -> out.writeInt(2).writeFixedOpaque(e.createVerf(), Types.VERIFIER_SIZE);
                case Exclusive41 e -> {
                    out.writeInt(3).writeFixedOpaque(e.createVerf(), Types.VERIFIER_SIZE);
                    e.createAttrs().encode(out);
                }
            }
        }
    }

    /** open_claim4 (§18.16). */
    sealed interface OpenClaim {
        /** CLAIM_NULL: by name in the current directory. */
        record Null(Bytes file) implements OpenClaim {
        }

        /** CLAIM_PREVIOUS: reclaim after a server restart. */
        record Previous(int delegateType) implements OpenClaim {
        }

        /** CLAIM_DELEGATE_CUR (open_claim_delegate_cur4). */
        record DelegateCur(Stateid delegateStateid, Bytes file) implements OpenClaim {
        }

        /** CLAIM_DELEGATE_PREV. */
        record DelegatePrev(Bytes file) implements OpenClaim {
        }

        /** CLAIM_FH: the current file handle. */
        record Fh() implements OpenClaim {
        }

        /** CLAIM_DELEG_CUR_FH. */
        record DelegCurFh(Stateid delegateStateid) implements OpenClaim {
        }

        /** CLAIM_DELEG_PREV_FH. */
        record DelegPrevFh() implements OpenClaim {
        }

        static OpenClaim decode(XdrReader in) throws XdrException {
            int claim = in.readInt("claim");
            return switch (claim) {
                case 0 -> new Null(in.readOpaque("file"));
                case 1 -> new Previous(in.readInt("delegate_type"));
                case 2 -> new DelegateCur(Stateid.decode(in), in.readOpaque("file"));
                case 3 -> new DelegatePrev(in.readOpaque("file_delegate_prev"));
                case 4 -> new Fh();
                case 5 -> new DelegCurFh(Stateid.decode(in));
                case 6 -> new DelegPrevFh();
                default -> throw new XdrException("claim: " + claim + " (expected: 0..6)");
            };
        }

        default void encode(XdrWriter out) {
            switch (this) {
                case Null n -> out.writeInt(0).writeOpaque(n.file());
                case Previous p -> out.writeInt(1).writeInt(p.delegateType());
                case DelegateCur d -> { out.writeInt(2); d.delegateStateid().encode(out); out.writeOpaque(d.file()); }
                case DelegatePrev d -> out.writeInt(3).writeOpaque(d.file());
                case Fh f -> out.writeInt(4);
                case DelegCurFh d -> { out.writeInt(5); d.delegateStateid().encode(out); }
                case DelegPrevFh d -> out.writeInt(6);
            }
        }
    }

    /** OPEN4args (§18.16); {@code how} is null for OPEN4_NOCREATE. */
    record Open(int seqid, int shareAccess, int shareDeny, StateOwner owner, @Nullable CreateHow how,
            OpenClaim claim) implements NfsArgs {
        public OpCode op() { return OpCode.OPEN; }
        public void encode(XdrWriter out) {
            out.writeInt(seqid).writeInt(shareAccess).writeInt(shareDeny);
            owner.encode(out);
            if (how == null) {
                out.writeInt(0);
            } else {
                out.writeInt(1);
                how.encode(out);
            }
            claim.encode(out);
        }
    }

    /** OPENATTR4args (§18.17). */
    record OpenAttr(boolean createDir) implements NfsArgs {
        public OpCode op() { return OpCode.OPENATTR; }
        public void encode(XdrWriter out) { out.writeBool(createDir); }
    }

    /** OPEN_DOWNGRADE4args (§18.18). */
    record OpenDowngrade(Stateid openStateid, int seqid, int shareAccess, int shareDeny) implements NfsArgs {
        public OpCode op() { return OpCode.OPEN_DOWNGRADE; }
        public void encode(XdrWriter out) { openStateid.encode(out); out.writeInt(seqid).writeInt(shareAccess).writeInt(shareDeny); }
    }

    /** PUTFH4args (§18.19): at most NFS4_FHSIZE bytes. */
    record PutFh(Bytes object) implements NfsArgs {
        /** Checks the handle size. */
        public PutFh {
            Types.checkLength(object, Types.FH_SIZE, "object");
        }
        public OpCode op() { return OpCode.PUTFH; }
        public void encode(XdrWriter out) { out.writeOpaque(object); }
    }

    /** PUTPUBFH (§18.20): no arguments. */
    record PutPubFh() implements NfsArgs {
        public OpCode op() { return OpCode.PUTPUBFH; }
        public void encode(XdrWriter out) { }
    }

    /** PUTROOTFH (§18.21): no arguments. */
    record PutRootFh() implements NfsArgs {
        public OpCode op() { return OpCode.PUTROOTFH; }
        public void encode(XdrWriter out) { }
    }

    /** READ4args (§18.22). */
    record Read(Stateid stateid, long offset, int count) implements NfsArgs {
        public OpCode op() { return OpCode.READ; }
        public void encode(XdrWriter out) { stateid.encode(out); out.writeLong(offset).writeInt(count); }
    }

    /** READDIR4args (§18.23). */
    record ReadDir(long cookie, Bytes cookieVerf, int dirCount, int maxCount, Bitmap attrRequest) implements NfsArgs {
        /** Checks the verifier size. */
        public ReadDir {
            Types.checkExact(cookieVerf, Types.VERIFIER_SIZE, "cookieverf");
        }
        public OpCode op() { return OpCode.READDIR; }
        public void encode(XdrWriter out) {
            out.writeLong(cookie).writeFixedOpaque(cookieVerf, Types.VERIFIER_SIZE).writeInt(dirCount).writeInt(maxCount);
            attrRequest.encode(out);
        }
    }

    /** READLINK (§18.24): no arguments. */
    record ReadLink() implements NfsArgs {
        public OpCode op() { return OpCode.READLINK; }
        public void encode(XdrWriter out) { }
    }

    /** REMOVE4args (§18.25). */
    record Remove(Bytes target) implements NfsArgs {
        public OpCode op() { return OpCode.REMOVE; }
        public void encode(XdrWriter out) { out.writeOpaque(target); }
    }

    /** RENAME4args (§18.26). */
    record Rename(Bytes oldName, Bytes newName) implements NfsArgs {
        public OpCode op() { return OpCode.RENAME; }
        public void encode(XdrWriter out) { out.writeOpaque(oldName).writeOpaque(newName); }
    }

    /** RESTOREFH (§18.27): no arguments. */
    record RestoreFh() implements NfsArgs {
        public OpCode op() { return OpCode.RESTOREFH; }
        public void encode(XdrWriter out) { }
    }

    /** SAVEFH (§18.28): no arguments. */
    record SaveFh() implements NfsArgs {
        public OpCode op() { return OpCode.SAVEFH; }
        public void encode(XdrWriter out) { }
    }

    /** SECINFO4args (§18.29). */
    record SecInfo(Bytes name) implements NfsArgs {
        public OpCode op() { return OpCode.SECINFO; }
        public void encode(XdrWriter out) { out.writeOpaque(name); }
    }

    /** SETATTR4args (§18.30). */
    record SetAttr(Stateid stateid, Fattr4 objAttributes) implements NfsArgs {
        public OpCode op() { return OpCode.SETATTR; }
        public void encode(XdrWriter out) { stateid.encode(out); objAttributes.encode(out); }
    }

    /** VERIFY4args (§18.31). */
    record Verify(Fattr4 objAttributes) implements NfsArgs {
        public OpCode op() { return OpCode.VERIFY; }
        public void encode(XdrWriter out) { objAttributes.encode(out); }
    }

    /** WRITE4args (§18.32); {@code stable} is a stable_how4 (0 UNSTABLE4, 1 DATA_SYNC4, 2 FILE_SYNC4). */
    record Write(Stateid stateid, long offset, int stable, Bytes data) implements NfsArgs {
        public OpCode op() { return OpCode.WRITE; }
        public void encode(XdrWriter out) { stateid.encode(out); out.writeLong(offset).writeInt(stable).writeOpaque(data); }
    }

    /** BACKCHANNEL_CTL4args (§18.33). */
    record BackchannelCtl(int cbProgram, List<CallbackSec> secParms) implements NfsArgs {
        /** Copies the list. */
        public BackchannelCtl {
            secParms = List.copyOf(secParms);
        }
        public OpCode op() { return OpCode.BACKCHANNEL_CTL; }
        public void encode(XdrWriter out) { out.writeInt(cbProgram); CallbackSec.encodeList(out, secParms); }
    }

    /** BIND_CONN_TO_SESSION4args (§18.34); {@code dir} is a channel_dir_from_client4. */
    record BindConnToSession(Bytes sessionId, int dir, boolean useConnInRdmaMode) implements NfsArgs {
        /** Checks the session id size. */
        public BindConnToSession {
            Types.checkExact(sessionId, Types.SESSIONID_SIZE, "bctsa_sessid");
        }
        public OpCode op() { return OpCode.BIND_CONN_TO_SESSION; }
        public void encode(XdrWriter out) {
            out.writeFixedOpaque(sessionId, Types.SESSIONID_SIZE).writeInt(dir).writeBool(useConnInRdmaMode);
        }
    }

    /** EXCHANGE_ID4args (§18.35); {@code clientImplId} is the optional eia_client_impl_id<1>. */
    record ExchangeId(ClientOwner clientOwner, int flags, StateProtectArgs stateProtect, @Nullable ImplId clientImplId)
            implements NfsArgs {
        public OpCode op() { return OpCode.EXCHANGE_ID; }
        public void encode(XdrWriter out) {
            clientOwner.encode(out);
            out.writeInt(flags);
            stateProtect.encode(out);
            ImplId.encodeOptional(out, clientImplId);
        }
    }

    /** CREATE_SESSION4args (§18.36). */
    record CreateSession(long clientId, int sequence, int flags, ChannelAttrs foreChannel, ChannelAttrs backChannel,
            int cbProgram, List<CallbackSec> secParms) implements NfsArgs {
        /** Copies the list. */
        public CreateSession {
            secParms = List.copyOf(secParms);
        }
        public OpCode op() { return OpCode.CREATE_SESSION; }
        public void encode(XdrWriter out) {
            out.writeLong(clientId).writeInt(sequence).writeInt(flags);
            foreChannel.encode(out);
            backChannel.encode(out);
            out.writeInt(cbProgram);
            CallbackSec.encodeList(out, secParms);
        }
    }

    /** DESTROY_SESSION4args (§18.37). */
    record DestroySession(Bytes sessionId) implements NfsArgs {
        /** Checks the session id size. */
        public DestroySession {
            Types.checkExact(sessionId, Types.SESSIONID_SIZE, "dsa_sessionid");
        }
        public OpCode op() { return OpCode.DESTROY_SESSION; }
        public void encode(XdrWriter out) { out.writeFixedOpaque(sessionId, Types.SESSIONID_SIZE); }
    }

    /** FREE_STATEID4args (§18.38). */
    record FreeStateid(Stateid stateid) implements NfsArgs {
        public OpCode op() { return OpCode.FREE_STATEID; }
        public void encode(XdrWriter out) { stateid.encode(out); }
    }

    /** SECINFO_NO_NAME4args (§18.45): 0 SECINFO_STYLE4_CURRENT_FH, 1 SECINFO_STYLE4_PARENT. */
    record SecInfoNoName(int style) implements NfsArgs {
        public OpCode op() { return OpCode.SECINFO_NO_NAME; }
        public void encode(XdrWriter out) { out.writeInt(style); }
    }

    /** SEQUENCE4args (§18.46). */
    record Sequence(Bytes sessionId, int sequenceId, int slotId, int highestSlotId, boolean cacheThis)
            implements NfsArgs {
        /** Checks the session id size. */
        public Sequence {
            Types.checkExact(sessionId, Types.SESSIONID_SIZE, "sa_sessionid");
        }
        public OpCode op() { return OpCode.SEQUENCE; }
        public void encode(XdrWriter out) {
            out.writeFixedOpaque(sessionId, Types.SESSIONID_SIZE).writeInt(sequenceId).writeInt(slotId)
                    .writeInt(highestSlotId).writeBool(cacheThis);
        }
    }

    /** TEST_STATEID4args (§18.48). */
    record TestStateid(List<Stateid> stateids) implements NfsArgs {
        /** Copies the list. */
        public TestStateid {
            stateids = List.copyOf(stateids);
        }
        public OpCode op() { return OpCode.TEST_STATEID; }
        public void encode(XdrWriter out) { out.writeInt(stateids.size()); stateids.forEach(s -> s.encode(out)); }
    }

    /** DESTROY_CLIENTID4args (§18.50). */
    record DestroyClientId(long clientId) implements NfsArgs {
        public OpCode op() { return OpCode.DESTROY_CLIENTID; }
        public void encode(XdrWriter out) { out.writeLong(clientId); }
    }

    /** RECLAIM_COMPLETE4args (§18.51). */
    record ReclaimComplete(boolean oneFs) implements NfsArgs {
        public OpCode op() { return OpCode.RECLAIM_COMPLETE; }
        public void encode(XdrWriter out) { out.writeBool(oneFs); }
    }

    /** ALLOCATE4args (RFC 7862 §15.1). */
    record Allocate(Stateid stateid, long offset, long length) implements NfsArgs {
        public OpCode op() { return OpCode.ALLOCATE; }
        public void encode(XdrWriter out) { stateid.encode(out); out.writeLong(offset).writeLong(length); }
    }

    /** COPY4args (RFC 7862 §15.2). */
    record Copy(Stateid srcStateid, Stateid dstStateid, long srcOffset, long dstOffset, long count,
            boolean consecutive, boolean synchronous, List<NetLoc> sourceServers) implements NfsArgs {
        /** Copies the list. */
        public Copy {
            sourceServers = List.copyOf(sourceServers);
        }
        public OpCode op() { return OpCode.COPY; }
        public void encode(XdrWriter out) {
            srcStateid.encode(out);
            dstStateid.encode(out);
            out.writeLong(srcOffset).writeLong(dstOffset).writeLong(count).writeBool(consecutive).writeBool(synchronous);
            out.writeInt(sourceServers.size());
            sourceServers.forEach(s -> s.encode(out));
        }
    }

    /** DEALLOCATE4args (RFC 7862 §15.4). */
    record Deallocate(Stateid stateid, long offset, long length) implements NfsArgs {
        public OpCode op() { return OpCode.DEALLOCATE; }
        public void encode(XdrWriter out) { stateid.encode(out); out.writeLong(offset).writeLong(length); }
    }

    /** OFFLOAD_CANCEL4args (RFC 7862 §15.8). */
    record OffloadCancel(Stateid stateid) implements NfsArgs {
        public OpCode op() { return OpCode.OFFLOAD_CANCEL; }
        public void encode(XdrWriter out) { stateid.encode(out); }
    }

    /** OFFLOAD_STATUS4args (RFC 7862 §15.9). */
    record OffloadStatus(Stateid stateid) implements NfsArgs {
        public OpCode op() { return OpCode.OFFLOAD_STATUS; }
        public void encode(XdrWriter out) { stateid.encode(out); }
    }

    /** CLONE4args (RFC 7862 §15.13). */
    record Clone(Stateid srcStateid, Stateid dstStateid, long srcOffset, long dstOffset, long count) implements NfsArgs {
        public OpCode op() { return OpCode.CLONE; }
        public void encode(XdrWriter out) {
            srcStateid.encode(out);
            dstStateid.encode(out);
            out.writeLong(srcOffset).writeLong(dstOffset).writeLong(count);
        }
    }

    /** READ_PLUS4args (RFC 7862 §15.10). */
    record ReadPlus(Stateid stateid, long offset, int count) implements NfsArgs {
        public OpCode op() { return OpCode.READ_PLUS; }
        public void encode(XdrWriter out) { stateid.encode(out); out.writeLong(offset).writeInt(count); }
    }

    /** SEEK4args (RFC 7862 §15.11); {@code what} is a data_content4 (0 data, 1 hole). */
    record Seek(Stateid stateid, long offset, int what) implements NfsArgs {
        public OpCode op() { return OpCode.SEEK; }
        public void encode(XdrWriter out) { stateid.encode(out); out.writeLong(offset).writeInt(what); }
    }

    /** GETXATTR4args (RFC 8276 §8.4.1). */
    record GetXattr(Bytes name) implements NfsArgs {
        public OpCode op() { return OpCode.GETXATTR; }
        public void encode(XdrWriter out) { out.writeOpaque(name); }
    }

    /** SETXATTR4args (RFC 8276 §8.4.2); {@code option} is 0 EITHER, 1 CREATE, 2 REPLACE. */
    record SetXattr(int option, Bytes key, Bytes value) implements NfsArgs {
        public OpCode op() { return OpCode.SETXATTR; }
        public void encode(XdrWriter out) { out.writeInt(option).writeOpaque(key).writeOpaque(value); }
    }

    /** LISTXATTRS4args (RFC 8276 §8.4.3). */
    record ListXattrs(long cookie, int maxCount) implements NfsArgs {
        public OpCode op() { return OpCode.LISTXATTRS; }
        public void encode(XdrWriter out) { out.writeLong(cookie).writeInt(maxCount); }
    }

    /** REMOVEXATTR4args (RFC 8276 §8.4.4). */
    record RemoveXattr(Bytes name) implements NfsArgs {
        public OpCode op() { return OpCode.REMOVEXATTR; }
        public void encode(XdrWriter out) { out.writeOpaque(name); }
    }
}
