package dev.estuary.nfs.internal.server;

import dev.estuary.nfs.internal.codec.XdrLimits;
import dev.estuary.nfs.internal.rpc.ConnectionLimits;
import dev.estuary.nfs.internal.state.StateLimits;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The NFS frontend's settings from its options {@code nfs.<key>} (gateway-core CONFIG.md, "NFS"): the
 * client and session bounds ({@link StateLimits}) and the transport's ({@link ConnectionLimits}). The
 * launcher has already checked each value's form and range against the declared options; the relations
 * between values are checked here.
 *
 * @param state client, session and channel bounds and the lease
 * @param grace the longest grace period after a restart (RFC 8881 §8.4.2)
 * @param connections the connection limit, per-connection bounds and the idle timeout
 * @param xdr the decoder's bounds
 */
public record NfsSettings(StateLimits state, Duration grace, ConnectionLimits connections, XdrLimits xdr) {
    /** {@code lease-time}: seconds. */
    public static final String LEASE_TIME = "lease-time";
    /** {@code grace-period}: seconds. */
    public static final String GRACE_PERIOD = "grace-period";
    /** {@code max-connections}. */
    public static final String MAX_CONNECTIONS = "max-connections";
    /** {@code max-requests-per-connection}. */
    public static final String MAX_REQUESTS_PER_CONNECTION = "max-requests-per-connection";
    /** {@code max-bytes-per-connection}. */
    public static final String MAX_BYTES_PER_CONNECTION = "max-bytes-per-connection";
    /** {@code idle-timeout}: seconds. */
    public static final String IDLE_TIMEOUT = "idle-timeout";
    /** {@code max-clients}. */
    public static final String MAX_CLIENTS = "max-clients";
    /** {@code max-sessions}. */
    public static final String MAX_SESSIONS = "max-sessions";
    /** {@code max-sessions-per-client}. */
    public static final String MAX_SESSIONS_PER_CLIENT = "max-sessions-per-client";
    /** {@code slots}. */
    public static final String SLOTS = "slots";
    /** {@code max-request-size}. */
    public static final String MAX_REQUEST_SIZE = "max-request-size";
    /** {@code max-response-size}. */
    public static final String MAX_RESPONSE_SIZE = "max-response-size";
    /** {@code max-cached-response-size}. */
    public static final String MAX_CACHED_RESPONSE_SIZE = "max-cached-response-size";

    /** Every key {@link #fromOptions} reads. */
    public static final Set<String> KEYS = Set.of(LEASE_TIME, GRACE_PERIOD, MAX_CONNECTIONS, MAX_REQUESTS_PER_CONNECTION,
            MAX_BYTES_PER_CONNECTION, IDLE_TIMEOUT, MAX_CLIENTS, MAX_SESSIONS, MAX_SESSIONS_PER_CLIENT, SLOTS,
            MAX_REQUEST_SIZE, MAX_RESPONSE_SIZE, MAX_CACHED_RESPONSE_SIZE);

    /** The defaults. */
    public static final NfsSettings DEFAULT = new NfsSettings(StateLimits.DEFAULT, StateLimits.DEFAULT.lease(),
            ConnectionLimits.DEFAULT, XdrLimits.DEFAULT);

    /**
     * Reads the options, the defaults for those absent.
     *
     * @param options the frontend's options without the {@code nfs.} prefix
     * @return the settings
     * @throws IllegalArgumentException naming an unknown key, or values that do not fit together
     */
    public static NfsSettings fromOptions(Map<String, String> options) {
        Set<String> unknown = new TreeSet<>(options.keySet());
        unknown.removeAll(KEYS);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("nfs options: unknown " + unknown + " (expected: one of "
                    + new TreeSet<>(KEYS) + ")");
        }
        StateLimits d = StateLimits.DEFAULT;
        ConnectionLimits c = ConnectionLimits.DEFAULT;
        int requestSize = integer(options, MAX_REQUEST_SIZE, d.maxRequestSize());
        int responseSize = integer(options, MAX_RESPONSE_SIZE, d.maxResponseSize());
        int cached = integer(options, MAX_CACHED_RESPONSE_SIZE, d.maxCachedResponseSize());
        if (cached > responseSize) {
            throw new IllegalArgumentException("nfs.max-cached-response-size: " + cached
                    + " (expected: at most nfs.max-response-size, " + responseSize + ")");
        }
        int sessions = integer(options, MAX_SESSIONS, d.maxSessions());
        int perClient = integer(options, MAX_SESSIONS_PER_CLIENT, d.maxSessionsPerClient());
        if (perClient > sessions) {
            throw new IllegalArgumentException("nfs.max-sessions-per-client: " + perClient
                    + " (expected: at most nfs.max-sessions, " + sessions + ")");
        }
        StateLimits state = new StateLimits(integer(options, MAX_CLIENTS, d.maxClients()), perClient, sessions,
                integer(options, SLOTS, d.maxSlots()), d.maxOperations(), requestSize, responseSize, cached,
                d.maxBackChannelSlots(), Duration.ofSeconds(integer(options, LEASE_TIME, (int) d.lease().toSeconds())));
        ConnectionLimits connections = new ConnectionLimits(
                integer(options, MAX_CONNECTIONS, c.maxConnections()),
                integer(options, MAX_REQUESTS_PER_CONNECTION, c.maxCallsInFlight()),
                Long.parseLong(options.getOrDefault(MAX_BYTES_PER_CONNECTION, Long.toString(c.maxBytesInFlight()))
                        .strip()),
                Duration.ofSeconds(integer(options, IDLE_TIMEOUT, (int) c.idleTimeout().toSeconds())));
        // A WRITE's data must fit a request: the decoder's opaque cap follows the request size.
        XdrLimits x = XdrLimits.DEFAULT;
        XdrLimits xdr = new XdrLimits(Math.max(x.maxOpaque(), requestSize), x.maxArray(), x.maxOperations());
        // The grace period lasts a lease unless set: every client of the previous instance has then had the
        // chance to notice the restart and reclaim (RFC 8881 §8.4.2.1); it ends earlier once all have.
        Duration grace = Duration.ofSeconds(integer(options, GRACE_PERIOD, (int) state.lease().toSeconds()));
        return new NfsSettings(state, grace, connections, xdr);
    }

    private static int integer(Map<String, String> options, String key, int fallback) {
        String v = options.get(key);
        if (v == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("nfs." + key + ": '" + v + "' (expected: an integer)", e);
        }
    }
}
