package dev.estuary.nfs.internal.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.estuary.nfs.internal.codec.Bitmap;
import dev.estuary.nfs.internal.codec.Bytes;
import dev.estuary.nfs.internal.codec.CompoundArgs;
import dev.estuary.nfs.internal.codec.CompoundCodec;
import dev.estuary.nfs.internal.codec.CompoundRes;
import dev.estuary.nfs.internal.codec.NfsArgs;
import dev.estuary.nfs.internal.codec.NfsResult;
import dev.estuary.nfs.internal.codec.NfsStatus;
import dev.estuary.nfs.internal.codec.OpCode;
import dev.estuary.nfs.internal.codec.Types.Fattr4;
import dev.estuary.nfs.internal.codec.XdrLimits;
import dev.estuary.nfs.internal.codec.XdrReader;
import dev.estuary.nfs.internal.codec.XdrWriter;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.dcache.oncrpc4j.rpc.OncRpcClient;
import org.dcache.oncrpc4j.rpc.RpcAuthTypeUnix;
import org.dcache.oncrpc4j.rpc.RpcCall;
import org.dcache.oncrpc4j.rpc.RpcTransport;
import org.dcache.oncrpc4j.rpc.net.IpProtocolType;
import org.dcache.oncrpc4j.xdr.Xdr;
import org.dcache.oncrpc4j.xdr.XdrAble;
import org.dcache.oncrpc4j.xdr.XdrDecodingStream;
import org.dcache.oncrpc4j.xdr.XdrEncodingStream;
import org.dcache.oncrpc4j.xdr.XdrVoid;
import org.glassfish.grizzly.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The RPC server on 127.0.0.1 with a recording dispatcher, driven by oncrpc4j's client and by raw sockets. */
class NfsRpcServerTest {
    private static final int MAX_RECORD = 64 * 1024;

    private final List<CallContext> calls = new CopyOnWriteArrayList<>();
    private final List<CompoundArgs> compounds = new CopyOnWriteArrayList<>();
    private ExecutorService executor;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private NfsRpcServer server;

    /** Answers NFS4_OK for each decoded operation that has no body, then the stop's status if any. */
    private CompoundRes record(CallContext call, CompoundArgs args) {
        if (args.tag().equals(Bytes.utf8("boom"))) {
            throw new IllegalStateException("handler bug");
        }
        calls.add(call);
        compounds.add(args);
        List<NfsResult> results = new ArrayList<>();
        for (NfsArgs op : args.ops()) {
            results.add(NfsResult.of(op.op(), NfsStatus.OK));
        }
        if (args.stop() != null) {
            results.add(NfsResult.of(args.stop().resultOp(), args.stop().status()));
        }
        return CompoundRes.of(args.tag(), results);
    }

    @BeforeEach
    void start() throws IOException {
        executor = Executors.newFixedThreadPool(2);
        server = start(ConnectionLimits.DEFAULT, this::record);
    }

    private NfsRpcServer start(ConnectionLimits limits, CompoundHandler handler) throws IOException {
        return start(limits, handler, executor);
    }

    private NfsRpcServer start(ConnectionLimits limits, CompoundHandler handler, ExecutorService runner)
            throws IOException {
        NfsRpcServer s = new NfsRpcServer(new NfsRpcServer.Config(new InetSocketAddress("127.0.0.1", 0), MAX_RECORD,
                XdrLimits.DEFAULT, limits), handler, runner, Clock.systemUTC(), scheduler);
        s.start();
        return s;
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        scheduler.shutdownNow();
        executor.shutdownNow();
        assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    /** A raw TCP client: sends bytes, reads one record. */
    private final class Raw implements AutoCloseable {
        final Socket socket = new Socket();
        final DataInputStream in;
        final OutputStream out;

        Raw() throws IOException {
            this(server.localAddress());
        }

        Raw(InetSocketAddress address) throws IOException {
            socket.connect(address, 10_000);
            socket.setSoTimeout(20_000);
            in = new DataInputStream(socket.getInputStream());
            out = socket.getOutputStream();
        }

        Raw send(byte[] bytes) throws IOException {
            out.write(bytes);
            out.flush();
            return this;
        }

        RpcMessages.Reply reply() throws Exception {
            List<byte[]> parts = new ArrayList<>();
            int total = 0;
            int header;
            do {
                header = in.readInt();
                byte[] frag = new byte[header & RpcMessages.FRAGMENT_LENGTH];
                in.readFully(frag);
                parts.add(frag);
                total += frag.length;
            } while ((header & RpcMessages.LAST_FRAGMENT) == 0);
            byte[] msg = new byte[total];
            int off = 0;
            for (byte[] p : parts) {
                System.arraycopy(p, 0, msg, off, p.length);
                off += p.length;
            }
            return RpcMessages.decodeReply(msg);
        }

        /** @return true when the server closed the connection (EOF or reset) */
        boolean closedByServer() throws IOException {
            try {
                return in.read() == -1;
            } catch (SocketException reset) {
                return true;
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /** Keeps the raw result bytes of a reply decoded by oncrpc4j's client. */
    private static final class Capture implements XdrAble {
        byte[] bytes = new byte[0];

        @Override
        public void xdrDecode(XdrDecodingStream s) {
            Buffer b = ((Xdr) s).asBuffer();
            bytes = new byte[b.remaining()];
            b.get(bytes);
        }

        @Override
        public void xdrEncode(XdrEncodingStream s) {
            throw new UnsupportedOperationException("decode only");
        }
    }

    private static CompoundRes compoundResult(RpcMessages.Reply reply) throws Exception {
        assertThat(reply.replyStat()).isEqualTo(RpcMessages.MSG_ACCEPTED);
        assertThat(reply.stat()).isEqualTo(RpcMessages.SUCCESS);
        return CompoundCodec.decodeRes(new XdrReader(reply.body().toArray(), XdrLimits.DEFAULT));
    }

    @Test
    void nullProcedureAnswersThroughOncRpc4jsClient() throws Exception {
        InetSocketAddress a = server.localAddress();
        try (OncRpcClient client = new OncRpcClient(a.getAddress(), IpProtocolType.TCP, a.getPort())) {
            RpcTransport transport = client.connect();
            RpcCall call = new RpcCall(100003, 4, new RpcAuthTypeUnix(1000, 100, new int[] {4}, 0, "client"), transport);
            call.call(0, XdrVoid.XDR_VOID, XdrVoid.XDR_VOID, 10, TimeUnit.SECONDS);
        }
        assertThat(compounds).isEmpty();
    }

    @Test
    void compoundReachesTheDispatcherWithAuthSysThroughOncRpc4jsClient() throws Exception {
        CompoundArgs args = CompoundArgs.of("client", 2, new NfsArgs.PutRootFh(), new NfsArgs.SaveFh());
        XdrWriter w = new XdrWriter();
        CompoundCodec.encode(args, w);
        byte[] encoded = w.toByteArray();
        Capture result = new Capture();
        InetSocketAddress a = server.localAddress();
        try (OncRpcClient client = new OncRpcClient(a.getAddress(), IpProtocolType.TCP, a.getPort())) {
            RpcTransport transport = client.connect();
            RpcCall call = new RpcCall(100003, 4, new RpcAuthTypeUnix(1000, 100, new int[] {4, 24}, 0, "client"), transport);
            call.call(1, new XdrAble() {
                public void xdrEncode(XdrEncodingStream s) {
                    s.xdrEncodeOpaque(encoded, encoded.length);
                }

                public void xdrDecode(XdrDecodingStream s) {
                    throw new UnsupportedOperationException();
                }
            }, result, 10, TimeUnit.SECONDS);
        }
        assertThat(compounds).containsExactly(args);
        assertThat(calls.getFirst().credential()).isEqualTo(new RpcCredential.Sys(1000, 100, List.of(4, 24)));
        assertThat(calls.getFirst().remote().getAddress().isLoopbackAddress()).isTrue();
        CompoundRes res = CompoundCodec.decodeRes(new XdrReader(result.bytes, XdrLimits.DEFAULT));
        assertThat(res).isEqualTo(CompoundRes.of(Bytes.utf8("client"), List.of(NfsResult.of(OpCode.PUTROOTFH, NfsStatus.OK),
                NfsResult.of(OpCode.SAVEFH, NfsStatus.OK))));
    }

    @Test
    void compoundWithAuthNoneAndNotSupportedOperation() throws Exception {
        // PUTROOTFH then GET_DIR_DELEGATION (46, valid, not modelled, sent by Linux 7.0): the handler sees the stop.
        byte[] args = new XdrWriter().writeInt(3).writeEncoded(new byte[] {'t', 'a', 'g', 0}).writeInt(1).writeInt(2)
                .writeInt(24).writeInt(46).writeInt(0).toByteArray();
        try (Raw raw = new Raw()) {
            CompoundRes res = compoundResult(raw.send(RpcMessages.frame(
                    RpcTestMessages.call(11, 100003, 4, 1, RpcMessages.OpaqueAuth.NONE, args))).reply());
            assertThat(res.status()).isEqualTo(NfsStatus.NOTSUPP);
            assertThat(res.results()).containsExactly(NfsResult.of(OpCode.PUTROOTFH, NfsStatus.OK),
                    NfsResult.of(OpCode.GET_DIR_DELEGATION, NfsStatus.NOTSUPP));
        }
        assertThat(calls.getFirst().credential()).isEqualTo(new RpcCredential.None());
        assertThat(compounds.getFirst().stop()).isEqualTo(new CompoundArgs.Stop.NotSupported(OpCode.GET_DIR_DELEGATION));
    }

    @Test
    void minorVersionZeroAndThreeAnswerMinorVersMismatchWithoutTheHandler() throws Exception {
        try (Raw raw = new Raw()) {
            for (int minor : new int[] {0, 3}) {
                // A 4.0 SETCLIENTID-style body follows; it must not be read.
                byte[] args = new XdrWriter().writeOpaque(Bytes.utf8("v40")).writeInt(minor).writeInt(1).writeInt(35)
                        .writeInt(-1).toByteArray();
                RpcMessages.Reply reply = raw.send(RpcMessages.frame(RpcTestMessages.call(20 + minor, 100003, 4, 1,
                        RpcTestMessages.authSys(0, 0, List.of()), args))).reply();
                assertThat(reply.xid()).isEqualTo(20 + minor);
                assertThat(compoundResult(reply)).isEqualTo(CompoundRes.failed(NfsStatus.MINOR_VERS_MISMATCH, Bytes.utf8("v40")));
            }
        }
        assertThat(compounds).isEmpty();
    }

    @Test
    void rpcsecGssIsRefusedWithAuthBadcred() throws Exception {
        RpcMessages.OpaqueAuth gss = new RpcMessages.OpaqueAuth(RpcMessages.RPCSEC_GSS,
                Bytes.of(new XdrWriter().writeInt(1).writeInt(0).writeInt(1).writeInt(1).writeOpaque(Bytes.EMPTY).toByteArray()));
        try (Raw raw = new Raw()) {
            RpcMessages.Reply reply = raw.send(RpcMessages.frame(RpcTestMessages.call(30, 100003, 4, 0, gss, new byte[0]))).reply();
            assertThat(reply.xid()).isEqualTo(30);
            assertThat(reply.replyStat()).isEqualTo(RpcMessages.MSG_DENIED);
            assertThat(reply.stat()).isEqualTo(RpcMessages.AUTH_ERROR);
            assertThat(reply.body()).isEqualTo(Bytes.of(new byte[] {0, 0, 0, RpcMessages.AUTH_BADCRED}));
            // The connection stays usable.
            RpcMessages.Reply ok = raw.send(RpcMessages.frame(RpcTestMessages.call(31, 100003, 4, 0,
                    RpcMessages.OpaqueAuth.NONE, new byte[0]))).reply();
            assertThat(ok.stat()).isEqualTo(RpcMessages.SUCCESS);
        }
    }

    @Test
    void seventeenGroupsAreRefusedWithAuthBadcred() throws Exception {
        try (Raw raw = new Raw()) {
            RpcMessages.Reply reply = raw.send(RpcMessages.frame(RpcTestMessages.call(32, 100003, 4, 1,
                    RpcTestMessages.authSysWithGroups(17), new byte[0]))).reply();
            assertThat(reply.replyStat()).isEqualTo(RpcMessages.MSG_DENIED);
            assertThat(reply.body()).isEqualTo(Bytes.of(new byte[] {0, 0, 0, RpcMessages.AUTH_BADCRED}));
        }
        assertThat(compounds).isEmpty();
    }

    @Test
    void garbageArgumentsAnswerGarbageArgs() throws Exception {
        List<byte[]> garbage = List.of(
                new byte[0],                                                         // no tag at all
                new XdrWriter().writeInt(0).writeInt(1).writeInt(-1).writeInt(10).toByteArray(), // 2^32-1 operations
                new XdrWriter().writeInt(0x7fffffff).writeInt(1).toByteArray(),        // tag of 2^31-1 bytes
                new XdrWriter().writeInt(0).writeInt(1).writeInt(1).writeInt(10).writeInt(10).toByteArray()); // trailing
        try (Raw raw = new Raw()) {
            int xid = 40;
            for (byte[] args : garbage) {
                RpcMessages.Reply reply = raw.send(RpcMessages.frame(RpcTestMessages.call(++xid, 100003, 4, 1,
                        RpcMessages.OpaqueAuth.NONE, args))).reply();
                assertThat(reply.xid()).isEqualTo(xid);
                assertThat(reply.replyStat()).isEqualTo(RpcMessages.MSG_ACCEPTED);
                assertThat(reply.stat()).isEqualTo(RpcMessages.GARBAGE_ARGS);
            }
        }
        assertThat(compounds).isEmpty();
    }

    @Test
    void oversizeRecordClosesTheConnectionBeforeItsPayload() throws Exception {
        try (Raw raw = new Raw()) {
            int header = RpcMessages.LAST_FRAGMENT | (MAX_RECORD + 1);
            raw.send(new byte[] {(byte) (header >>> 24), (byte) (header >>> 16), (byte) (header >>> 8), (byte) header});
            assertThat(raw.closedByServer()).isTrue();
        }
        try (Raw raw = new Raw()) {
            // 2^31-1 announced in a first fragment
            raw.send(new byte[] {0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 1, 2, 3, 4});
            assertThat(raw.closedByServer()).isTrue();
        }
        try (Raw raw = new Raw()) {
            // fragments that each fit but add up to more than the cap
            raw.send(RpcTestMessages.fragments(new byte[MAX_RECORD + 8], 4096));
            assertThat(raw.closedByServer()).isTrue();
        }
        // The server still serves new connections.
        try (Raw raw = new Raw()) {
            assertThat(raw.send(RpcMessages.frame(RpcTestMessages.call(50, 100003, 4, 0, RpcMessages.OpaqueAuth.NONE,
                    new byte[0]))).reply().stat()).isEqualTo(RpcMessages.SUCCESS);
        }
    }

    @Test
    void recordAtTheCapIsServed() throws Exception {
        byte[] call = RpcTestMessages.compound(51, RpcMessages.OpaqueAuth.NONE, CompoundArgs.of("big", 1,
                new NfsArgs.PutRootFh(), new NfsArgs.NVerify(new Fattr4(Bitmap.EMPTY, Bytes.of(new byte[1000])))));
        byte[] padded = RpcTestMessages.compound(51, RpcMessages.OpaqueAuth.NONE, CompoundArgs.of("big", 1,
                new NfsArgs.PutRootFh(), new NfsArgs.NVerify(new Fattr4(Bitmap.EMPTY,
                        Bytes.of(new byte[1000 + MAX_RECORD - call.length])))));
        assertThat(padded.length).isEqualTo(MAX_RECORD);
        try (Raw raw = new Raw()) {
            assertThat(compoundResult(raw.send(RpcTestMessages.fragments(padded, 10_000)).reply()).status())
                    .isEqualTo(NfsStatus.OK);
        }
    }

    @Test
    void callsSplitIntoSingleBytesAndPipelinedRecordsAreAllAnswered() throws Exception {
        byte[] one = RpcTestMessages.compound(60, RpcTestMessages.authSys(5, 6, List.of()),
                CompoundArgs.of("one", 1, new NfsArgs.PutRootFh()));
        byte[] two = RpcTestMessages.compound(61, RpcTestMessages.authSys(5, 6, List.of()),
                CompoundArgs.of("two", 2, new NfsArgs.PutRootFh(), new NfsArgs.LookupP()));
        try (Raw raw = new Raw()) {
            byte[] framed = RpcTestMessages.fragments(one, 7);
            for (byte b : framed) {
                raw.send(new byte[] {b});
            }
            assertThat(raw.reply().xid()).isEqualTo(60);
            byte[] both = new byte[framed.length + two.length + 4];
            System.arraycopy(framed, 0, both, 0, framed.length);
            System.arraycopy(RpcMessages.frame(two), 0, both, framed.length, two.length + 4);
            raw.send(both);
            List<Integer> xids = List.of(raw.reply().xid(), raw.reply().xid());
            assertThat(xids).containsExactlyInAnyOrder(60, 61);
        }
    }

    @Test
    void otherProceduresVersionsAndProgramsAreRefused() throws Exception {
        try (Raw raw = new Raw()) {
            RpcMessages.Reply proc = raw.send(RpcMessages.frame(RpcTestMessages.call(70, 100003, 4, 2,
                    RpcMessages.OpaqueAuth.NONE, new byte[0]))).reply();
            assertThat(proc.stat()).isEqualTo(RpcMessages.PROC_UNAVAIL);
            RpcMessages.Reply v3 = raw.send(RpcMessages.frame(RpcTestMessages.call(71, 100003, 3, 0,
                    RpcMessages.OpaqueAuth.NONE, new byte[0]))).reply();
            assertThat(v3.stat()).isEqualTo(RpcMessages.PROG_MISMATCH);
            assertThat(v3.body()).isEqualTo(Bytes.of(new byte[] {0, 0, 0, 4, 0, 0, 0, 4}));
            RpcMessages.Reply mount = raw.send(RpcMessages.frame(RpcTestMessages.call(72, 100005, 3, 0,
                    RpcMessages.OpaqueAuth.NONE, new byte[0]))).reply();
            assertThat(mount.stat()).isEqualTo(RpcMessages.PROG_UNAVAIL);
            RpcMessages.Reply v5 = raw.send(RpcMessages.frame(RpcTestMessages.call(73, 100003, 5, 0,
                    RpcMessages.OpaqueAuth.NONE, new byte[0]))).reply();
            assertThat(v5.stat()).isEqualTo(RpcMessages.PROG_MISMATCH);
            assertThat(v5.body()).isEqualTo(Bytes.of(new byte[] {0, 0, 0, 4, 0, 0, 0, 4}));
        }
    }

    @Test
    void handlerFailureAnswersSystemErr() throws Exception {
        try (Raw raw = new Raw()) {
            RpcMessages.Reply reply = raw.send(RpcMessages.frame(RpcTestMessages.compound(80, RpcMessages.OpaqueAuth.NONE,
                    CompoundArgs.of("boom", 1, new NfsArgs.PutRootFh())))).reply();
            assertThat(reply.replyStat()).isEqualTo(RpcMessages.MSG_ACCEPTED);
            assertThat(reply.stat()).isEqualTo(RpcMessages.SYSTEM_ERR);
        }
    }

    @Test
    void truncatedCallHeaderClosesTheConnection() throws Exception {
        try (Raw raw = new Raw()) {
            raw.send(RpcMessages.frame(new byte[] {0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 2}));
            assertThat(raw.closedByServer()).isTrue();
        }
        assertThatThrownBy(() -> {
            try (Raw raw = new Raw()) {
                raw.send(RpcMessages.frame(new byte[8]));
                raw.reply();
            }
        }).isInstanceOfAny(EOFException.class, SocketException.class);
    }

    private static byte[] nullCall(int xid) {
        return RpcMessages.frame(RpcTestMessages.call(xid, 100003, 4, 0, RpcMessages.OpaqueAuth.NONE, new byte[0]));
    }

    private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within 20 s").isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    @Test
    void connectionsBeyondTheLimitAreClosedAtAcceptUntilOneCloses() throws Exception {
        NfsRpcServer limited = start(new ConnectionLimits(2, 128, 1 << 20, Duration.ofMinutes(5)), this::record);
        try {
            Raw a = new Raw(limited.localAddress());
            try (Raw b = new Raw(limited.localAddress())) {
                assertThat(a.send(nullCall(1)).reply().stat()).isEqualTo(RpcMessages.SUCCESS);
                assertThat(b.send(nullCall(2)).reply().stat()).isEqualTo(RpcMessages.SUCCESS);
                try (Raw c = new Raw(limited.localAddress())) {
                    c.send(nullCall(3));
                    assertThat(c.closedByServer()).isTrue();
                }
                assertThat(limited.refusedConnections()).isEqualTo(1);
                assertThat(limited.openConnections()).isEqualTo(2);
                a.close();
                await(() -> limited.openConnections() == 1);
                try (Raw d = new Raw(limited.localAddress())) {
                    assertThat(d.send(nullCall(4)).reply().stat()).isEqualTo(RpcMessages.SUCCESS);
                }
                // b was never disturbed.
                assertThat(b.send(nullCall(5)).reply().stat()).isEqualTo(RpcMessages.SUCCESS);
            }
        } finally {
            limited.close();
        }
    }

    /** A handler that blocks every COMPOUND until released, counting how many run at once. */
    private final class Blocking implements CompoundHandler {
        final java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        final java.util.concurrent.Semaphore entered = new java.util.concurrent.Semaphore(0);
        final java.util.concurrent.atomic.AtomicInteger running = new java.util.concurrent.atomic.AtomicInteger();
        final java.util.concurrent.atomic.AtomicInteger most = new java.util.concurrent.atomic.AtomicInteger();

        @Override
        public CompoundRes handle(CallContext call, CompoundArgs args) {
            most.accumulateAndGet(running.incrementAndGet(), Math::max);
            entered.release();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            running.decrementAndGet();
            return record(call, args);
        }
    }

    private void pipelineAndExpectAtMostInFlight(ConnectionLimits limits, int calls, int bound) throws Exception {
        Blocking blocking = new Blocking();
        ExecutorService many = Executors.newVirtualThreadPerTaskExecutor();
        NfsRpcServer limited = start(limits, blocking, many);
        try (Raw raw = new Raw(limited.localAddress())) {
            java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
            for (int i = 0; i < calls; i++) {
                all.write(RpcMessages.frame(RpcTestMessages.compound(100 + i, RpcMessages.OpaqueAuth.NONE,
                        CompoundArgs.of("p" + i, 1, new NfsArgs.PutRootFh()))));
            }
            raw.send(all.toByteArray());   // every call in one write: all of it is readable at once
            assertThat(blocking.entered.tryAcquire(bound, 20, TimeUnit.SECONDS)).isTrue();
            // Reading is suspended: no further call reaches the handler while these are unanswered.
            assertThat(blocking.entered.tryAcquire(1, 300, TimeUnit.MILLISECONDS)).isFalse();
            blocking.release.countDown();
            List<Integer> xids = new ArrayList<>();
            for (int i = 0; i < calls; i++) {
                RpcMessages.Reply reply = raw.reply();
                assertThat(reply.stat()).isEqualTo(RpcMessages.SUCCESS);
                xids.add(reply.xid());
            }
            assertThat(xids).containsExactlyInAnyOrderElementsOf(
                    java.util.stream.IntStream.range(100, 100 + calls).boxed().toList());
            assertThat(blocking.most.get()).isEqualTo(bound);
            // Nothing stays counted: the connection serves on.
            assertThat(raw.send(nullCall(1)).reply().stat()).isEqualTo(RpcMessages.SUCCESS);
        } finally {
            limited.close();
            many.shutdownNow();
        }
    }

    @Test
    void callsInFlightPerConnectionAreBoundedAndTheRestAnsweredAfterwards() throws Exception {
        pipelineAndExpectAtMostInFlight(new ConnectionLimits(16, 3, 1 << 20, Duration.ofMinutes(5)), 10, 3);
    }

    @Test
    void bytesInFlightPerConnectionAreBoundedButOneCallIsAlwaysAdmitted() throws Exception {
        // Every record is larger than the byte bound: one call at a time.
        pipelineAndExpectAtMostInFlight(new ConnectionLimits(16, 128, 1, Duration.ofMinutes(5)), 4, 1);
    }

    @Test
    void anIdleConnectionWithoutASessionIsClosedOneThatCarriedASessionIsNot() throws Exception {
        CompoundHandler sessions = (call, args) -> {
            if (!args.ops().isEmpty() && args.ops().getFirst() instanceof NfsArgs.Sequence seq) {
                return CompoundRes.of(args.tag(), List.of(NfsResult.ok(OpCode.SEQUENCE, new NfsResult.SequenceOk(
                        seq.sessionId(), seq.sequenceId(), seq.slotId(), 0, 0, 0))));
            }
            return record(call, args);
        };
        NfsRpcServer limited = start(new ConnectionLimits(16, 128, 1 << 20, Duration.ofMillis(200)), sessions);
        try (Raw idle = new Raw(limited.localAddress()); Raw bound = new Raw(limited.localAddress())) {
            assertThat(idle.send(nullCall(1)).reply().stat()).isEqualTo(RpcMessages.SUCCESS);
            RpcMessages.Reply seq = bound.send(RpcMessages.frame(RpcTestMessages.compound(2, RpcMessages.OpaqueAuth.NONE,
                    CompoundArgs.of("s", 1, new NfsArgs.Sequence(Bytes.of(new byte[16]), 1, 0, 0, false))))).reply();
            assertThat(compoundResult(seq).status()).isEqualTo(NfsStatus.OK);
            assertThat(idle.closedByServer()).isTrue();
            // Another idle connection's closing proves more than the timeout has passed for the bound one too.
            try (Raw later = new Raw(limited.localAddress())) {
                assertThat(later.send(nullCall(3)).reply().stat()).isEqualTo(RpcMessages.SUCCESS);
                assertThat(later.closedByServer()).isTrue();
            }
            assertThat(bound.send(nullCall(4)).reply().stat()).isEqualTo(RpcMessages.SUCCESS);
        } finally {
            limited.close();
        }
    }

    @Test
    void aGracefulCloseStopsAcceptingAndLetsTheCallInFlightBeAnswered() throws Exception {
        Blocking blocking = new Blocking();
        ExecutorService many = Executors.newVirtualThreadPerTaskExecutor();
        NfsRpcServer draining = start(ConnectionLimits.DEFAULT, blocking, many);
        InetSocketAddress address = draining.localAddress();
        try (Raw raw = new Raw(address)) {
            raw.send(RpcMessages.frame(RpcTestMessages.compound(90, RpcMessages.OpaqueAuth.NONE,
                    CompoundArgs.of("drain", 1, new NfsArgs.PutRootFh()))));
            assertThat(blocking.entered.tryAcquire(1, 20, TimeUnit.SECONDS)).isTrue();
            Thread closing = Thread.ofVirtual().start(() -> {
                try {
                    draining.close(Duration.ofSeconds(30));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            // No new connection is accepted while the call in flight finishes.
            await(() -> {
                try (Socket s = new Socket()) {
                    s.connect(address, 1000);
                    return false;
                } catch (IOException refused) {
                    return true;
                }
            });
            assertThat(closing.isAlive()).isTrue();
            blocking.release.countDown();
            RpcMessages.Reply reply = raw.reply();
            assertThat(reply.xid()).isEqualTo(90);
            assertThat(compoundResult(reply).status()).isEqualTo(NfsStatus.OK);
            closing.join(20_000);
            assertThat(closing.isAlive()).isFalse();
            assertThat(raw.closedByServer()).isTrue();
        } finally {
            many.shutdownNow();
        }
    }

    @Test
    void aReplyLargerThanItsCallLeavesNothingCountedInFlight() throws Exception {
        // oncrpc4j encodes the reply into the call's own Xdr, growing its buffer: the bytes counted as answered
        // must be the call's record, not what the buffer holds afterwards.
        Bytes bigTag = Bytes.of(new byte[32 * 1024]);
        CompoundHandler big = (call, args) -> CompoundRes.of(bigTag, List.of(NfsResult.of(OpCode.PUTROOTFH,
                NfsStatus.OK)));
        NfsRpcServer limited = start(ConnectionLimits.DEFAULT, big);
        try (Raw raw = new Raw(limited.localAddress())) {
            for (int xid = 1; xid <= 3; xid++) {
                RpcMessages.Reply reply = raw.send(RpcMessages.frame(RpcTestMessages.compound(xid,
                        RpcMessages.OpaqueAuth.NONE, CompoundArgs.of("small", 1, new NfsArgs.PutRootFh())))).reply();
                assertThat(compoundResult(reply).tag()).isEqualTo(bigTag);
            }
            InetSocketAddress peer = (InetSocketAddress) raw.socket.getLocalSocketAddress();
            await(() -> limited.inFlight(peer)[0] == 0);
            assertThat(limited.inFlight(peer)).containsExactly(0, 0);
        } finally {
            limited.close();
        }
    }
}
