package dev.estuary.nfs.internal.ops;

import dev.estuary.dfs.DfsException;
import dev.estuary.nfs.internal.codec.NfsArgs;
import dev.estuary.nfs.internal.codec.NfsResult;
import dev.estuary.nfs.internal.codec.NfsStatus;
import dev.estuary.nfs.internal.codec.OpCode;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The handler of each operation, and the one place their failures become results: {@link NfsException}
 * with its status, a backend {@link DfsException} through {@link NfsErrors}. Every valid operation without
 * a handler answers NFS4ERR_NOTSUPP, never OP_ILLEGAL (notes/nfs.md §0.4). Served now: the session layer,
 * the namespace (CREATE, REMOVE, RENAME, LINK, SETATTR and the RFC 8276 xattr operations behind the
 * read-only check of {@link Mutations#refusingReadOnly}); OPEN, CLOSE, READ, WRITE, COMMIT, LOCK*,
 * TEST_STATEID, FREE_STATEID, BACKCHANNEL_CTL, DELEGRETURN and the other NFSv4.2 operations are the next
 * step. SEQUENCE is not here: the COMPOUND processor treats it first ({@link SequenceOp}).
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
        } catch (DfsException e) {
            LOG.debug("{}: {}: {}", args.op(), e.kind(), e.getMessage());
            return NfsResult.of(args.op(), NfsErrors.status(e.kind()));
        }
    }
}
