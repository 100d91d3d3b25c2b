package dev.estuary.nfs.internal.server;

import dev.estuary.nfs.internal.codec.CompoundArgs;
import dev.estuary.nfs.internal.codec.CompoundCodec;
import dev.estuary.nfs.internal.codec.CompoundRes;
import dev.estuary.nfs.internal.codec.NfsArgs;
import dev.estuary.nfs.internal.codec.NfsResult;
import dev.estuary.nfs.internal.codec.NfsStatus;
import dev.estuary.nfs.internal.codec.OpCode;
import dev.estuary.nfs.internal.codec.XdrWriter;
import dev.estuary.nfs.internal.ops.NfsServices;
import dev.estuary.nfs.internal.ops.OpContext;
import dev.estuary.nfs.internal.ops.Dispatcher;
import dev.estuary.nfs.internal.ops.SequenceOp;
import dev.estuary.nfs.internal.rpc.CallContext;
import dev.estuary.nfs.internal.rpc.CompoundHandler;
import dev.estuary.nfs.internal.state.SequenceOutcome;
import dev.estuary.nfs.internal.state.Session;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Evaluates a COMPOUND of minor version 1 or 2 (RFC 8881 §16.2.3) under the session rules:
 * <ul>
 *   <li>a COMPOUND that starts with SEQUENCE runs in that session: its slot is held while the operations
 *       run, a retry is answered from the slot's reply cache, more operations than ca_maxoperations is
 *       NFS4ERR_TOO_MANY_OPS, a reply larger than ca_maxresponsesize ends with NFS4ERR_REP_TOO_BIG, and
 *       with sa_cachethis a reply larger than ca_maxresponsesize_cached with NFS4ERR_REP_TOO_BIG_TO_CACHE
 *       at the operation that overflowed it (§2.10.6.4, §15.1.10.3);</li>
 *   <li>without SEQUENCE only EXCHANGE_ID, CREATE_SESSION, DESTROY_SESSION, DESTROY_CLIENTID and
 *       BIND_CONN_TO_SESSION may run, alone (NFS4ERR_NOT_ONLY_OP otherwise); anything else is
 *       NFS4ERR_OP_NOT_IN_SESSION (§2.6.3.1.1.3, §18.46.3);</li>
 *   <li>SEQUENCE anywhere but first is NFS4ERR_SEQUENCE_POS.</li>
 * </ul>
 * Evaluation stops at the first failure; when the decoder stopped early and every decoded operation
 * succeeded, the stop's status is the next result (§15.2).
 */
public final class CompoundProcessor implements CompoundHandler {
    /** Operations that may open a COMPOUND without SEQUENCE, alone. */
    private static final Set<OpCode> SESSIONLESS = EnumSet.of(OpCode.EXCHANGE_ID, OpCode.CREATE_SESSION,
            OpCode.DESTROY_SESSION, OpCode.DESTROY_CLIENTID, OpCode.BIND_CONN_TO_SESSION);

    private final NfsServices services;
    private final Dispatcher table;
    private final SequenceOp sequence = new SequenceOp();

    /**
     * @param services what the handlers use
     * @param table the operation handlers (decorated as the server wants)
     */
    public CompoundProcessor(NfsServices services, Dispatcher table) {
        this.services = services;
        this.table = table;
    }

    @Override
    public CompoundRes handle(CallContext call, CompoundArgs args) {
        List<NfsArgs> ops = args.ops();
        CompoundArgs.Stop stop = args.stop();
        if (ops.isEmpty()) {
            // Nothing decoded: an empty COMPOUND is OK (§16.2.3); else the stop's status alone.
            return CompoundRes.of(args.tag(), stop == null ? List.of() : List.of(NfsResult.of(stop.resultOp(), stop.status())));
        }
        OpContext ctx = new OpContext(services, call, args.minorVersion());
        NfsArgs first = ops.getFirst();
        if (!(first instanceof NfsArgs.Sequence seq)) {
            if (!SESSIONLESS.contains(first.op())) {
                return single(args, first.op(), NfsStatus.OP_NOT_IN_SESSION);
            }
            if (ops.size() > 1 || stop != null) {
                return single(args, first.op(), NfsStatus.NOT_ONLY_OP);
            }
            ctx.setLastOperation(true);
            return CompoundRes.of(args.tag(), List.of(table.execute(ctx, first)));
        }
        int declared = stop instanceof CompoundArgs.Stop.TooManyOps t ? t.declaredCount()
                : ops.size() + (stop == null ? 0 : 1);
        SequenceOutcome outcome = sequence.begin(ctx, seq, fingerprint(args), declared);
        return switch (outcome) {
            case SequenceOutcome.Failed f -> CompoundRes.of(args.tag(), List.of(f.result()));
            case SequenceOutcome.Replay r -> r.reply();
            case SequenceOutcome.Proceed p -> inSession(ctx, args, p);
        };
    }

    private CompoundRes inSession(OpContext ctx, CompoundArgs args, SequenceOutcome.Proceed p) {
        CompoundRes res = null;
        try {
            List<NfsResult> results = new ArrayList<>();
            results.add(p.result());
            List<NfsArgs> ops = args.ops();
            boolean failed = false;
            for (int i = 1; i < ops.size() && !failed; i++) {
                NfsArgs op = ops.get(i);
                ctx.setLastOperation(i == ops.size() - 1 && args.stop() == null);
                NfsResult r = op instanceof NfsArgs.Sequence ? NfsResult.of(op.op(), NfsStatus.SEQUENCE_POS)
                        : table.execute(ctx, op);
                results.add(r);
                failed = r.status() != NfsStatus.OK;
            }
            CompoundArgs.Stop stop = args.stop();
            if (!failed && stop != null) {
                results.add(NfsResult.of(stop.resultOp(), stop.status()));
            }
            Session s = p.session();
            results = fit(args, results, s.foreChannel().maxResponseSize(), NfsStatus.REP_TOO_BIG);
            if (p.cacheThis()) {
                results = fit(args, results, s.foreChannel().maxResponseSizeCached(), NfsStatus.REP_TOO_BIG_TO_CACHE);
            }
            res = CompoundRes.of(args.tag(), results);
            return res;
        } finally {
            // Always free the slot (a handler bug must not wedge it); only a cached reply is kept.
            services.clients().finish(p, p.cacheThis() ? res : null);
        }
    }

    /**
     * @return {@code results} cut at the first one that makes the reply larger than {@code limit}, that one
     *     replaced by {@code status} (never cutting below the first result)
     */
    static List<NfsResult> fit(CompoundArgs args, List<NfsResult> results, int limit, NfsStatus status) {
        XdrWriter header = new XdrWriter();
        CompoundCodec.encode(CompoundRes.failed(NfsStatus.OK, args.tag()), header);
        // One writer for all results (the sizes add up): a fresh one per result grew from 256 bytes each time.
        XdrWriter w = new XdrWriter();
        for (int i = 0; i < results.size(); i++) {
            results.get(i).encode(w);
            // size(), not the bytes: a READ's data is counted without being copied (XdrWriter.DEFER_MIN).
            long size = (long) header.size() + w.size();
            if (size > limit) {
                List<NfsResult> cut = new ArrayList<>(results.subList(0, Math.max(i, 1)));
                if (i == 0) {
                    cut.set(0, NfsResult.of(results.get(0).op(), status));
                } else {
                    cut.add(NfsResult.of(results.get(i).op(), status));
                }
                return cut;
            }
        }
        return results;
    }

    private static CompoundRes single(CompoundArgs args, OpCode op, NfsStatus status) {
        return CompoundRes.of(args.tag(), List.of(NfsResult.of(op, status)));
    }

    /** A retry carries the same COMPOUND; another one with the same slot and sequence id is a false retry. */
    private static int fingerprint(CompoundArgs args) {
        return Objects.hash(args.tag(), args.minorVersion(), args.ops(), args.stop());
    }
}
