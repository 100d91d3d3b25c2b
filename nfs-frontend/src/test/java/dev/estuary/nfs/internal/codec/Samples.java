package dev.estuary.nfs.internal.codec;

import dev.estuary.nfs.internal.codec.NfsArgs.CreateHow;
import dev.estuary.nfs.internal.codec.NfsArgs.CreateType;
import dev.estuary.nfs.internal.codec.NfsArgs.Locker;
import dev.estuary.nfs.internal.codec.NfsArgs.OpenClaim;
import dev.estuary.nfs.internal.codec.NfsResult.Delegation;
import dev.estuary.nfs.internal.codec.NfsResult.SpaceLimit;
import dev.estuary.nfs.internal.codec.Types.Ace;
import dev.estuary.nfs.internal.codec.Types.AuthSysParms;
import dev.estuary.nfs.internal.codec.Types.CallbackSec;
import dev.estuary.nfs.internal.codec.Types.ChangeInfo;
import dev.estuary.nfs.internal.codec.Types.ChannelAttrs;
import dev.estuary.nfs.internal.codec.Types.ClientOwner;
import dev.estuary.nfs.internal.codec.Types.CopyRequirements;
import dev.estuary.nfs.internal.codec.Types.DirEntry;
import dev.estuary.nfs.internal.codec.Types.Fattr4;
import dev.estuary.nfs.internal.codec.Types.ImplId;
import dev.estuary.nfs.internal.codec.Types.LockDenied;
import dev.estuary.nfs.internal.codec.Types.NetLoc;
import dev.estuary.nfs.internal.codec.Types.NfsTime;
import dev.estuary.nfs.internal.codec.Types.ReadPlusContent;
import dev.estuary.nfs.internal.codec.Types.SecInfo;
import dev.estuary.nfs.internal.codec.Types.ServerOwner;
import dev.estuary.nfs.internal.codec.Types.SpecData;
import dev.estuary.nfs.internal.codec.Types.StateOwner;
import dev.estuary.nfs.internal.codec.Types.StateProtectArgs;
import dev.estuary.nfs.internal.codec.Types.StateProtectOps;
import dev.estuary.nfs.internal.codec.Types.StateProtectRes;
import dev.estuary.nfs.internal.codec.Types.Stateid;
import dev.estuary.nfs.internal.codec.Types.WriteResponse;
import java.util.List;

/** One or more instances of every argument and result record, with every union arm, for round trips. */
final class Samples {
    static final Stateid SID = new Stateid(7, b(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12));
    static final Stateid SID2 = new Stateid(-1, Bytes.of(new byte[12]));
    static final Bytes VERF = b(8, 7, 6, 5, 4, 3, 2, 1);
    static final Bytes SESSION = Bytes.of(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16});
    static final Fattr4 ATTRS = FileAttrs.builder().set(FileAttr.MODE, 0644).set(FileAttr.SIZE, 0L).build().encode();
    static final StateOwner OWNER = new StateOwner(0x1122334455667788L, Bytes.utf8("open id:\u0000\u0001"));
    static final ChangeInfo CINFO = new ChangeInfo(true, 41, 42);
    static final ChannelAttrs FORE = new ChannelAttrs(0, 1049620, 1049480, 7584, 8, 64, null);
    static final ChannelAttrs BACK = new ChannelAttrs(0, 4096, 4096, 0, 2, 16, 3);
    static final AuthSysParms SYS = new AuthSysParms(12345, "client.example", 1000, 1000, List.of(4, 24, 27));
    static final Ace ACE = new Ace(0, 0x40, 0x120081, "EVERYONE@");

    private Samples() {
    }

    /** Bytes from int literals. */
    static Bytes b(int... v) {
        byte[] out = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (byte) v[i];
        }
        return Bytes.of(out);
    }

    static List<NfsArgs> args() {
        return List.of(
                new NfsArgs.Access(0x3f),
                new NfsArgs.Close(0, SID),
                new NfsArgs.Commit(4096, 65536),
                new NfsArgs.Create(new CreateType(CreateType.LNK, Bytes.utf8("../target"), null), Bytes.utf8("link"), ATTRS),
                new NfsArgs.Create(new CreateType(CreateType.CHR, null, new SpecData(1, 3)), Bytes.utf8("null"), ATTRS),
                new NfsArgs.Create(new CreateType(2, null, null), Bytes.utf8("dir"), Fattr4.EMPTY),
                new NfsArgs.Create(new CreateType(99, null, null), Bytes.utf8("odd"), Fattr4.EMPTY),
                new NfsArgs.DelegPurge(0x5566L),
                new NfsArgs.DelegReturn(SID),
                new NfsArgs.OpenAttr(true),
                new NfsArgs.OffloadCancel(SID),
                new NfsArgs.OffloadStatus(SID2),
                new NfsArgs.Clone(SID, SID2, 0, 1 << 20, 0),
                new NfsArgs.GetAttr(Bitmap.of(0, 1, 3, 4, 33, 55, 75)),
                new NfsArgs.GetFh(),
                new NfsArgs.Link(Bytes.utf8("hard")),
                new NfsArgs.Lock(2, false, 0, -1L, new Locker.NewOwner(1, SID, 0, OWNER)),
                new NfsArgs.Lock(4, true, 10, 20, new Locker.ExistingOwner(SID2, 3)),
                new NfsArgs.LockT(1, 0, 100, OWNER),
                new NfsArgs.LockU(2, 5, SID, 0, -1L),
                new NfsArgs.Lookup(Bytes.utf8("caf\u00e9")),
                new NfsArgs.LookupP(),
                new NfsArgs.NVerify(ATTRS),
                new NfsArgs.Open(0, 3, 0, OWNER, null, new OpenClaim.Null(Bytes.utf8("f"))),
                new NfsArgs.Open(0, 2, 1, OWNER, new CreateHow.Unchecked(ATTRS), new OpenClaim.Null(Bytes.utf8("f"))),
                new NfsArgs.Open(0, 2, 0, OWNER, new CreateHow.Guarded(ATTRS), new OpenClaim.Previous(1)),
                new NfsArgs.Open(0, 2, 0, OWNER, new CreateHow.Exclusive(VERF), new OpenClaim.DelegateCur(SID, Bytes.utf8("g"))),
                new NfsArgs.Open(0, 0x103, 0, OWNER, new CreateHow.Exclusive41(VERF, ATTRS), new OpenClaim.DelegatePrev(Bytes.utf8("h"))),
                new NfsArgs.Open(0, 1, 0, OWNER, null, new OpenClaim.Fh()),
                new NfsArgs.Open(0, 1, 0, OWNER, null, new OpenClaim.DelegCurFh(SID)),
                new NfsArgs.Open(0, 1, 0, OWNER, null, new OpenClaim.DelegPrevFh()),
                new NfsArgs.OpenDowngrade(SID, 0, 1, 0),
                new NfsArgs.PutFh(Bytes.of(new byte[128])),
                new NfsArgs.PutPubFh(),
                new NfsArgs.PutRootFh(),
                new NfsArgs.Read(SID, 1L << 40, 1 << 20),
                new NfsArgs.ReadDir(0, Bytes.of(new byte[8]), 8192, 32768, Bitmap.of(1, 3, 4, 20)),
                new NfsArgs.ReadLink(),
                new NfsArgs.Remove(Bytes.utf8("gone")),
                new NfsArgs.Rename(Bytes.utf8("a"), Bytes.utf8("bb")),
                new NfsArgs.RestoreFh(),
                new NfsArgs.SaveFh(),
                new NfsArgs.SecInfo(Bytes.utf8("export")),
                new NfsArgs.SetAttr(Stateid.ANONYMOUS, ATTRS),
                new NfsArgs.Verify(ATTRS),
                new NfsArgs.Write(SID, 3, 2, b(1, 2, 3, 4, 5)),
                new NfsArgs.BackchannelCtl(0x40000000, List.of(new CallbackSec.None(), new CallbackSec.Sys(SYS),
                        new CallbackSec.Gss(1, b(1), b(2, 3)))),
                new NfsArgs.BindConnToSession(SESSION, 3, false),
                new NfsArgs.ExchangeId(new ClientOwner(VERF, Bytes.utf8("Linux NFSv4.2 client")), 0x101,
                        new StateProtectArgs.None(), new ImplId("kernel.org", "Linux", new NfsTime(0, 0))),
                new NfsArgs.ExchangeId(new ClientOwner(VERF, Bytes.EMPTY), 0,
                        new StateProtectArgs.MachCred(new StateProtectOps(Bitmap.of(53), Bitmap.of(42))), null),
                new NfsArgs.ExchangeId(new ClientOwner(VERF, Bytes.EMPTY), 0,
                        new StateProtectArgs.Ssv(new StateProtectOps(Bitmap.EMPTY, Bitmap.EMPTY), List.of(b(1)),
                                List.of(), 4, 2), null),
                new NfsArgs.CreateSession(0x5566L, 1, 3, FORE, BACK, 0x40000000, List.of(new CallbackSec.Sys(SYS))),
                new NfsArgs.DestroySession(SESSION),
                new NfsArgs.FreeStateid(SID),
                new NfsArgs.SecInfoNoName(0),
                new NfsArgs.Sequence(SESSION, 17, 0, 63, true),
                new NfsArgs.TestStateid(List.of(SID, SID2)),
                new NfsArgs.DestroyClientId(0x5566L),
                new NfsArgs.ReclaimComplete(false),
                new NfsArgs.Allocate(SID, 0, 1 << 30),
                new NfsArgs.Copy(SID, SID2, 0, 4096, 0, false, true, List.of()),
                new NfsArgs.Copy(SID, SID2, 0, 0, 10, true, false, List.of(new NetLoc.Name("srv"),
                        new NetLoc.Url("nfs://srv/x"), new NetLoc.NetAddr("tcp", "127.0.0.1.8.1"))),
                new NfsArgs.Deallocate(SID, 4096, 8192),
                new NfsArgs.ReadPlus(SID, 0, 1 << 20),
                new NfsArgs.Seek(SID, 100, 1),
                new NfsArgs.GetXattr(Bytes.utf8("user.comment")),
                new NfsArgs.SetXattr(1, Bytes.utf8("user.comment"), b(0, 1, 2)),
                new NfsArgs.ListXattrs(0, 4096),
                new NfsArgs.RemoveXattr(Bytes.utf8("user.comment")));
    }

    static List<NfsResult> results() {
        return List.of(
                NfsResult.ok(OpCode.ACCESS, new NfsResult.AccessOk(0x3f, 0x1f)),
                NfsResult.ok(OpCode.CLOSE, new NfsResult.StateidOk(SID)),
                NfsResult.ok(OpCode.COMMIT, new NfsResult.CommitOk(VERF)),
                NfsResult.ok(OpCode.CREATE, new NfsResult.CreateOk(CINFO, Bitmap.of(33))),
                NfsResult.of(OpCode.DELEGRETURN, NfsStatus.BAD_STATEID),
                NfsResult.ok(OpCode.GETATTR, new NfsResult.GetAttrOk(ATTRS)),
                NfsResult.ok(OpCode.GETFH, new NfsResult.GetFhOk(b(9, 9, 9))),
                NfsResult.ok(OpCode.LINK, new NfsResult.ChangeInfoOk(CINFO)),
                NfsResult.ok(OpCode.LOCK, new NfsResult.StateidOk(SID)),
                new NfsResult(OpCode.LOCK, NfsStatus.DENIED, new NfsResult.Denied(new LockDenied(0, 10, 2, OWNER))),
                NfsResult.of(OpCode.LOCKT, NfsStatus.OK),
                new NfsResult(OpCode.LOCKT, NfsStatus.DENIED, new NfsResult.Denied(new LockDenied(5, -1L, 1, OWNER))),
                NfsResult.ok(OpCode.LOCKU, new NfsResult.StateidOk(SID2)),
                NfsResult.of(OpCode.LOOKUP, NfsStatus.NOENT),
                NfsResult.of(OpCode.LOOKUPP, NfsStatus.OK),
                NfsResult.of(OpCode.NVERIFY, NfsStatus.SAME),
                NfsResult.ok(OpCode.OPEN, new NfsResult.OpenOk(SID, CINFO, 4, Bitmap.of(33), new Delegation.None())),
                NfsResult.ok(OpCode.OPEN, new NfsResult.OpenOk(SID, CINFO, 4, Bitmap.EMPTY,
                        new Delegation.Read(1, SID2, false, ACE))),
                NfsResult.ok(OpCode.OPEN, new NfsResult.OpenOk(SID, CINFO, 4, Bitmap.EMPTY,
                        new Delegation.Write(2, SID2, true, new SpaceLimit.Size(1 << 20), ACE))),
                NfsResult.ok(OpCode.OPEN, new NfsResult.OpenOk(SID, CINFO, 4, Bitmap.EMPTY,
                        new Delegation.Write(5, SID2, false, new SpaceLimit.Blocks(10, 4096), ACE))),
                NfsResult.ok(OpCode.OPEN, new NfsResult.OpenOk(SID, CINFO, 4, Bitmap.EMPTY, new Delegation.NoneExt(1, true))),
                NfsResult.ok(OpCode.OPEN, new NfsResult.OpenOk(SID, CINFO, 4, Bitmap.EMPTY, new Delegation.NoneExt(0, null))),
                NfsResult.ok(OpCode.OPEN_DOWNGRADE, new NfsResult.StateidOk(SID)),
                NfsResult.of(OpCode.PUTFH, NfsStatus.STALE),
                NfsResult.of(OpCode.PUTPUBFH, NfsStatus.OK),
                NfsResult.of(OpCode.PUTROOTFH, NfsStatus.OK),
                NfsResult.ok(OpCode.READ, new NfsResult.ReadOk(true, b(1, 2, 3))),
                NfsResult.ok(OpCode.READDIR, new NfsResult.ReadDirOk(VERF, List.of(
                        new DirEntry(3, Bytes.utf8("a"), ATTRS), new DirEntry(4, Bytes.utf8("bcde"), Fattr4.EMPTY)), true)),
                NfsResult.ok(OpCode.READDIR, new NfsResult.ReadDirOk(VERF, List.of(), false)),
                NfsResult.ok(OpCode.READLINK, new NfsResult.ReadLinkOk(Bytes.utf8("/target"))),
                NfsResult.ok(OpCode.REMOVE, new NfsResult.ChangeInfoOk(CINFO)),
                NfsResult.ok(OpCode.RENAME, new NfsResult.RenameOk(CINFO, new ChangeInfo(false, 1, 2))),
                NfsResult.of(OpCode.RESTOREFH, NfsStatus.RESTOREFH),
                NfsResult.of(OpCode.SAVEFH, NfsStatus.OK),
                NfsResult.ok(OpCode.SECINFO, new NfsResult.SecInfoOk(List.of(new SecInfo.Flavor(1),
                        new SecInfo.Gss(b(0x2a, 0x86, 0x48), 0, 1)))),
                new NfsResult(OpCode.SETATTR, NfsStatus.OK, new NfsResult.AttrsSet(Bitmap.of(4, 33))),
                new NfsResult(OpCode.SETATTR, NfsStatus.PERM, new NfsResult.AttrsSet(Bitmap.EMPTY)),
                NfsResult.of(OpCode.VERIFY, NfsStatus.NOT_SAME),
                NfsResult.ok(OpCode.WRITE, new NfsResult.WriteOk(5, 2, VERF)),
                NfsResult.of(OpCode.BACKCHANNEL_CTL, NfsStatus.OK),
                NfsResult.ok(OpCode.BIND_CONN_TO_SESSION, new NfsResult.BindConnOk(SESSION, 3, false)),
                NfsResult.ok(OpCode.EXCHANGE_ID, new NfsResult.ExchangeIdOk(0x5566L, 1, 0x00010001,
                        new StateProtectRes.None(), new ServerOwner(0, Bytes.utf8("estuary")), Bytes.utf8("scope"),
                        new ImplId("estuary.dev", "Estuary", new NfsTime(1, 2)))),
                NfsResult.ok(OpCode.EXCHANGE_ID, new NfsResult.ExchangeIdOk(1, 1, 0,
                        new StateProtectRes.MachCred(new StateProtectOps(Bitmap.of(1), Bitmap.EMPTY)),
                        new ServerOwner(0, Bytes.EMPTY), Bytes.EMPTY, null)),
                NfsResult.ok(OpCode.EXCHANGE_ID, new NfsResult.ExchangeIdOk(1, 1, 0,
                        new StateProtectRes.Ssv(new StateProtectOps(Bitmap.EMPTY, Bitmap.EMPTY), 1, 2, 32, 4,
                                List.of(b(5))), new ServerOwner(0, Bytes.EMPTY), Bytes.EMPTY, null)),
                NfsResult.ok(OpCode.CREATE_SESSION, new NfsResult.CreateSessionOk(SESSION, 1, 2, FORE, BACK)),
                NfsResult.of(OpCode.DESTROY_SESSION, NfsStatus.BADSESSION),
                NfsResult.of(OpCode.FREE_STATEID, NfsStatus.LOCKS_HELD),
                NfsResult.ok(OpCode.SECINFO_NO_NAME, new NfsResult.SecInfoOk(List.of(new SecInfo.Flavor(1)))),
                NfsResult.ok(OpCode.SEQUENCE, new NfsResult.SequenceOk(SESSION, 17, 0, 63, 63, 0)),
                NfsResult.ok(OpCode.TEST_STATEID, new NfsResult.TestStateidOk(List.of(NfsStatus.OK, NfsStatus.BAD_STATEID))),
                NfsResult.of(OpCode.DESTROY_CLIENTID, NfsStatus.CLIENTID_BUSY),
                NfsResult.of(OpCode.RECLAIM_COMPLETE, NfsStatus.COMPLETE_ALREADY),
                NfsResult.of(OpCode.ALLOCATE, NfsStatus.OK),
                NfsResult.ok(OpCode.COPY, new NfsResult.CopyOk(new WriteResponse(null, 4096, 2, VERF),
                        new CopyRequirements(true, true))),
                NfsResult.ok(OpCode.COPY, new NfsResult.CopyOk(new WriteResponse(SID, 1, 0, VERF),
                        new CopyRequirements(false, false))),
                new NfsResult(OpCode.COPY, NfsStatus.OFFLOAD_NO_REQS, new NfsResult.CopyNoReqs(new CopyRequirements(false, true))),
                NfsResult.of(OpCode.DEALLOCATE, NfsStatus.NOTSUPP),
                NfsResult.ok(OpCode.READ_PLUS, new NfsResult.ReadPlusOk(true, List.of(
                        new ReadPlusContent.Data(0, b(1, 2)), new ReadPlusContent.Hole(2, 4094)))),
                NfsResult.ok(OpCode.SEEK, new NfsResult.SeekOk(false, 8192)),
                NfsResult.ok(OpCode.GETXATTR, new NfsResult.GetXattrOk(b(1, 2, 3, 4, 5, 6))),
                NfsResult.of(OpCode.GETXATTR, NfsStatus.NOXATTR),
                NfsResult.ok(OpCode.SETXATTR, new NfsResult.ChangeInfoOk(CINFO)),
                NfsResult.ok(OpCode.LISTXATTRS, new NfsResult.ListXattrsOk(2, List.of(Bytes.utf8("user.a"),
                        Bytes.utf8("user.bc")), true)),
                NfsResult.ok(OpCode.REMOVEXATTR, new NfsResult.ChangeInfoOk(CINFO)),
                NfsResult.of(OpCode.GET_DIR_DELEGATION, NfsStatus.NOTSUPP),
                NfsResult.of(OpCode.DELEGPURGE, NfsStatus.NOTSUPP),
                NfsResult.of(OpCode.OPENATTR, NfsStatus.NOTSUPP),
                NfsResult.of(OpCode.OFFLOAD_CANCEL, NfsStatus.OK),
                NfsResult.ok(OpCode.OFFLOAD_STATUS, new NfsResult.OffloadStatusOk(4096, null)),
                NfsResult.ok(OpCode.OFFLOAD_STATUS, new NfsResult.OffloadStatusOk(1 << 20, NfsStatus.OK)),
                NfsResult.of(OpCode.CLONE, NfsStatus.NOTSUPP),
                NfsResult.of(OpCode.ILLEGAL, NfsStatus.OP_ILLEGAL));
    }
}
