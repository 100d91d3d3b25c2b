package dev.estuary.nfs.internal.server;

import static dev.estuary.nfs.testing.EngineFixture.ALPHA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.estuary.core.RequestMetrics;
import dev.estuary.dfs.Attributes;
import dev.estuary.dfs.ByteRange;
import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.LockInfo;
import dev.estuary.dfs.LockSession;
import dev.estuary.dfs.LockType;
import dev.estuary.dfs.OpenMode;
import dev.estuary.dfs.ShareAccess;
import dev.estuary.dfs.Volume;
import dev.estuary.nfs.internal.codec.Bytes;
import dev.estuary.nfs.internal.codec.CompoundRes;
import dev.estuary.nfs.internal.codec.FileAttr;
import dev.estuary.nfs.internal.codec.FileAttrs;
import dev.estuary.nfs.internal.codec.NfsArgs;
import dev.estuary.nfs.internal.codec.NfsResult;
import dev.estuary.nfs.internal.codec.NfsStatus;
import dev.estuary.nfs.internal.codec.Types.LockDenied;
import dev.estuary.nfs.internal.codec.Types.StateOwner;
import dev.estuary.nfs.internal.codec.Types.Stateid;
import dev.estuary.nfs.internal.codec.XdrLimits;
import dev.estuary.nfs.internal.ops.FileRef;
import dev.estuary.nfs.internal.ops.IoAccess;
import dev.estuary.nfs.internal.ops.IoKind;
import dev.estuary.nfs.internal.ops.NfsException;
import dev.estuary.nfs.internal.ops.NfsServices;
import dev.estuary.nfs.internal.ops.OpContext;
import dev.estuary.nfs.internal.rpc.CallContext;
import dev.estuary.nfs.internal.rpc.RpcCredential;
import dev.estuary.nfs.internal.state.SequenceOutcome;
import dev.estuary.nfs.internal.state.StateLimits;
import dev.estuary.nfs.testing.EngineFixture;
import dev.estuary.nfs.testing.NfsTestClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The state operations over TCP through the test client against the real server and engine: OPEN, I/O through
 * the open's stateid, CLOSE; share reservations between two clients; two clients contending for byte-range
 * locks that the backend's lock sessions see too; bad, old and stale stateids; a lease that expires; and a
 * restart on the same data and stable record, with reclaims during grace.
 */
class NfsServerStateTest {
    static final Duration GRACE = Duration.ofSeconds(60);

    @TempDir
    Path tmp;
    EngineFixture f;
    ExecutorService executor;
    final List<NfsServer> servers = new ArrayList<>();
    final List<NfsTestClient> clients = new ArrayList<>();

    @BeforeEach
    void start() {
        f = new EngineFixture(tmp);
        executor = Executors.newFixedThreadPool(4);
    }

    @AfterEach
    void stop() throws Exception {
        for (NfsTestClient c : clients) {
            c.close();
        }
        for (NfsServer s : servers) {
            s.close();
        }
        executor.shutdownNow();
        assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        f.close();
    }

    NfsServer server(@Nullable Path record) throws Exception {
        NfsServer s = new NfsServer(new NfsServer.Config(new InetSocketAddress("127.0.0.1", 0), StateLimits.DEFAULT,
                XdrLimits.DEFAULT, Bytes.utf8("nfs-state-test"), GRACE, record), f.dfs, f.users, f.checker, f.clock,
                executor, new RequestMetrics(new SimpleMeterRegistry(), "nfs"));
        s.start();
        servers.add(s);
        return s;
    }

    NfsTestClient client(NfsServer s, String owner) throws Exception {
        NfsTestClient c = new NfsTestClient(s.localAddress(), 1000, 1000);
        clients.add(c);
        c.establish(owner);
        return c;
    }

    static CompoundRes ok(CompoundRes res) {
        assertThat(res.status()).as("%s", res.results()).isEqualTo(NfsStatus.OK);
        return res;
    }

    static NfsArgs.Open create(String owner, String name, int access, int deny) {
        return new NfsArgs.Open(0, access, deny, new StateOwner(0, Bytes.utf8(owner)),
                new NfsArgs.CreateHow.Unchecked(FileAttrs.builder().set(FileAttr.MODE, 0644).build().encode()),
                new NfsArgs.OpenClaim.Null(Bytes.utf8(name)));
    }

    static NfsArgs.Open openFh(String owner, int access, int deny) {
        return new NfsArgs.Open(0, access, deny, new StateOwner(0, Bytes.utf8(owner)), null, new NfsArgs.OpenClaim.Fh());
    }

    static Stateid stateid(CompoundRes res, int index) {
        NfsResult r = res.results().get(index);
        assertThat(r.status()).as("%s", r).isEqualTo(NfsStatus.OK);
        return r.body() instanceof NfsResult.OpenOk o ? o.stateid() : ((NfsResult.StateidOk) r.body()).stateid();
    }

    static Bytes fh(CompoundRes res, int index) {
        return ((NfsResult.GetFhOk) res.results().get(index).body()).object();
    }

    static NfsStatus last(CompoundRes res) {
        return res.results().getLast().status();
    }

    static NfsArgs.Lock lockNew(int type, long offset, long length, Stateid open, String owner) {
        return new NfsArgs.Lock(type, false, offset, length, new NfsArgs.Locker.NewOwner(0, open, 0,
                new StateOwner(0, Bytes.utf8(owner))));
    }

    static List<NfsStatus> test(NfsTestClient c, Stateid... s) throws Exception {
        CompoundRes r = ok(c.compound(new NfsArgs.TestStateid(List.of(s))));
        return ((NfsResult.TestStateidOk) r.results().get(1).body()).statusCodes();
    }

    /** One COMPOUND of a test client's session, on slot 1 (the client uses slot 0), evaluated as a handler is. */
    static final class Handler implements AutoCloseable {
        final OpContext ctx;
        final NfsServices services;
        final SequenceOutcome.Proceed proceed;

        Handler(NfsServer s, NfsTestClient c) {
            services = s.services();
            ctx = new OpContext(services, new CallContext(1, new RpcCredential.Sys(1000, 1000, List.of()),
                    new InetSocketAddress("127.0.0.1", 700), null, 200), 1);
            proceed = (SequenceOutcome.Proceed) services.clients().sequence(new NfsArgs.Sequence(c.sessionId(), 1, 1, 1,
                    false), 0, 2, 100);
            ctx.setSession(proceed.session());
        }

        IoAccess io(Stateid sid, Attributes a, IoKind kind, int length) throws NfsException {
            FileRef.InVolume ref = new FileRef.InVolume(ALPHA, ctx.view(ALPHA).root(), a.id());
            ctx.setCurrent(ref);
            return services.stateIds().checkIo(ctx, sid, ref, kind, 0, length);
        }

        @Override
        public void close() {
            services.clients().finish(proceed, null);
        }
    }

    @Test
    void clientsWithSessionsAreSummarisedForTheAdminView() throws Exception {
        NfsServer s = server(null);
        assertThat(s.clients().summaries()).isEmpty();
        client(s, "summary-one");
        client(s, "summary-two");
        var summaries = s.clients().summaries();
        assertThat(summaries).hasSize(2);
        assertThat(summaries).allSatisfy(c -> {
            assertThat(c.credential().authSys()).isTrue();
            assertThat(c.credential().uid()).isEqualTo(1000);
            assertThat(c.connections()).singleElement()
                    .satisfies(a -> assertThat(a.getAddress().getHostAddress()).isEqualTo("127.0.0.1"));
            assertThat(c.created()).isEqualTo(f.clock.instant());
        });
        assertThat(summaries.get(0).connections()).doesNotContainAnyElementsOf(summaries.get(1).connections());
    }

    @Test
    void openWriteThroughTheStateidAndCloseWhileAnotherClientIsDenied() throws Exception {
        NfsServer s = server(null);
        NfsTestClient one = client(s, "client-one");
        NfsTestClient two = client(s, "client-two");
        CompoundRes opened = ok(one.compound(new NfsArgs.PutRootFh(), new NfsArgs.Lookup(Bytes.utf8(ALPHA)),
                create("owner", "report.txt", 3, 2), new NfsArgs.GetFh()));
        Stateid open = stateid(opened, 3);
        Bytes file = fh(opened, 4);
        Volume alpha = f.volume(ALPHA);
        Attributes a = alpha.lookup(alpha.root(), "report.txt");
        // I/O through the open's stateid, as READ and WRITE do it: the open's own handle, on a slot of its session.
        byte[] text = "quarterly figures".getBytes(StandardCharsets.UTF_8);
        try (Handler h = new Handler(s, one)) {
            try (IoAccess io = h.io(open, a, IoKind.WRITE, text.length)) {
                assertThat(io.owned()).isFalse();
                io.handle().write(0, ByteBuffer.wrap(text));
            }
            try (IoAccess io = h.io(open, a, IoKind.READ, text.length)) {
                ByteBuffer b = ByteBuffer.allocate(text.length);
                io.handle().read(0, b);
                assertThat(b.array()).isEqualTo(text);
            }
        }
        try (var h = alpha.open(a.id(), OpenMode.READ)) {
            assertThat(h.size()).isEqualTo(text.length);
        }
        // And over the wire: WRITE and READ with the open's stateid; a reader's stateid may not write.
        ok(one.compound(new NfsArgs.PutFh(file), new NfsArgs.Write(open, 0, 2, Bytes.utf8("Q"))));
        CompoundRes read = ok(one.compound(new NfsArgs.PutFh(file), new NfsArgs.Read(open, 0, 100)));
        assertThat(((NfsResult.ReadOk) read.results().get(2).body()).data().utf8()).isEqualTo("Quarterly figures");
        // Another client may neither write (denied) nor deny reading (the first one reads).
        assertThat(two.compound(new NfsArgs.PutFh(file), openFh("o2", 2, 0)).status()).isEqualTo(NfsStatus.SHARE_DENIED);
        assertThat(two.compound(new NfsArgs.PutFh(file), openFh("o2", 1, 1)).status()).isEqualTo(NfsStatus.SHARE_DENIED);
        Stateid reader = stateid(ok(two.compound(new NfsArgs.PutFh(file), openFh("o2", 1, 0))), 2);
        assertThat(test(one, open, reader)).containsExactly(NfsStatus.OK, NfsStatus.BAD_STATEID);
        // SETATTR of the size goes through the same seam: the writer's open may, the reader's may not.
        ok(one.compound(new NfsArgs.PutFh(file), new NfsArgs.SetAttr(open,
                FileAttrs.builder().set(FileAttr.SIZE, 9L).build().encode())));
        assertThat(alpha.getAttributes(a.id()).size()).isEqualTo(9);
        assertThat(last(two.compound(new NfsArgs.PutFh(file), new NfsArgs.Write(reader, 0, 2, Bytes.utf8("x")))))
                .isEqualTo(NfsStatus.OPENMODE);
        CompoundRes shared = ok(two.compound(new NfsArgs.PutFh(file), new NfsArgs.Read(reader, 0, 100)));
        assertThat(((NfsResult.ReadOk) shared.results().get(2).body()).data().utf8()).isEqualTo("Quarterly");
        assertThat(last(two.compound(new NfsArgs.PutFh(file), new NfsArgs.SetAttr(reader,
                FileAttrs.builder().set(FileAttr.SIZE, 0L).build().encode())))).isEqualTo(NfsStatus.OPENMODE);
        assertThat(alpha.getAttributes(a.id()).size()).isEqualTo(9);
        assertThat(test(two, open, reader)).containsExactly(NfsStatus.BAD_STATEID, NfsStatus.OK);

        // CLOSE (through the current stateid of the OPEN before it, in one COMPOUND for the second client).
        CompoundRes closed = ok(one.compound(new NfsArgs.PutFh(file), new NfsArgs.Close(0, open)));
        assertThat(stateid(closed, 2)).isEqualTo(new Stateid(-1, Stateid.ANONYMOUS.other()));
        assertThat(test(one, open)).containsExactly(NfsStatus.BAD_STATEID);
        ok(two.compound(new NfsArgs.PutFh(file), openFh("o3", 2, 0), new NfsArgs.Close(0,
                new Stateid(1, Stateid.ANONYMOUS.other()))));
        ok(two.compound(new NfsArgs.PutFh(file), new NfsArgs.Close(0, reader)));
        assertThat(s.state().stateCount()).isZero();
        assertThat(alpha.getAttributes(a.id()).mode()).isEqualTo(0644);
    }

    @Test
    void twoClientsContendForLocksThatTheBackendSees() throws Exception {
        NfsServer s = server(null);
        NfsTestClient one = client(s, "client-one");
        NfsTestClient two = client(s, "client-two");
        Volume alpha = f.volume(ALPHA);
        Attributes a = f.file(ALPHA, alpha.root(), "db", 0666, 1000, 1000, new byte[4096]);
        CompoundRes o1 = ok(one.compound(new NfsArgs.PutRootFh(), new NfsArgs.Lookup(Bytes.utf8(ALPHA)),
                new NfsArgs.Lookup(Bytes.utf8("db")), new NfsArgs.GetFh(), openFh("o1", 3, 0),
                lockNew(2, 0, 1024, new Stateid(1, Stateid.ANONYMOUS.other()), "pid-1")));
        Bytes file = fh(o1, 4);
        Stateid lock1 = stateid(o1, 6);
        Stateid open2 = stateid(ok(two.compound(new NfsArgs.PutFh(file), openFh("o2", 3, 0))), 2);
        CompoundRes denied = two.compound(new NfsArgs.PutFh(file), lockNew(1, 512, 1, open2, "pid-2"));
        assertThat(denied.status()).isEqualTo(NfsStatus.DENIED);
        assertThat(((NfsResult.Denied) denied.results().get(2).body()).denied()).isEqualTo(new LockDenied(0, 1024, 2,
                new StateOwner(one.clientId(), Bytes.utf8("pid-1"))));
        CompoundRes test = two.compound(new NfsArgs.PutFh(file), new NfsArgs.LockT(2, 1000, 100,
                new StateOwner(two.clientId(), Bytes.utf8("pid-2"))));
        assertThat(test.status()).isEqualTo(NfsStatus.DENIED);
        Stateid lock2 = stateid(ok(two.compound(new NfsArgs.PutFh(file), lockNew(1, 1024, -1, open2, "pid-2"))), 2);
        try (LockSession probe = alpha.openSession("probe")) {
            assertThat(probe.locks(a.id())).extracting(LockInfo::range, LockInfo::type).containsExactly(
                    org.assertj.core.groups.Tuple.tuple(new ByteRange(0, 1024), LockType.EXCLUSIVE),
                    org.assertj.core.groups.Tuple.tuple(new ByteRange(1024, -1), LockType.SHARED));
        }
        // Client one unlocks half; client two's lock now fits there.
        Stateid unlocked = stateid(ok(one.compound(new NfsArgs.PutFh(file), new NfsArgs.LockU(2, 0, lock1, 512, 512))), 2);
        assertThat(unlocked.seqid()).isEqualTo(2);
        Stateid more = stateid(ok(two.compound(new NfsArgs.PutFh(file), new NfsArgs.Lock(1, false, 512, 512,
                new NfsArgs.Locker.ExistingOwner(lock2, 0)))), 2);
        assertThat(more.seqid()).isEqualTo(2);
        // CLOSE releases what a client still holds.
        ok(one.compound(new NfsArgs.PutFh(file), new NfsArgs.Close(0, stateid(ok(one.compound(new NfsArgs.PutFh(file),
                openFh("o1", 3, 0))), 2))));
        try (LockSession probe = alpha.openSession("probe")) {
            assertThat(probe.locks(a.id())).extracting(LockInfo::type).containsOnly(LockType.SHARED);
        }
    }

    @Test
    void badOldAndStaleStateids() throws Exception {
        Path record = tmp.resolve("nfs/clients");
        NfsServer s = server(record);
        NfsTestClient one = client(s, "client-one");
        Volume alpha = f.volume(ALPHA);
        f.file(ALPHA, alpha.root(), "f", 0666, 1000, 1000, new byte[0]);
        CompoundRes o = ok(one.compound(new NfsArgs.PutRootFh(), new NfsArgs.Lookup(Bytes.utf8(ALPHA)),
                new NfsArgs.Lookup(Bytes.utf8("f")), new NfsArgs.GetFh(), openFh("o", 1, 0)));
        Bytes file = fh(o, 4);
        Stateid first = stateid(o, 5);
        Stateid second = stateid(ok(one.compound(new NfsArgs.PutFh(file), openFh("o", 3, 0))), 2);
        assertThat(last(one.compound(new NfsArgs.PutFh(file), new NfsArgs.Close(0, first)))).isEqualTo(NfsStatus.OLD_STATEID);
        assertThat(last(one.compound(new NfsArgs.PutFh(file), new NfsArgs.Close(0, new Stateid(7, second.other())))))
                .isEqualTo(NfsStatus.BAD_STATEID);
        byte[] made = second.other().toArray();
        made[11] ^= 0x40;
        assertThat(last(one.compound(new NfsArgs.PutFh(file), new NfsArgs.Close(0, new Stateid(1, Bytes.of(made))))))
                .isEqualTo(NfsStatus.BAD_STATEID);
        // After a restart the stateid is of another instance: stale.
        s.close();
        servers.remove(s);
        NfsServer restarted = server(record);
        NfsTestClient again = client(restarted, "client-one");
        assertThat(test(again, second)).containsExactly(NfsStatus.STALE_STATEID);
        assertThat(last(again.compound(new NfsArgs.PutFh(file), new NfsArgs.Close(0, second))))
                .isEqualTo(NfsStatus.STALE_STATEID);
    }

    @Test
    void aClientWhoseLeaseExpiresLosesItsState() throws Exception {
        NfsServer s = server(null);
        NfsTestClient one = client(s, "client-one");
        NfsTestClient two = client(s, "client-two");
        Volume alpha = f.volume(ALPHA);
        Attributes a = f.file(ALPHA, alpha.root(), "f", 0666, 1000, 1000, new byte[0]);
        CompoundRes o = ok(one.compound(new NfsArgs.PutRootFh(), new NfsArgs.Lookup(Bytes.utf8(ALPHA)),
                new NfsArgs.Lookup(Bytes.utf8("f")), new NfsArgs.GetFh(), openFh("o", 3, 2),
                lockNew(2, 0, -1, new Stateid(1, Stateid.ANONYMOUS.other()), "pid")));
        Bytes file = fh(o, 4);
        f.clock.advance(StateLimits.DEFAULT.lease().minusSeconds(1));
        // Client two renews its lease (SEQUENCE) and meets client one's reservation.
        assertThat(two.compound(new NfsArgs.PutFh(file), openFh("o", 2, 0)).status()).isEqualTo(NfsStatus.SHARE_DENIED);
        f.clock.advance(Duration.ofSeconds(2));
        // One's lease is over: its open, reservation and lock go, and two gets what it asks.
        Stateid open2 = stateid(ok(two.compound(new NfsArgs.PutFh(file), openFh("o", 3, 0))), 2);
        try (LockSession probe = alpha.openSession("probe")) {
            assertThat(probe.locks(a.id())).isEmpty();
        }
        ok(two.compound(new NfsArgs.PutFh(file), lockNew(2, 0, 1, open2, "pid")));
        assertThat(one.compound(new NfsArgs.PutRootFh()).status()).isEqualTo(NfsStatus.BADSESSION);
        assertThat(s.state().stateCount()).isEqualTo(2);
    }

    @Test
    void anExpiredClientsStateIsReleasedWithoutAnyNfsTraffic() throws Exception {
        // A one-second lease: the sweep looks every quarter second of real time, the lease is measured with the
        // fixture's clock, which only this test moves.
        StateLimits d = StateLimits.DEFAULT;
        StateLimits shortLease = new StateLimits(d.maxClients(), d.maxSessionsPerClient(), d.maxSessions(),
                d.maxSlots(), d.maxOperations(), d.maxRequestSize(), d.maxResponseSize(), d.maxCachedResponseSize(),
                d.maxBackChannelSlots(), Duration.ofSeconds(1));
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        try {
            NfsServer s = new NfsServer(new NfsServer.Config(new InetSocketAddress("127.0.0.1", 0), shortLease,
                    XdrLimits.DEFAULT, Bytes.utf8("nfs-state-test")), f.dfs, f.users, f.checker, f.clock, executor,
                    scheduler, new RequestMetrics(new SimpleMeterRegistry(), "nfs"));
            s.start();
            servers.add(s);
            NfsTestClient one = client(s, "client-one");
            Volume alpha = f.volume(ALPHA);
            Attributes a = f.file(ALPHA, alpha.root(), "f", 0666, 1000, 1000, new byte[0]);
            ok(one.compound(new NfsArgs.PutRootFh(), new NfsArgs.Lookup(Bytes.utf8(ALPHA)),
                    new NfsArgs.Lookup(Bytes.utf8("f")), openFh("o", 3, 2),
                    lockNew(2, 0, -1, new Stateid(1, Stateid.ANONYMOUS.other()), "pid")));
            try (LockSession probe = alpha.openSession("probe")) {
                assertThat(probe.locks(a.id())).isNotEmpty();
                // No NFS request from now on: only the sweep can release client one's lock and reservation.
                f.clock.advance(Duration.ofSeconds(2));
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (s.clients().clientCount() > 0 && System.nanoTime() < deadline) {
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
                }
                assertThat(s.clients().clientCount()).isZero();
                assertThat(probe.locks(a.id())).isEmpty();
                assertThat(s.state().stateCount()).isZero();
            }
        } finally {
            scheduler.shutdownNow();
        }
    }

    @Test
    void restartWithReclaimDuringGrace() throws Exception {
        Path record = tmp.resolve("nfs/clients");
        NfsServer s = server(record);
        NfsTestClient one = client(s, "linux-host-1");
        Volume alpha = f.volume(ALPHA);
        Attributes a = f.file(ALPHA, alpha.root(), "journal", 0666, 1000, 1000, new byte[100]);
        CompoundRes o = ok(one.compound(new NfsArgs.PutRootFh(), new NfsArgs.Lookup(Bytes.utf8(ALPHA)),
                new NfsArgs.Lookup(Bytes.utf8("journal")), new NfsArgs.GetFh(), openFh("owner", 3, 2),
                lockNew(2, 0, 50, new Stateid(1, Stateid.ANONYMOUS.other()), "pid")));
        Bytes file = fh(o, 4);
        assertThat(Files.readString(record)).contains("6c696e75782d686f73742d31");

        // The server stops (its opens, reservations and locks go with it), and the whole process with the
        // engine; a new one starts on the same data directory and stable record.
        s.close();
        servers.remove(s);
        try (LockSession probe = alpha.openSession("probe")) {
            assertThat(probe.locks(a.id())).isEmpty();
        }
        f.close();
        f = EngineFixture.reopen(tmp);
        alpha = f.volume(ALPHA);
        NfsServer restarted = server(record);
        NfsTestClient back = new NfsTestClient(restarted.localAddress(), 1000, 1000);
        clients.add(back);
        back.establishToReclaim("linux-host-1");
        NfsTestClient other = client(restarted, "linux-host-2");
        // Meanwhile new opens wait for the grace period to end.
        assertThat(last(other.compound(new NfsArgs.PutFh(file), openFh("o", 2, 0)))).isEqualTo(NfsStatus.GRACE);
        // The client reclaims its open and its lock.
        Stateid reopened = stateid(ok(back.compound(new NfsArgs.PutFh(file), new NfsArgs.Open(0, 3, 2,
                new StateOwner(0, Bytes.utf8("owner")), null, new NfsArgs.OpenClaim.Previous(0)))), 2);
        ok(back.compound(new NfsArgs.PutFh(file), new NfsArgs.Lock(2, true, 0, 50, new NfsArgs.Locker.NewOwner(0,
                reopened, 0, new StateOwner(0, Bytes.utf8("pid"))))));
        try (LockSession probe = alpha.openSession("probe")) {
            assertThat(probe.locks(a.id())).extracting(LockInfo::range).containsExactly(new ByteRange(0, 50));
        }
        ok(back.compound(new NfsArgs.ReclaimComplete(false)));
        // Grace is over (its only client completed): reclaims are refused, new opens meet the reclaimed state.
        assertThat(last(back.compound(new NfsArgs.PutFh(file), new NfsArgs.Open(0, 1, 0,
                new StateOwner(0, Bytes.utf8("late")), null, new NfsArgs.OpenClaim.Previous(0)))))
                .isEqualTo(NfsStatus.NO_GRACE);
        assertThat(last(other.compound(new NfsArgs.PutFh(file), openFh("o", 2, 0)))).isEqualTo(NfsStatus.SHARE_DENIED);
        ok(other.compound(new NfsArgs.PutFh(file), openFh("o", 1, 0)));
    }

    @Test
    void anExpiredClientsStateGoesAtTheNextRequestOfAnyone() throws Exception {
        NfsServer s = server(null);
        NfsTestClient one = client(s, "client-one");
        NfsTestClient two = client(s, "client-two");
        Volume alpha = f.volume(ALPHA);
        Attributes a = f.file(ALPHA, alpha.root(), "f", 0666, 1000, 1000, new byte[0]);
        ok(one.compound(new NfsArgs.PutRootFh(), new NfsArgs.Lookup(Bytes.utf8(ALPHA)),
                new NfsArgs.Lookup(Bytes.utf8("f")), openFh("o", 3, 3)));
        try (LockSession smb = alpha.openSession("smb user")) {
            f.clock.advance(StateLimits.DEFAULT.lease().minusSeconds(10));
            ok(two.compound(new NfsArgs.PutRootFh()));
            // A quarter lease later client one's lease is over, and the next sweep is due.
            f.clock.advance(StateLimits.DEFAULT.lease().dividedBy(4).plusSeconds(5));
            assertThatThrownBy(() -> smb.reserve(a.id(), Set.of(ShareAccess.READ), Set.of()).close())
                    .isInstanceOf(DfsException.class);
            // Any request (here client two's SEQUENCE) drops client one's state: the SMB user may open now.
            ok(two.compound(new NfsArgs.PutRootFh()));
            smb.reserve(a.id(), Set.of(ShareAccess.READ), Set.of()).close();
        }
        assertThat(s.state().stateCount()).isZero();
    }
}
