package dev.estuary.nfs.internal.rpc;

import dev.estuary.nfs.internal.codec.XdrLimits;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import org.dcache.oncrpc4j.rpc.OncRpcProgram;
import org.dcache.oncrpc4j.rpc.ReplyQueue;
import org.dcache.oncrpc4j.rpc.RpcDispatchable;
import org.dcache.oncrpc4j.rpc.RpcDispatcher;
import org.dcache.oncrpc4j.rpc.RpcProtocolFilter;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.filterchain.FilterChainBuilder;
import org.glassfish.grizzly.filterchain.TransportFilter;
import org.glassfish.grizzly.nio.transport.TCPNIOTransport;
import org.glassfish.grizzly.nio.transport.TCPNIOTransportBuilder;
import org.glassfish.grizzly.strategies.SameThreadIOStrategy;

/**
 * The NFSv4 RPC server over TCP on oncrpc4j's Grizzly filters: {@link RecordFilter} (capped record
 * marking and the call guard), oncrpc4j's RpcProtocolFilter (calls, and replies to server-sent
 * callbacks) and RpcDispatcher (hands each call to {@code executor}). Unlike {@code OncRpcSvc} it never
 * talks to rpcbind: NFSv4 clients connect to the port directly (RFC 8881 §2.9.3, notes/nfs.md §0.2).
 */
public final class NfsRpcServer implements AutoCloseable {
    private final InetSocketAddress bind;
    private final TCPNIOTransport transport;
    private final ReplyQueue replyQueue = new ReplyQueue();
    private final ConnectionTracker connections;
    private InetSocketAddress local;

    /**
     * @param config address, port and limits
     * @param handler evaluates COMPOUNDs
     * @param executor runs calls (may block); owned by the caller
     * @param clock idle connections are timed with it
     * @param scheduler runs the idle-connection sweep; owned by the caller
     */
    public NfsRpcServer(Config config, CompoundHandler handler, ExecutorService executor, Clock clock,
            ScheduledExecutorService scheduler) {
        this.bind = config.bind();
        this.connections = new ConnectionTracker(config.connections(), clock, scheduler);
        NfsProgram nfs = new NfsProgram(handler, config.limits(), connections);
        RecordFilter records = new RecordFilter(config.maxRecordSize(), connections);
        // RecordFilter passes on calls to this program and version only (it answers the others itself), so
        // every call it counts as started is counted as answered here. The record's size is the capacity of
        // the array RecordFilter wrapped, read before the call is answered: oncrpc4j encodes the reply into
        // the same Xdr, which may grow it or replace its buffer by a composite one disposed once written.
        // A connection suspended at its limit resumes on this thread.
        RpcDispatchable counted = call -> {
            int size = call.getXdr().asBuffer().capacity();
            try {
                nfs.dispatchOncRpcCall(call);
            } finally {
                ConnectionTracker.Suspended suspended = connections.answered(
                        call.getTransport().getRemoteSocketAddress(), size);
                if (suspended != null) {
                    records.resume(suspended);
                }
            }
        };
        Map<OncRpcProgram, RpcDispatchable> programs = new HashMap<>();
        programs.put(new OncRpcProgram(NfsProgram.PROGRAM, NfsProgram.VERSION), counted);
        FilterChainBuilder chain = FilterChainBuilder.stateless()
                .add(new TransportFilter())
                .add(records)
                .add(new RpcProtocolFilter(replyQueue))
                .add(new RpcDispatcher(executor, programs, false, call -> { }));
        transport = TCPNIOTransportBuilder.newInstance()
                .setReuseAddress(true)
                .setIOStrategy(SameThreadIOStrategy.getInstance())
                .build();
        transport.setProcessor(chain.build());
        this.local = bind;
    }

    /**
     * Server settings.
     *
     * @param bind address and port (0 for an ephemeral port)
     * @param maxRecordSize largest RPC record accepted; a larger one closes the connection before it is buffered
     * @param limits the XDR decoder's limits
     * @param connections the connection limit and what one connection may hold
     */
    public record Config(InetSocketAddress bind, int maxRecordSize, XdrLimits limits, ConnectionLimits connections) {
    }

    /** Binds and starts accepting connections. */
    public void start() throws IOException {
        Connection<?> server = transport.bind(bind.getHostString(), bind.getPort(), 128);
        local = (InetSocketAddress) server.getLocalAddress();
        transport.start();
    }

    /** @return the bound address (the real port after {@link #start()}) */
    public InetSocketAddress localAddress() {
        return local;
    }

    /** @return connections open now */
    public int openConnections() {
        return connections.openConnections();
    }

    /** @return calls and bytes in flight on the connection from {@code peer} (zeros when it is not open) */
    long[] inFlight(InetSocketAddress peer) {
        return connections.inFlight(peer);
    }

    /** @return connections closed at accept because the connection limit was reached */
    public long refusedConnections() {
        return connections.refusedConnections();
    }

    /**
     * Stops gracefully: stops accepting at once, lets the calls in flight be answered for at most {@code
     * drain}, then closes every connection.
     */
    public void close(Duration drain) throws IOException {
        transport.unbindAll();
        try {
            connections.awaitNoCallsInFlight(drain);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        close();
    }

    /** Stops accepting, closes connections and stops the selector threads. */
    @Override
    public void close() throws IOException {
        connections.close();
        transport.shutdownNow();
        replyQueue.shutdown();
    }
}
