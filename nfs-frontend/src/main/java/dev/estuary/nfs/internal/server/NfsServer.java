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
import dev.estuary.nfs.internal.rpc.NfsRpcServer;
import dev.estuary.nfs.internal.state.ClientTable;
import dev.estuary.nfs.internal.state.Grace;
import dev.estuary.nfs.internal.state.StateLimits;
import dev.estuary.nfs.internal.state.StateTable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import org.jspecify.annotations.Nullable;

/**
 * The NFSv4.1/4.2 server: the RPC transport, the COMPOUND processor, the client and session table and
 * the export decisions, the opens and locks with their grace period, over one backend. Not yet a registered
 * {@code Frontend}: READ and WRITE come in the next step, and a mount that cannot read files would be a stub.
 */
public final class NfsServer implements AutoCloseable {
    /** RPC header, credential and record marking on top of the largest COMPOUND. */
    private static final int RPC_OVERHEAD = 4096;

    private final ClientTable clients;
    private final StateTable state;
    private final NfsServices services;
    private final WriteVerifier writeVerifier;
    private final NfsRpcServer rpc;

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
     */
    public record Config(InetSocketAddress bind, StateLimits limits, XdrLimits xdr, Bytes serverOwner, Duration grace,
            @Nullable Path stableStorage) {
        /** Checks the grace period. */
        public Config {
            if (grace.isNegative()) {
                throw new IllegalArgumentException("grace: " + grace + " (expected: zero or more)");
            }
        }

        /** Settings without a stable record: nothing to reclaim after a restart, no grace period. */
        public Config(InetSocketAddress bind, StateLimits limits, XdrLimits xdr, Bytes serverOwner) {
            this(bind, limits, xdr, serverOwner, Duration.ZERO, null);
        }
    }

    /**
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
        SecureRandom random = new SecureRandom();
        this.state = new StateTable(new Grace(config.stableStorage(), config.grace(), clock), random);
        this.clients = new ClientTable(config.limits(), clock, new ServerOwner(0, config.serverOwner()),
                config.serverOwner(), new ImplId("estuary.dev", "Estuary", new NfsTime(0, 0)), random, state);
        // A new verifier for every instance: UNSTABLE4 writes this one acknowledged die with it (§18.32.3).
        this.writeVerifier = WriteVerifier.random(random);
        this.services = new NfsServices(clients, new Exports(dfs, identity, checker), config.xdr(),
                new TrackedStateIds(state), writeVerifier, state);
        CompoundProcessor processor = new CompoundProcessor(services,
                new MeteredDispatcher(OperationTable.standard(), metrics));
        int maxRecord = config.limits().maxRequestSize() + RPC_OVERHEAD;
        this.rpc = new NfsRpcServer(new NfsRpcServer.Config(config.bind(), maxRecord, config.xdr()), processor, executor);
    }

    /** Binds and starts. */
    public void start() throws IOException {
        rpc.start();
    }

    /** @return the bound address */
    public InetSocketAddress localAddress() {
        return rpc.localAddress();
    }

    /** @return the client and session table (for status and tests) */
    public ClientTable clients() {
        return clients;
    }

    /** @return what the handlers use (for tests that act as a handler would) */
    NfsServices services() {
        return services;
    }

    /** @return the opens and locks of every client (for status and tests) */
    public StateTable state() {
        return state;
    }

    /** @return this instance's write verifier (for tests and status) */
    public WriteVerifier writeVerifier() {
        return writeVerifier;
    }

    /** Stops serving, then releases every open, share reservation and lock (the stable record stays). */
    @Override
    public void close() throws IOException {
        try {
            rpc.close();
        } finally {
            state.close();
        }
    }
}
