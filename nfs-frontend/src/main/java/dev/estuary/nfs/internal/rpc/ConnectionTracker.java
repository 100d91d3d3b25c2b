package dev.estuary.nfs.internal.rpc;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.glassfish.grizzly.Buffer;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The open connections of one server and what each holds: the connection limit, the calls and bytes
 * in flight per connection (reading from a connection is suspended at its limit and resumed when a
 * call is answered) and the idle timeout of connections that carry no session.
 *
 * <p>Connections are keyed by the peer's address: unique among the open TCP connections to one
 * listening socket, and what oncrpc4j's {@code RpcTransport} exposes to the call handlers.
 */
final class ConnectionTracker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionTracker.class);

    private final ConnectionLimits limits;
    private final Clock clock;
    private final Map<InetSocketAddress, Entry> open = new ConcurrentHashMap<>();
    private final AtomicBoolean limitLogged = new AtomicBoolean();
    private final AtomicLong refused = new AtomicLong();
    private final ScheduledFuture<?> sweeper;
    /** Calls of all connections passed on and not yet answered; guarded by itself. */
    private final long[] inFlight = new long[1];

    /** One open connection. Guarded by itself. */
    static final class Entry {
        final Connection<?> connection;
        final InetSocketAddress peer;
        int calls;
        long bytes;
        long lastActivityMillis;
        volatile boolean sessionBound;
        @Nullable FilterChainContext suspended;
        @Nullable Buffer pending;

        Entry(Connection<?> connection, InetSocketAddress peer, long now) {
            this.connection = connection;
            this.peer = peer;
            this.lastActivityMillis = now;
        }
    }

    /**
     * @param limits the bounds
     * @param clock idle times are measured with it
     * @param scheduler runs the idle sweep; owned by the caller
     */
    ConnectionTracker(ConnectionLimits limits, Clock clock, ScheduledExecutorService scheduler) {
        this.limits = limits;
        this.clock = clock;
        long period = Math.clamp(limits.idleTimeout().toMillis() / 4, 10, 5_000);
        this.sweeper = scheduler.scheduleWithFixedDelay(this::sweep, period, period, TimeUnit.MILLISECONDS);
    }

    /** @return false when the connection is over the limit (the caller closes it) */
    boolean opened(Connection<?> connection) {
        InetSocketAddress peer = peer(connection);
        if (peer == null) {
            return false; // closed before it could be counted
        }
        synchronized (open) {
            if (open.size() >= limits.maxConnections()) {
                refused.incrementAndGet();
                if (limitLogged.compareAndSet(false, true)) {
                    LOG.warn("NFS connection limit of {} reached: closing the connection from {} and any other "
                            + "beyond the limit (logged once until connections drop below it; option "
                            + "nfs.max-connections)", limits.maxConnections(), peer);
                }
                return false;
            }
            open.put(peer, new Entry(connection, peer, clock.millis()));
        }
        return true;
    }

    /** Forgets a closed connection. */
    void closed(Connection<?> connection) {
        synchronized (open) {
            // By identity: a closed connection may no longer report its peer address.
            open.values().removeIf(e -> e.connection == connection);
            if (open.size() < limits.maxConnections()) {
                limitLogged.set(false);
            }
        }
    }

    /** @return the entry of an open connection, or null when it was refused or is closed */
    @Nullable Entry of(Connection<?> connection) {
        InetSocketAddress peer = peer(connection);
        if (peer == null) {
            return null;
        }
        Entry e = open.get(peer);
        return e != null && e.connection == connection ? e : null;
    }

    /**
     * Admits the next record of a connection, or suspends reading from it when it is at its limit:
     * then {@code ctx} is suspended with {@code message} and resumed by {@link #answered} once a call is
     * answered.
     *
     * @return true to go on, false when the context was suspended (return the suspend action)
     */
    boolean admitOrSuspend(Entry e, FilterChainContext ctx, Buffer message) {
        synchronized (e) {
            if (e.calls >= limits.maxCallsInFlight() || (e.calls > 0 && e.bytes >= limits.maxBytesInFlight())) {
                ctx.suspend();
                e.suspended = ctx;
                e.pending = message;
                return false;
            }
            return true;
        }
    }

    /** Counts a call passed on to the dispatcher. */
    void started(Entry e, int size) {
        synchronized (e) {
            e.calls++;
            e.bytes += size;
            e.lastActivityMillis = clock.millis();
        }
        synchronized (inFlight) {
            inFlight[0]++;
        }
    }

    /**
     * Waits until no call is in flight on any connection, or the time is up.
     *
     * @return true when none is in flight
     */
    boolean awaitNoCallsInFlight(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (inFlight) {
            while (inFlight[0] > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(inFlight, left);
            }
            return true;
        }
    }

    /** A connection whose reading was suspended: its filter chain context and the bytes held back. */
    record Suspended(Entry entry, FilterChainContext context, Buffer held) {
    }

    /**
     * Counts a call as answered.
     *
     * @return the connection to resume when its reading was suspended and it is now below its limits
     */
    @Nullable Suspended answered(@Nullable SocketAddress peer, int size) {
        synchronized (inFlight) {
            inFlight[0]--;
            inFlight.notifyAll();
        }
        Entry e = peer == null ? null : open.get((InetSocketAddress) peer);
        if (e == null) {
            return null;
        }
        FilterChainContext resume = null;
        Buffer message = null;
        synchronized (e) {
            e.calls--;
            e.bytes -= size;
            e.lastActivityMillis = clock.millis();
            if (e.suspended != null && e.calls < limits.maxCallsInFlight()
                    && (e.calls == 0 || e.bytes < limits.maxBytesInFlight())) {
                resume = e.suspended;
                message = e.pending;
                e.suspended = null;
                e.pending = null;
            }
        }
        return resume == null || message == null ? null : new Suspended(e, resume, message);
    }

    /** Marks a connection as carrying a session: the idle timeout no longer applies to it. */
    void sessionUsed(@Nullable SocketAddress peer) {
        Entry e = peer == null ? null : open.get((InetSocketAddress) peer);
        if (e != null) {
            e.sessionBound = true;
        }
    }

    /** Closes connections without a session that have been quiet for longer than the idle timeout. */
    void sweep() {
        long now = clock.millis();
        long idle = limits.idleTimeout().toMillis();
        for (Entry e : open.values()) {
            boolean close;
            synchronized (e) {
                close = !e.sessionBound && e.calls == 0 && now - e.lastActivityMillis >= idle;
            }
            if (close) {
                LOG.debug("NFS connection from {} idle for {} without a session: closed", e.peer,
                        Duration.ofMillis(now - e.lastActivityMillis));
                e.connection.closeSilently();
            }
        }
    }

    /** @return the connections open now */
    int openConnections() {
        return open.size();
    }

    /** @return connections closed at accept because of the limit */
    long refusedConnections() {
        return refused.get();
    }

    /** @return calls and bytes in flight on the connection from {@code peer} (zeros when it is not open) */
    long[] inFlight(InetSocketAddress peer) {
        Entry e = open.get(peer);
        if (e == null) {
            return new long[2];
        }
        synchronized (e) {
            return new long[] {e.calls, e.bytes};
        }
    }

    private static @Nullable InetSocketAddress peer(Connection<?> connection) {
        return (InetSocketAddress) connection.getPeerAddress();
    }

    @Override
    public void close() {
        sweeper.cancel(false);
    }
}
