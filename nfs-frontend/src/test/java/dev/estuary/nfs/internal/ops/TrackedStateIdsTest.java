package dev.estuary.nfs.internal.ops;

import static dev.estuary.nfs.internal.ops.StateFixture.BOTH;
import static dev.estuary.nfs.internal.ops.StateFixture.READ;
import static dev.estuary.nfs.internal.ops.StateFixture.WRITE;
import static dev.estuary.nfs.internal.ops.StateFixture.at;
import static dev.estuary.nfs.internal.ops.StateFixture.lockNew;
import static dev.estuary.nfs.internal.ops.StateFixture.openFh;
import static dev.estuary.nfs.internal.ops.StateFixture.stateid;
import static dev.estuary.nfs.testing.EngineFixture.ALPHA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.estuary.dfs.Attributes;
import dev.estuary.dfs.OpenMode;
import dev.estuary.nfs.internal.codec.Bytes;
import dev.estuary.nfs.internal.codec.NfsArgs;
import dev.estuary.nfs.internal.codec.NfsStatus;
import dev.estuary.nfs.internal.codec.Types.Stateid;
import dev.estuary.nfs.internal.state.Session;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TrackedStateIdsTest extends HandlerTest {
    static final Stateid BYPASS = bypass();

    static Stateid bypass() {
        byte[] b = new byte[12];
        Arrays.fill(b, (byte) 0xff);
        return new Stateid(-1, Bytes.of(b));
    }

    NfsStatus fails(OpContext c, Stateid s, Attributes a, IoKind kind) {
        return catchThrowableOfType(NfsException.class, () -> h.services.stateIds().checkIo(c, s, h.ref(ALPHA, a.id()),
                kind, 0, 10)).status();
    }

    @Test
    void anOpenGivesItsHandleWithinItsMode() throws Exception {
        Attributes a = h.f.file(ALPHA, h.root(ALPHA), "f", 0644, 1000, 1000, new byte[] {1, 2, 3});
        Session s = StateFixture.session(h, "c1");
        Stateid ro = stateid(h.run(at(h, s, a.id()), openFh("r", READ, 0)));
        Stateid wo = stateid(h.run(at(h, s, a.id()), openFh("w", WRITE, 0)));
        OpContext c = at(h, s, a.id());
        IoAccess first;
        try (IoAccess io = h.services.stateIds().checkIo(c, ro, h.ref(ALPHA, a.id()), IoKind.READ, 0, 3)) {
            first = io;
            assertThat(io.owned()).isFalse();
            ByteBuffer b = ByteBuffer.allocate(3);
            io.handle().read(0, b);
            assertThat(b.array()).containsExactly(1, 2, 3);
        }
        // The handle stays open for the open's life: the same one again, still usable.
        try (IoAccess io = h.services.stateIds().checkIo(c, ro, h.ref(ALPHA, a.id()), IoKind.READ, 0, 3)) {
            assertThat(io.handle()).isSameAs(first.handle());
            assertThat(io.handle().size()).isEqualTo(3);
        }
        assertThat(fails(c, ro, a, IoKind.WRITE)).isEqualTo(NfsStatus.OPENMODE);
        // A write-only open of an owner who may read also reads (the client reads around partial writes).
        try (IoAccess io = h.services.stateIds().checkIo(c, wo, h.ref(ALPHA, a.id()), IoKind.READ, 0, 3)) {
            assertThat(io.handle().mode()).isEqualTo(OpenMode.READ_WRITE);
        }
        // A lock stateid does I/O through its open.
        Stateid both = stateid(h.run(at(h, s, a.id()), openFh("b", BOTH, 0)));
        Stateid lock = stateid(h.run(at(h, s, a.id()), lockNew(LockTypes.WRITE_LT, 0, 5, both, "lo")));
        try (IoAccess io = h.services.stateIds().checkIo(c, lock, h.ref(ALPHA, a.id()), IoKind.WRITE, 0, 3)) {
            io.handle().write(0, ByteBuffer.wrap(new byte[] {9}));
        }
        // The current stateid (set by LOCK) is resolved; a stateid of another file or another client is bad.
        h.ok(c, new NfsArgs.Lock(LockTypes.WRITE_LT, false, 0, 5, new NfsArgs.Locker.ExistingOwner(lock, 0)));
        try (IoAccess io = h.services.stateIds().checkIo(c, new Stateid(1, Stateid.ANONYMOUS.other()),
                h.ref(ALPHA, a.id()), IoKind.WRITE, 0, 1)) {
            assertThat(io.owned()).isFalse();
        }
        Attributes g = h.f.file(ALPHA, h.root(ALPHA), "g", 0644, 1000, 1000, new byte[0]);
        assertThat(fails(c, ro, g, IoKind.READ)).isEqualTo(NfsStatus.BAD_STATEID);
        Session other = StateFixture.session(h, "c2");
        assertThat(fails(at(h, other, a.id()), ro, a, IoKind.READ)).isEqualTo(NfsStatus.BAD_STATEID);
        // After CLOSE the stateid is gone.
        stateid(h.run(at(h, s, a.id()), new NfsArgs.Close(0, ro)));
        assertThat(fails(c, ro, a, IoKind.READ)).isEqualTo(NfsStatus.BAD_STATEID);
    }

    @Test
    void specialStateidsMeetEveryonesReservationsAndLocks() throws Exception {
        Attributes a = h.f.file(ALPHA, h.root(ALPHA), "f", 0666, 1000, 1000, new byte[20]);
        Session s = StateFixture.session(h, "c1");
        OpContext c = at(h, s, a.id());
        try (IoAccess io = h.services.stateIds().checkIo(c, Stateid.ANONYMOUS, h.ref(ALPHA, a.id()), IoKind.WRITE, 0, 1)) {
            assertThat(io.owned()).isTrue();
        }
        Session other = StateFixture.session(h, "c2");
        Stateid deny = stateid(h.run(at(h, other, a.id()), openFh("d", READ, WRITE)));
        assertThat(fails(c, Stateid.ANONYMOUS, a, IoKind.WRITE)).isEqualTo(NfsStatus.LOCKED);
        try (IoAccess io = h.services.stateIds().checkIo(c, BYPASS, h.ref(ALPHA, a.id()), IoKind.READ, 0, 10)) {
            assertThat(io.owned()).isTrue();
        }
        stateid(h.run(at(h, other, a.id()), new NfsArgs.Close(0, deny)));
        // A byte-range lock of another client: a shared one forbids writing its bytes, not reading them.
        Stateid open = stateid(h.run(at(h, other, a.id()), openFh("o", BOTH, 0)));
        stateid(h.run(at(h, other, a.id()), lockNew(LockTypes.READ_LT, 5, 5, open, "lo")));
        assertThat(fails(c, Stateid.ANONYMOUS, a, IoKind.WRITE)).isEqualTo(NfsStatus.LOCKED);
        try (IoAccess io = h.services.stateIds().checkIo(c, Stateid.ANONYMOUS, h.ref(ALPHA, a.id()), IoKind.READ, 0,
                10)) {
            assertThat(io.owned()).isTrue();
        }
        try (IoAccess io = h.services.stateIds().checkIo(c, Stateid.ANONYMOUS, h.ref(ALPHA, a.id()), IoKind.WRITE, 10,
                10)) {
            assertThat(io.owned()).isTrue();
        }
        // No current stateid yet in a fresh COMPOUND; bad special forms.
        assertThat(fails(at(h, s, a.id()), new Stateid(1, Stateid.ANONYMOUS.other()), a, IoKind.READ))
                .isEqualTo(NfsStatus.BAD_STATEID);
        assertThat(fails(c, new Stateid(5, Stateid.ANONYMOUS.other()), a, IoKind.READ)).isEqualTo(NfsStatus.BAD_STATEID);
    }
}
