package dev.estuary.nfs.internal.ops;

import static dev.estuary.nfs.internal.ops.StateFixture.BOTH;
import static dev.estuary.nfs.internal.ops.StateFixture.READ;
import static dev.estuary.nfs.internal.ops.StateFixture.at;
import static dev.estuary.nfs.internal.ops.StateFixture.lockNew;
import static dev.estuary.nfs.internal.ops.StateFixture.openFh;
import static dev.estuary.nfs.internal.ops.StateFixture.stateid;
import static dev.estuary.nfs.testing.EngineFixture.ALPHA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.estuary.dfs.Attributes;
import dev.estuary.nfs.internal.codec.Bytes;
import dev.estuary.nfs.internal.codec.NfsArgs;
import dev.estuary.nfs.internal.codec.NfsStatus;
import dev.estuary.nfs.internal.codec.Types.StateOwner;
import dev.estuary.nfs.internal.codec.Types.Stateid;
import dev.estuary.nfs.internal.state.Grace;
import dev.estuary.nfs.internal.state.Session;
import dev.estuary.nfs.internal.state.StateTable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * OPEN, LOCK, LOCKT, RECLAIM_COMPLETE and special-stateid I/O during and after the grace period (RFC 8881
 * §8.4.2): a restarted state table over the stable record of the first.
 */
class GraceOpsTest extends HandlerTest {
    static final Duration GRACE = Duration.ofSeconds(45);

    Harness restarted(Path record) {
        StateTable t = new StateTable(new Grace(record, GRACE, h.f.clock), new Random(99));
        return new Harness(h.f, h.f.services(t));
    }

    @Test
    void recordedClientsReclaimDuringGraceAndOthersWait() throws Exception {
        Path record = tmp.resolve("nfs-clients");
        Attributes a = h.f.file(ALPHA, h.root(ALPHA), "f", 0666, 1000, 1000, new byte[0]);
        Harness first = new Harness(h.f, h.f.services(new StateTable(new Grace(record, GRACE, h.f.clock),
                new Random(5))));
        Session old = StateFixture.session(first, "linux-1");
        Stateid open = stateid(first.run(at(first, old, a.id()), openFh("o", BOTH, 0)));
        stateid(first.run(at(first, old, a.id()), lockNew(LockTypes.WRITE_LT, 0, 10, open, "lo")));
        first.services.state().close();

        Harness second = restarted(record);
        Session back = StateFixture.reclaiming(second, "linux-1");
        Session stranger = StateFixture.session(second, "linux-2");
        // The old stateid is of another instance.
        assertThat(second.run(at(second, back, a.id()), new NfsArgs.Close(0, open)).status())
                .isEqualTo(NfsStatus.STALE_STATEID);
        // New state waits for the grace period; the recorded client reclaims.
        assertThat(second.run(at(second, stranger, a.id()), openFh("s", READ, 0)).status()).isEqualTo(NfsStatus.GRACE);
        assertThat(second.run(at(second, stranger, a.id()), new NfsArgs.Open(0, READ, 0,
                new StateOwner(0, Bytes.utf8("s")), null, new NfsArgs.OpenClaim.Previous(0))).status())
                .isEqualTo(NfsStatus.NO_GRACE);
        Session unknown = StateFixture.reclaiming(second, "linux-3");
        assertThat(second.run(at(second, unknown, a.id()), new NfsArgs.Open(0, READ, 0,
                new StateOwner(0, Bytes.utf8("u")), null, new NfsArgs.OpenClaim.Previous(0))).status())
                .isEqualTo(NfsStatus.RECLAIM_BAD);
        assertThat(second.run(at(second, back, a.id()), new NfsArgs.Open(0, READ, 0,
                new StateOwner(0, Bytes.utf8("o")), null, new NfsArgs.OpenClaim.Previous(1))).status())
                .isEqualTo(NfsStatus.RECLAIM_BAD);
        Stateid reopened = stateid(second.run(at(second, back, a.id()), new NfsArgs.Open(0, BOTH, 0,
                new StateOwner(0, Bytes.utf8("o")), null, new NfsArgs.OpenClaim.Previous(0))));
        assertThat(second.run(at(second, back, a.id()), lockNew(LockTypes.WRITE_LT, 0, 10, reopened, "lo")).status())
                .isEqualTo(NfsStatus.GRACE);
        Stateid relocked = stateid(second.run(at(second, back, a.id()), new NfsArgs.Lock(LockTypes.WRITE_LT, true, 0, 10,
                new NfsArgs.Locker.NewOwner(0, reopened, 0, new StateOwner(0, Bytes.utf8("lo"))))));
        assertThat(relocked.seqid()).isEqualTo(1);
        assertThat(second.run(at(second, stranger, a.id()), new NfsArgs.LockT(LockTypes.READ_LT, 0, 1,
                new StateOwner(0, Bytes.utf8("t")))).status()).isEqualTo(NfsStatus.GRACE);
        OpContext io = at(second, stranger, a.id());
        assertThat(catchThrowableOfType(NfsException.class, () -> second.services.stateIds().checkIo(io,
                Stateid.ANONYMOUS, second.ref(ALPHA, a.id()), IoKind.READ, 0, 1)).status()).isEqualTo(NfsStatus.GRACE);
        // The reclaimed stateid does I/O during grace.
        try (IoAccess x = second.services.stateIds().checkIo(at(second, back, a.id()), reopened,
                second.ref(ALPHA, a.id()), IoKind.WRITE, 0, 1)) {
            assertThat(x.owned()).isFalse();
        }
        // RECLAIM_COMPLETE of the only recorded client ends grace at once.
        OpContext rc = second.ctx();
        rc.setSession(back);
        second.ok(rc, new NfsArgs.ReclaimComplete(false));
        assertThat(second.run(at(second, back, a.id()), new NfsArgs.Open(0, READ, 0,
                new StateOwner(0, Bytes.utf8("o2")), null, new NfsArgs.OpenClaim.Previous(0))).status())
                .isEqualTo(NfsStatus.NO_GRACE);
        stateid(second.run(at(second, stranger, a.id()), openFh("s", READ, 0)));
        LockOpTest.denied(second.run(at(second, stranger, a.id()), new NfsArgs.LockT(LockTypes.READ_LT, 0, 1,
                new StateOwner(0, Bytes.utf8("t")))));
        second.services.state().close();
    }

    @Test
    void graceEndsAtItsLength() {
        Path record = tmp.resolve("nfs-clients");
        Attributes a = h.f.file(ALPHA, h.root(ALPHA), "f", 0666, 1000, 1000, new byte[0]);
        Harness first = new Harness(h.f, h.f.services(new StateTable(new Grace(record, GRACE, h.f.clock),
                new Random(5))));
        stateid(first.run(at(first, StateFixture.session(first, "linux-1"), a.id()), openFh("o", READ, 0)));
        first.services.state().close();
        Harness second = restarted(record);
        Session s = StateFixture.session(second, "linux-2");
        assertThat(second.run(at(second, s, a.id()), openFh("s", READ, 0)).status()).isEqualTo(NfsStatus.GRACE);
        h.f.clock.advance(GRACE);
        stateid(second.run(at(second, s, a.id()), openFh("s", READ, 0)));
        second.services.state().close();
    }

    @Test
    void anUnconfirmedRecordGoingAwayKeepsTheConfirmedClientInTheRecord() throws Exception {
        Path record = tmp.resolve("nfs-clients");
        Attributes a = h.f.file(ALPHA, h.root(ALPHA), "f", 0666, 1000, 1000, new byte[0]);
        Harness first = new Harness(h.f, h.f.services(new StateTable(new Grace(record, GRACE, h.f.clock),
                new Random(5))));
        Session s = StateFixture.session(first, "linux-1");
        stateid(first.run(at(first, s, a.id()), openFh("o", READ, 0)));
        String hex = java.util.HexFormat.of().formatHex("linux-1".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(java.nio.file.Files.readString(record)).contains(hex);
        // The same owner with another verifier (a restarted client) makes an unconfirmed record that is never
        // confirmed; it expires while the confirmed one renews its lease.
        h.f.clock.advance(Duration.ofSeconds(60));
        first.ok(first.ctx(), SessionOpsFixture.exchangeId("linux-1", "verifie2", 0));
        h.f.clock.advance(Duration.ofSeconds(20));
        first.services.clients().finish((dev.estuary.nfs.internal.state.SequenceOutcome.Proceed) first.services
                .clients().sequence(new NfsArgs.Sequence(s.id(), 2, 0, 0, false), 0, 2, 100), null);
        h.f.clock.advance(Duration.ofSeconds(71));
        assertThat(first.services.clients().expireLeases()).isEqualTo(1);
        assertThat(s.client().removed()).isFalse();
        assertThat(java.nio.file.Files.readString(record)).contains(hex);
        first.services.state().close();
    }
}
