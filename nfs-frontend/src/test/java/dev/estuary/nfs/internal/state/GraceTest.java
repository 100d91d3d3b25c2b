package dev.estuary.nfs.internal.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.estuary.nfs.internal.codec.Bytes;
import dev.estuary.nfs.internal.codec.NfsStatus;
import dev.estuary.nfs.testing.MutableClock;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GraceTest {
    static final Bytes A = Bytes.utf8("client-a");
    static final Bytes B = Bytes.utf8("client-b");
    static final Duration GRACE = Duration.ofSeconds(90);

    @TempDir
    Path tmp;
    final MutableClock clock = new MutableClock(Instant.parse("2026-12-06T12:00:00Z"));

    @Test
    void aFreshServerHasNoGraceAndRecordsItsClients() throws Exception {
        Path file = tmp.resolve("nfs/clients");
        Grace g = new Grace(file, GRACE, clock);
        assertThat(g.inGrace()).isFalse();
        assertThat(g.reclaim(A, false)).isEqualTo(NfsStatus.NO_GRACE);
        g.record(A);
        g.record(B);
        g.record(A);
        assertThat(Files.readAllLines(file)).containsExactly("estuary-nfs-clients 1", "636c69656e742d61",
                "636c69656e742d62");
        g.forget(A);
        assertThat(Files.readAllLines(file)).containsExactly("estuary-nfs-clients 1", "636c69656e742d62");
        assertThat(Files.exists(file.resolveSibling("clients.tmp"))).isFalse();
    }

    @Test
    void afterARestartTheRecordedClientsReclaimUntilAllCompleted() {
        Path file = tmp.resolve("clients");
        Grace before = new Grace(file, GRACE, clock);
        before.record(A);
        before.record(B);
        Grace g = new Grace(file, GRACE, clock);
        assertThat(g.inGrace()).isTrue();
        assertThat(g.reclaim(A, false)).isEqualTo(NfsStatus.OK);
        assertThat(g.reclaim(A, true)).isEqualTo(NfsStatus.NO_GRACE);
        assertThat(g.reclaim(Bytes.utf8("stranger"), false)).isEqualTo(NfsStatus.RECLAIM_BAD);
        g.record(A);
        g.reclaimComplete(A);
        assertThat(g.inGrace()).isTrue();
        g.reclaimComplete(B);
        assertThat(g.inGrace()).isFalse();
        assertThat(g.reclaim(B, false)).isEqualTo(NfsStatus.NO_GRACE);
    }

    @Test
    void graceEndsAtItsLengthAndDropsTheClientsThatDidNotComeBack() throws Exception {
        Path file = tmp.resolve("clients");
        Grace before = new Grace(file, GRACE, clock);
        before.record(A);
        before.record(B);
        Grace g = new Grace(file, GRACE, clock);
        g.record(A);
        clock.advance(GRACE.minusSeconds(1));
        assertThat(g.inGrace()).isTrue();
        clock.advance(Duration.ofSeconds(1));
        assertThat(g.inGrace()).isFalse();
        assertThat(Files.readAllLines(file)).containsExactly("estuary-nfs-clients 1", "636c69656e742d61");
        // A grace of zero is none at all.
        Grace none = new Grace(file, Duration.ZERO, clock);
        assertThat(none.inGrace()).isFalse();
    }

    @Test
    void withoutAFileNothingIsKept() {
        Grace g = new Grace(null, GRACE, clock);
        g.record(A);
        assertThat(g.inGrace()).isFalse();
        assertThat(new Grace(null, GRACE, clock).reclaim(A, false)).isEqualTo(NfsStatus.NO_GRACE);
    }

    @Test
    void aDamagedRecordIsRefusedWithItsPath() throws Exception {
        Path file = tmp.resolve("clients");
        Files.write(file, List.of("something else"), StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> new Grace(file, GRACE, clock)).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("estuary-nfs-clients 1");
        Files.write(file, List.of("estuary-nfs-clients 1", "zz"), StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> new Grace(file, GRACE, clock)).isInstanceOf(UncheckedIOException.class);
    }
}
