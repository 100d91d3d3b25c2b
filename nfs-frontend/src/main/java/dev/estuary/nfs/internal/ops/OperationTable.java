package dev.estuary.nfs.internal.ops;

import dev.estuary.dfs.DfsException;
import dev.estuary.nfs.internal.codec.NfsArgs;
import dev.estuary.nfs.internal.codec.NfsResult;
import dev.estuary.nfs.internal.codec.NfsStatus;
import dev.estuary.nfs.internal.codec.OpCode;
import dev.estuary.nfs.internal.state.StateException;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The handler of each operation, and the one place their failures become results: {@link NfsException}
 * with its status, a backend {@link DfsException} through {@link NfsErrors}. Every valid operation without
 * a handler answers NFS4ERR_NOTSUPP, never OP_ILLEGAL (notes/nfs.md §0.4), as RELEASE_LOCKOWNER does
 * (NFSv4.0 only, §18.39 of RFC 8881 is not in NFSv4.1). Served now: the session layer, the namespace
 * (CREATE, REMOVE, RENAME, LINK, SETATTR and the RFC 8276 xattr operations), the data path (READ, WRITE,
 * COMMIT; the NFSv4.2 SEEK, ALLOCATE, DEALLOCATE, READ_PLUS and synchronous intra-server COPY), every
 * operation that changes a volume behind the read-only check of {@link Mutations#refusingReadOnly}, and the
 * state operations (OPEN, CLOSE, OPEN_DOWNGRADE, LOCK, LOCKT, LOCKU, TEST_STATEID, FREE_STATEID,
 * DELEGRETURN, DELEGPURGE) and BACKCHANNEL_CTL. CLONE (the backend's copy-range is not
 * promised to share blocks), OFFLOAD_CANCEL and OFFLOAD_STATUS (no copy is ever asynchronous) and
 * COPY_NOTIFY (no inter-server copy) stay NFS4ERR_NOTSUPP on purpose. SEQUENCE is not here: the COMPOUND
 * processor treats it first ({@link SequenceOp}).
 */
public final class OperationTable implements Dispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(OperationTable.class);

    private final Map<OpCode, Operation<NfsArgs>> handlers;

    private OperationTable(Map<OpCode, Operation<NfsArgs>> handlers) {
        this.handlers = Collections.unmodifiableMap(handlers);
    }

    /** @return the table of every operation this server implements */
    public static OperationTable standard() {
        Map<OpCode, Operation<NfsArgs>> m = new EnumMap<>(OpCode.class);
        put(m, OpCode.EXCHANGE_ID, NfsArgs.ExchangeId.class, new ExchangeIdOp());
        put(m, OpCode.CREATE_SESSION, NfsArgs.CreateSession.class, new CreateSessionOp());
        put(m, OpCode.DESTROY_SESSION, NfsArgs.DestroySession.class, new DestroySessionOp());
        put(m, OpCode.DESTROY_CLIENTID, NfsArgs.DestroyClientId.class, new DestroyClientIdOp());
        put(m, OpCode.RECLAIM_COMPLETE, NfsArgs.ReclaimComplete.class, new ReclaimCompleteOp());
        put(m, OpCode.BIND_CONN_TO_SESSION, NfsArgs.BindConnToSession.class, new BindConnToSessionOp());
        put(m, OpCode.BACKCHANNEL_CTL, NfsArgs.BackchannelCtl.class, new BackchannelCtlOp());
        put(m, OpCode.PUTROOTFH, NfsArgs.PutRootFh.class, new PutRootFhOp());
        put(m, OpCode.PUTPUBFH, NfsArgs.PutPubFh.class, new PutPubFhOp());
        put(m, OpCode.PUTFH, NfsArgs.PutFh.class, new PutFhOp());
        put(m, OpCode.GETFH, NfsArgs.GetFh.class, new GetFhOp());
        put(m, OpCode.SAVEFH, NfsArgs.SaveFh.class, new SaveFhOp());
        put(m, OpCode.RESTOREFH, NfsArgs.RestoreFh.class, new RestoreFhOp());
        put(m, OpCode.LOOKUP, NfsArgs.Lookup.class, new LookupOp());
        put(m, OpCode.LOOKUPP, NfsArgs.LookupP.class, new LookupPOp());
        put(m, OpCode.GETATTR, NfsArgs.GetAttr.class, new GetAttrOp());
        put(m, OpCode.ACCESS, NfsArgs.Access.class, new AccessOp());
        put(m, OpCode.READDIR, NfsArgs.ReadDir.class, new ReadDirOp());
        put(m, OpCode.READLINK, NfsArgs.ReadLink.class, new ReadLinkOp());
        put(m, OpCode.SECINFO, NfsArgs.SecInfo.class, new SecInfoOp());
        put(m, OpCode.SECINFO_NO_NAME, NfsArgs.SecInfoNoName.class, new SecInfoNoNameOp());
        put(m, OpCode.VERIFY, NfsArgs.Verify.class, new VerifyOp());
        put(m, OpCode.NVERIFY, NfsArgs.NVerify.class, new NVerifyOp());
        put(m, OpCode.CREATE, NfsArgs.Create.class, Mutations.refusingReadOnly(new CreateOp()));
        put(m, OpCode.REMOVE, NfsArgs.Remove.class, Mutations.refusingReadOnly(new RemoveOp()));
        put(m, OpCode.RENAME, NfsArgs.Rename.class, Mutations.refusingReadOnly(new RenameOp()));
        put(m, OpCode.LINK, NfsArgs.Link.class, Mutations.refusingReadOnly(new LinkOp()));
        put(m, OpCode.SETATTR, NfsArgs.SetAttr.class, Mutations.refusingReadOnly(new SetAttrOp()));
        put(m, OpCode.GETXATTR, NfsArgs.GetXattr.class, new GetXattrOp());
        put(m, OpCode.SETXATTR, NfsArgs.SetXattr.class, Mutations.refusingReadOnly(new SetXattrOp()));
        put(m, OpCode.LISTXATTRS, NfsArgs.ListXattrs.class, new ListXattrsOp());
        put(m, OpCode.REMOVEXATTR, NfsArgs.RemoveXattr.class, Mutations.refusingReadOnly(new RemoveXattrOp()));
        put(m, OpCode.READ, NfsArgs.Read.class, new ReadOp());
        put(m, OpCode.WRITE, NfsArgs.Write.class, Mutations.refusingReadOnly(new WriteOp()));
        put(m, OpCode.COMMIT, NfsArgs.Commit.class, new CommitOp());
        put(m, OpCode.SEEK, NfsArgs.Seek.class, new SeekOp());
        put(m, OpCode.ALLOCATE, NfsArgs.Allocate.class, Mutations.refusingReadOnly(new AllocateOp()));
        put(m, OpCode.DEALLOCATE, NfsArgs.Deallocate.class, Mutations.refusingReadOnly(new DeallocateOp()));
        put(m, OpCode.READ_PLUS, NfsArgs.ReadPlus.class, new ReadPlusOp());
        // The copy's destination is the current file handle.
        put(m, OpCode.COPY, NfsArgs.Copy.class, Mutations.refusingReadOnly(new CopyOp()));
        put(m, OpCode.OPEN, NfsArgs.Open.class, new OpenOp());
        put(m, OpCode.CLOSE, NfsArgs.Close.class, new CloseOp());
        put(m, OpCode.OPEN_DOWNGRADE, NfsArgs.OpenDowngrade.class, new OpenDowngradeOp());
        put(m, OpCode.TEST_STATEID, NfsArgs.TestStateid.class, new TestStateidOp());
        put(m, OpCode.FREE_STATEID, NfsArgs.FreeStateid.class, new FreeStateidOp());
        put(m, OpCode.DELEGRETURN, NfsArgs.DelegReturn.class, new DelegReturnOp());
        put(m, OpCode.DELEGPURGE, NfsArgs.DelegPurge.class, new DelegPurgeOp());
        put(m, OpCode.LOCK, NfsArgs.Lock.class, new LockOp());
        put(m, OpCode.LOCKT, NfsArgs.LockT.class, new LockTOp());
        put(m, OpCode.LOCKU, NfsArgs.LockU.class, new LockUOp());
        return new OperationTable(m);
    }

    /** Ties the handler's argument type to the operation, so {@link #execute}'s cast cannot fail. */
    private static <A extends NfsArgs> void put(Map<OpCode, Operation<NfsArgs>> m, OpCode op, Class<A> type,
            Operation<A> handler) {
        m.put(op, (OpContext ctx, NfsArgs a) -> handler.execute(ctx, type.cast(a)));
    }

    /** @return the operations with a handler */
    public Set<OpCode> implemented() {
        return handlers.keySet();
    }

    /** Evaluates one operation; never throws for a protocol or backend error. */
    @Override
    public NfsResult execute(OpContext ctx, NfsArgs args) {
        Operation<NfsArgs> h = handlers.get(args.op());
        if (h == null) {
            return NfsResult.of(args.op(), NfsStatus.NOTSUPP);
        }
        try {
            return h.execute(ctx, args);
        } catch (NfsException e) {
            LOG.debug("{}: {}: {}", args.op(), e.status(), e.getMessage());
            return NfsResult.of(args.op(), e.status());
        } catch (StateException e) {
            LOG.debug("{}: {}: {}", args.op(), e.status(), e.getMessage());
            return NfsResult.of(args.op(), e.status());
        } catch (DfsException e) {
            LOG.debug("{}: {}: {}", args.op(), e.kind(), e.getMessage());
            return NfsResult.of(args.op(), NfsErrors.status(e.kind()));
        }
    }
}
