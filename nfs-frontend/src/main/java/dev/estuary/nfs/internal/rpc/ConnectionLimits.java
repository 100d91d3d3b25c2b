package dev.estuary.nfs.internal.rpc;

import java.time.Duration;

/**
 * The bounds of the transport: how many connections are open at once and what one connection may hold
 * in memory. oncrpc4j has no such bounds of its own (notes/nfs.md §1): without them one client that
 * pipelines calls faster than they are answered makes the server buffer without end.
 *
 * @param maxConnections connections open at once; one more is closed as soon as it is accepted
 * @param maxCallsInFlight calls of one connection read but not yet answered; at the limit the server
 *     stops reading from that connection (TCP pushes back on the client) until one is answered. The
 *     Linux client keeps at most its slot count (64) in flight per session.
 * @param maxBytesInFlight bytes of the records of those calls; at the limit reading stops the same way
 *     (at least one record is always admitted, so a record up to the record cap always gets through)
 * @param idleTimeout how long a connection that has carried no session request (SEQUENCE,
 *     CREATE_SESSION, BIND_CONN_TO_SESSION) may stay quiet before it is closed
 */
public record ConnectionLimits(int maxConnections, int maxCallsInFlight, long maxBytesInFlight,
        Duration idleTimeout) {
    /** Defaults: 1024 connections, 128 calls and 16 MiB in flight per connection, 120 s idle. */
    public static final ConnectionLimits DEFAULT = new ConnectionLimits(1024, 128, 16L << 20, Duration.ofSeconds(120));

    /** Checks every bound. */
    public ConnectionLimits {
        if (maxConnections <= 0) {
            throw new IllegalArgumentException("maxConnections: " + maxConnections + " (expected: > 0)");
        }
        if (maxCallsInFlight <= 0) {
            throw new IllegalArgumentException("maxCallsInFlight: " + maxCallsInFlight + " (expected: > 0)");
        }
        if (maxBytesInFlight <= 0) {
            throw new IllegalArgumentException("maxBytesInFlight: " + maxBytesInFlight + " (expected: > 0)");
        }
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("idleTimeout: " + idleTimeout + " (expected: > 0)");
        }
    }
}
