package dev.estuary.nfs;

import dev.estuary.core.AccessChecker;
import dev.estuary.core.ClientSession;
import dev.estuary.core.Endpoint;
import dev.estuary.core.Frontend;
import dev.estuary.core.FrontendContext;
import dev.estuary.core.FrontendOption;
import dev.estuary.core.Principal;
import dev.estuary.core.RunningFrontend;
import dev.estuary.nfs.internal.codec.Bytes;
import dev.estuary.nfs.internal.server.NfsServer;
import dev.estuary.nfs.internal.state.ClientTable;
import dev.estuary.nfs.internal.server.NfsSettings;
import dev.estuary.nfs.internal.server.ServerIdentity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The NFSv4.1 and 4.2 frontend ({@code nfs}, default port 2049): ONC RPC over TCP (RFC 5531), sessions
 * (RFC 8881), the 4.2 operations (RFC 7862) and extended attributes (RFC 8276) over the shared backend,
 * each volume an export that no client may mount until an administrator opens it ({@code estuary
 * volume export}). Found by {@link java.util.ServiceLoader}; clients mount with {@code mount -t nfs4
 * -o vers=4.2 host:/VOLUME /mnt} (add {@code port=} off port 2049). Nothing is published to rpcbind:
 * NFSv4 clients connect to the port directly.
 *
 * <p>Settings come from the options this frontend declares ({@link #options()}, gateway-core
 * CONFIG.md): the lease, the client, session and slot bounds, the channel sizes granted at
 * CREATE_SESSION, and the transport's connection limit, per-connection bounds and idle timeout. The
 * server owner and scope (RFC 8881 §2.10.4) are drawn on the first start and kept in the data directory
 * ({@value ServerIdentity#FILE}), so clients recognise the server after a restart; the clients holding state
 * are recorded next to it ({@value #STABLE_STORAGE}), so that they may reclaim it during the grace period.
 */
public final class NfsFrontend implements Frontend {
    /** The frontend name. */
    public static final String NAME = "nfs";
    /** The default port (RFC 8881 §2.9.3 / IANA nfs). */
    public static final int DEFAULT_PORT = 2049;

    private static final int MIB = 1 << 20;

    /**
     * The stable record of the clients holding state (RFC 8881 §8.4.2.1), relative to the data directory: who
     * may reclaim after a restart.
     */
    static final String STABLE_STORAGE = "nfs/clients";

    /** The options, in documentation order; {@link NfsSettings#fromOptions} reads them. */
    private static final List<FrontendOption> OPTIONS = List.of(
            FrontendOption.integer(NfsSettings.LEASE_TIME, "90", 10, 3600, "Lease time in seconds (the lease_time"
                    + " attribute): a client that renews nothing for this long loses its state."),
            FrontendOption.integer(NfsSettings.GRACE_PERIOD, "lease-time", 0, 3600, "Longest grace period in seconds"
                    + " after a restart, during which clients of the previous run reclaim their opens and locks and"
                    + " new ones wait (NFS4ERR_GRACE); it ends early once every such client has reclaimed. 0: none."),
            FrontendOption.integer(NfsSettings.MAX_CONNECTIONS, "1024", 1, 65536, "Connections open at once; one"
                    + " more is closed as soon as it is accepted (logged once until the count drops)."),
            FrontendOption.integer(NfsSettings.MAX_REQUESTS_PER_CONNECTION, "128", 1, 65536, "Requests of one"
                    + " connection read but not yet answered; at the limit the server stops reading from that"
                    + " connection until one is answered."),
            FrontendOption.integer(NfsSettings.MAX_BYTES_PER_CONNECTION, "16777216", 65536, 1L << 40, "Bytes of"
                    + " the requests of one connection read but not yet answered; at the limit reading from it"
                    + " stops the same way (one request is always admitted)."),
            FrontendOption.integer(NfsSettings.IDLE_TIMEOUT, "120", 1, 86400, "Seconds a connection that has"
                    + " carried no session request may stay quiet before it is closed."),
            FrontendOption.integer(NfsSettings.MAX_CLIENTS, "1024", 1, 1_000_000, "Client records kept; at the"
                    + " limit clients whose lease expired are dropped first, then EXCHANGE_ID answers"
                    + " NFS4ERR_DELAY."),
            FrontendOption.integer(NfsSettings.MAX_SESSIONS, "512", 1, 1_000_000, "Sessions of all clients"
                    + " together; CREATE_SESSION answers NFS4ERR_DELAY beyond."),
            FrontendOption.integer(NfsSettings.MAX_SESSIONS_PER_CLIENT, "8", 1, 1024, "Sessions one client may"
                    + " hold at once; CREATE_SESSION answers NFS4ERR_NOSPC beyond."),
            FrontendOption.integer(NfsSettings.SLOTS, "64", 1, 1024, "Largest fore-channel slot table granted"
                    + " (requests one session may have outstanding; Linux asks for 64)."),
            FrontendOption.integer(NfsSettings.MAX_REQUEST_SIZE, "1114112", 8192, 16L * MIB, "Largest request"
                    + " granted at CREATE_SESSION (ca_maxrequestsize, bytes): bounds WRITE sizes; larger"
                    + " requests get NFS4ERR_REQ_TOO_BIG, larger records close the connection."),
            FrontendOption.integer(NfsSettings.MAX_RESPONSE_SIZE, "1114112", 8192, 16L * MIB, "Largest reply"
                    + " granted at CREATE_SESSION (ca_maxresponsesize, bytes): bounds READ and READDIR sizes."),
            FrontendOption.integer(NfsSettings.MAX_CACHED_RESPONSE_SIZE, "8192", 0, 16L * MIB, "Largest reply"
                    + " kept in a session slot's reply cache (ca_maxresponsesize_cached, bytes); at most"
                    + " max-response-size."));

    /** Creates the frontend (used by {@link java.util.ServiceLoader}); it does nothing until {@link #start}. */
    public NfsFrontend() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int defaultPort() {
        return DEFAULT_PORT;
    }

    @Override
    public List<FrontendOption> options() {
        return OPTIONS;
    }

    @Override
    public RunningFrontend start(FrontendContext context) throws IOException {
        NfsSettings settings = NfsSettings.fromOptions(context.config().optionsOf(NAME));
        Bytes owner = ServerIdentity.loadOrCreate(context.config().dataDirectory(), new SecureRandom());
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("nfs-connections").factory());
        NfsServer server = new NfsServer(
                new NfsServer.Config(new InetSocketAddress(context.bindAddress(), context.port()), settings.state(),
                        settings.xdr(), owner, settings.grace(),
                        context.config().dataDirectory().resolve(STABLE_STORAGE), settings.connections()),
                context.dfs(), context.identity(), new AccessChecker(context.authorizer()), context.clock(),
                context.executor(), scheduler, context.requestMetrics(NAME));
        try {
            server.start();
        } catch (IOException | RuntimeException e) {
            server.close();
            scheduler.shutdownNow();
            throw e;
        }
        InetSocketAddress bound = server.localAddress();
        String host = bound.getAddress().getHostAddress();
        String url = "nfs://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + bound.getPort() + "/";
        List<Endpoint> endpoints = List.of(new Endpoint(NAME, url, "NFSv4.1 and 4.2; mount -t nfs4 -o vers=4.2,port="
                + bound.getPort() + " HOST:/VOLUME; volumes are exported with estuary volume export"));
        return new RunningFrontend() {
            private volatile boolean stopped;

            @Override
            public List<Endpoint> endpoints() {
                return endpoints;
            }

            @Override
            public boolean healthy() {
                return !stopped;
            }

            @Override
            public List<ClientSession> sessions() {
                // NFSv4.1/4.2 clients with a session: the principal the record is bound to, the first connection,
                // AUTH_SYS or AUTH_NONE. Open files are not listed (NFS names objects by filehandle, not path).
                List<ClientSession> out = new ArrayList<>();
                for (ClientTable.ClientSummary c : server.clients().summaries()) {
                    String user = c.credential().authSys() ? context.identity().principalByUid(c.credential().uid())
                            .map(Principal::name).orElse("uid " + c.credential().uid()) : "anonymous";
                    String client = c.connections().isEmpty() ? "?" : c.connections().getFirst().getAddress()
                            .getHostAddress() + ":" + c.connections().getFirst().getPort();
                    out.add(new ClientSession(user, client, "NFSv4.1+", c.credential().authSys() ? "AUTH_SYS"
                            : "AUTH_NONE", c.created(), List.of()));
                }
                return out;
            }

            @Override
            public void stop(Duration drain) {
                stopped = true;
                try {
                    server.close(drain);
                } catch (IOException e) {
                    throw new UncheckedIOException("stopping the NFS server on " + url, e);
                } finally {
                    scheduler.shutdownNow();
                }
            }
        };
    }
}
