package dev.estuary.nfs.internal.server;

import dev.estuary.core.RequestMetrics;
import dev.estuary.nfs.internal.codec.NfsArgs;
import dev.estuary.nfs.internal.codec.NfsResult;
import dev.estuary.nfs.internal.ops.Dispatcher;
import dev.estuary.nfs.internal.ops.OpContext;
import java.util.Locale;

/**
 * Counts and times every operation in the shared request metrics ({@code estuary.nfs.requests} and
 * {@code estuary.nfs.request.duration}, tagged with the operation and its status, e.g. {@code lookup} and
 * {@code NOENT}). A decorator, so no handler knows about metrics. SEQUENCE is decided by the COMPOUND
 * processor and is not counted here.
 */
final class MeteredDispatcher implements Dispatcher {
    private final Dispatcher delegate;
    private final RequestMetrics metrics;

    MeteredDispatcher(Dispatcher delegate, RequestMetrics metrics) {
        this.delegate = delegate;
        this.metrics = metrics;
    }

    @Override
    public NfsResult execute(OpContext ctx, NfsArgs args) {
        long start = System.nanoTime();
        NfsResult r = delegate.execute(ctx, args);
        metrics.record(args.op().name().toLowerCase(Locale.ROOT), r.status().name(), System.nanoTime() - start);
        return r;
    }
}
