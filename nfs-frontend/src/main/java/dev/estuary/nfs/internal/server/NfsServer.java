package dev.estuary.nfs.internal.server;

import dev.estuary.core.AccessChecker;
import dev.estuary.core.IdentityService;
import dev.estuary.core.RequestMetrics;
import dev.estuary.dfs.Dfs;
import dev.estuary.nfs.internal.codec.Bytes;
import dev.estuary.nfs.internal.codec.Types.ImplId;
import dev.estuary.nfs.internal.codec.Types.NfsTime;
import dev.estuary.nfs.internal.codec.Types.ServerOwner;
import dev.estuary.nfs.internal.codec.XdrLimits;
import dev.estuary.nfs.internal.ops.Exports;
import dev.estuary.nfs.internal.ops.NfsServices;
import dev.estuary.nfs.internal.ops.OperationTable;
import dev.estuary.nfs.internal.ops.TrackedStateIds;
import dev.estuary.nfs.internal.ops.WriteVerifier;
import dev.estuary.nfs.internal.rpc.ConnectionLimits;
import dev.estuary.nfs.internal.rpc.NfsRpcServer;
import dev.estuary.nfs.internal.state.ClientTable;
import dev.estuary.nfs.internal.state.Grace;
import dev.estuary.nfs.internal.state.StateLimits;
import dev.estuary.nfs.internal.state.StateTable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The NFSv4.1/4.2 server: the RPC transport, the COMPOUND processor, the client and session table and
 * the export decisions, the opens and locks with their grace period, over one backend;
 * {@code dev.estuary.nfs.NfsFrontend} starts it as the {@code nfs} frontend.
 */
public final class NfsServer implements AutoCloseable {
    /** RPC header, credential and record marking on top of the largest COMPOUND. */
    private static final int RPC_OVERHEAD = 4096;
    private static final Logger LOG = LoggerFactory.getLogger(NfsServer.class);

    private final ClientTable clients;
    private final StateTable state;
    private final WriteVerifier writeVerifier;
    private final NfsServices services;
    private final NfsRpcServer rpc;
    private final ScheduledExecutorService scheduler;
    private final boolean ownsScheduler;
    private final long sweepMillis;
    private volatile @Nullable ScheduledFuture<?> sweep;

    /**
     * Server settings.
     *
     * @param bind address and port (0: ephemeral)
     * @param limits client and session bounds
     * @param xdr the decoder's bounds
     * @param serverOwner eir_server_owner's major id and eir_server_scope: must stay the same across
     *     restarts of this server (RFC 8881 §2.10.4) and differ between servers
     * @param grace the longest grace period after a restart (RFC 8881 §8.4.2), during which the clients of
     *     the stable record reclaim their opens and locks; it ends early once they all sent RECLAIM_COMPLETE
     * @param stableStorage the file that records the clients holding state, so they may reclaim after a
     *     restart (kept apart from the data, e.g. {@code <data dir>/nfs/clients}); null keeps none, and then
     *     there is no grace period
     * @param connections the connection limit and what one connection may hold in flight
     */
    public record Config(InetSocketAddress bind, StateLimits limits, XdrLimits xdr, Bytes serverOwner, Duration grace,
            @Nullable Path stableStorage, ConnectionLimits connections) {
        /** Checks the grace period. */
        public Config {
            if (grace.isNegative()) {
                throw new IllegalArgumentException("grace: " + grace + " (expected: zero or more)");
            }
        }

        /** Settings with the default connection limits. */
        public Config(InetSocketAddress bind, StateLimits limits, XdrLimits xdr, Bytes serverOwner, Duration grace,
                @Nullable Path stableStorage) {
            this(bind, limits, xdr, serverOwner, grace, stableStorage, ConnectionLimits.DEFAULT);
        }

        /** Settings without a stable record: nothing to reclaim after a restart, no grace period. */
        public Config(InetSocketAddress bind, StateLimits limits, XdrLimits xdr, Bytes serverOwner) {
            this(bind, limits, xdr, serverOwner, Duration.ZERO, null);
        }
    }

    /**
     * A server that runs its idle-connection and lease sweeps on a scheduler of its own (one daemon thread, stopped by
     * {@link #close()}).
     *
     * @param config the settings
     * @param dfs the backend
     * @param identity users, groups and export rules
     * @param checker the POSIX checker
     * @param clock leases and client ids
     * @param executor runs COMPOUNDs (they may block on the backend); owned by the caller
     * @param metrics the per-operation request metrics (frontend {@code nfs})
     */
    public NfsServer(Config config, Dfs dfs, IdentityService identity, AccessChecker checker, Clock clock,
            ExecutorService executor, RequestMetrics metrics) {
        this(config, dfs, identity, checker, clock, executor, null, metrics);
    }

    /**
     * @param config the settings
     * @param dfs the backend
     * @param identity users, groups and export rules
     * @param checker the POSIX checker
     * @param clock leases and client ids
     * @param executor runs COMPOUNDs (they may block on the backend); owned by the caller
     * @param scheduler runs the idle-connection sweep and the lease sweep (every quarter lease); owned by the
     *     caller (null: the server starts and stops a daemon thread of its own)
     * @param metrics the per-operation request metrics (frontend {@code nfs})
     */
    public NfsServer(Config config, Dfs dfs, IdentityService identity, AccessChecker checker, Clock clock,
            ExecutorService executor, @Nullable ScheduledExecutorService scheduler, RequestMetrics metrics) {
        this.ownsScheduler = scheduler == null;
        this.scheduler = scheduler != null ? scheduler : Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("nfs-sweeps").factory());
        this.sweepMillis = Math.max(1, config.limits().lease().toMillis() / 4);
        SecureRandom random = new SecureRandom();
        this.state = new StateTable(new Grace(config.stableStorage(), config.grace(), clock), random);
        this.clients = new ClientTable(config.limits(), clock, new ServerOwner(0, config.serverOwner()),
                config.serverOwner(), new ImplId("estuary.dev", "Estuary", new NfsTime(0, 0)), random, state);
        // A new verifier for every instance: UNSTABLE4 writes this one acknowledged die with it (§18.32.3).
        this.writeVerifier = WriteVerifier.random(random);
        this.services = new NfsServices(clients, new Exports(dfs, identity, checker, clock, Exports.GRANT_TTL), config.xdr(),
                new TrackedStateIds(state), writeVerifier, state);
        CompoundProcessor processor = new CompoundProcessor(services,
                new MeteredDispatcher(OperationTable.standard(), metrics));
        int maxRecord = config.limits().maxRequestSize() + RPC_OVERHEAD;
        this.rpc = new NfsRpcServer(new NfsRpcServer.Config(config.bind(), maxRecord, config.xdr(), config.connections()),
                processor, executor, clock, this.scheduler);
    }

    /** Binds and starts. */
    public void start() throws IOException {
        rpc.start();
        // SEQUENCE drops expired clients too, but without NFS traffic nothing would: an expired client's
        // opens, share reservations and locks would keep blocking SMB and the other protocols (RFC 8881 §8.3:
        // after the lease the server may release the client's state). Leases are measured with the injected
        // clock; the scheduler only says how often to look.
        sweep = scheduler.scheduleAtFixedRate(this::sweepLeases, sweepMillis, sweepMillis, TimeUnit.MILLISECONDS);
    }

    private void sweepLeases() {
        try {
            int dropped = clients.expireLeases();
            if (dropped > 0) {
                LOG.info("nfs lease sweep clients={} (lease expired: opens, share reservations and locks released)",
                        dropped);
            }
        } catch (RuntimeException e) {
            // A periodic task that throws is never run again: log and keep sweeping.
            LOG.warn("nfs lease sweep failed", e);
        }
    }

    /** @return the bound address */
    public InetSocketAddress localAddress() {
        return rpc.localAddress();
    }

    /** @return the RPC transport (connection counts, for status and tests) */
    public NfsRpcServer rpc() {
        return rpc;
    }

    /** @return the client and session table (for status and tests) */
    public ClientTable clients() {
        return clients;
    }

    /** @return this instance's write verifier (for tests and status) */
    public WriteVerifier writeVerifier() {
        return writeVerifier;
    }

    /** @return what the handlers use (for tests that act as a handler would) */
    NfsServices services() {
        return services;
    }

    /** @return the opens and locks of every client (for status and tests) */
    public StateTable state() {
        return state;
    }

    /**
     * Stops accepting at once, lets calls in flight finish for at most {@code drain}, then closes like
     * {@link #close()}.
     */
    public void close(Duration drain) throws IOException {
        try {
            rpc.close(drain);
        } finally {
            release();
        }
    }

    /** Stops serving, then releases every open, share reservation and lock (the stable record stays). */
    @Override
    public void close() throws IOException {
        try {
            rpc.close();
        } finally {
            release();
        }
    }

    private void release() {
        ScheduledFuture<?> task = sweep;
        if (task != null) {
            task.cancel(false);
        }
        try {
            state.close();
        } finally {
            if (ownsScheduler) {
                scheduler.shutdownNow();
            }
        }
    }
}
