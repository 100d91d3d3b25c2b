package dev.estuary.nfs.internal.state;

import java.time.Duration;

/**
 * The bounds of the client and session state: how many clients and sessions exist, and what a session's
 * fore channel may use (RFC 8881 §18.36.3). Together they bound the memory of the reply cache:
 * {@code maxSessions × maxSlots × maxCachedResponseSize}.
 *
 * @param maxClients client records kept (confirmed or not); at the limit, records whose lease expired
 *     are dropped first, then EXCHANGE_ID answers NFS4ERR_DELAY
 * @param maxSessionsPerClient sessions one client may hold at once
 * @param maxSessions sessions of all clients together
 * @param maxSlots the largest fore-channel slot table (ca_maxrequests); Linux asks 64 (notes/nfs.md §2.1)
 * @param maxOperations the largest ca_maxoperations granted; Linux aborts below 8 (notes/nfs.md §2.1)
 * @param maxRequestSize the largest ca_maxrequestsize granted
 * @param maxResponseSize the largest ca_maxresponsesize granted
 * @param maxCachedResponseSize the largest ca_maxresponsesize_cached granted: one slot's cached reply
 * @param maxBackChannelSlots the largest back-channel ca_maxrequests granted
 * @param lease the lease time (the lease_time attribute); SEQUENCE renews it
 */
public record StateLimits(int maxClients, int maxSessionsPerClient, int maxSessions, int maxSlots,
        int maxOperations, int maxRequestSize, int maxResponseSize, int maxCachedResponseSize,
        int maxBackChannelSlots, Duration lease) {
    /** The smallest channel sizes a session is created with (§18.36.3 NFS4ERR_TOOSMALL below them). */
    public static final int MIN_CHANNEL_SIZE = 256;

    /** Defaults that fit the Linux client: 1 MiB reads and writes plus headers, 64 slots, 8 KiB cached replies. */
    public static final StateLimits DEFAULT = new StateLimits(1024, 8, 512, 64, 16,
            (1 << 20) + 64 * 1024, (1 << 20) + 64 * 1024, 8 * 1024, 16, Duration.ofSeconds(90));

    /** Checks every bound. */
    public StateLimits {
        positive(maxClients, "maxClients");
        positive(maxSessionsPerClient, "maxSessionsPerClient");
        positive(maxSessions, "maxSessions");
        positive(maxSlots, "maxSlots");
        positive(maxBackChannelSlots, "maxBackChannelSlots");
        if (maxOperations < 8) {
            throw new IllegalArgumentException("maxOperations: " + maxOperations
                    + " (expected: >= 8, the Linux client refuses less)");
        }
        if (maxRequestSize < MIN_CHANNEL_SIZE || maxResponseSize < MIN_CHANNEL_SIZE) {
            throw new IllegalArgumentException("maxRequestSize/maxResponseSize: " + maxRequestSize + "/"
                    + maxResponseSize + " (expected: >= " + MIN_CHANNEL_SIZE + ")");
        }
        if (maxCachedResponseSize < 0 || maxCachedResponseSize > maxResponseSize) {
            throw new IllegalArgumentException("maxCachedResponseSize: " + maxCachedResponseSize
                    + " (expected: 0.." + maxResponseSize + ")");
        }
        if (lease.isNegative() || lease.isZero() || lease.toSeconds() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("lease: " + lease + " (expected: 1 s or more)");
        }
    }

    private static void positive(int v, String name) {
        if (v <= 0) {
            throw new IllegalArgumentException(name + ": " + v + " (expected: > 0)");
        }
    }
}
