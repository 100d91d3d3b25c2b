package dev.estuary.nfs.internal.ops;

import static dev.estuary.nfs.testing.EngineFixture.ALPHA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.estuary.core.CheckedVolume;
import dev.estuary.core.VolumeDefaults;
import dev.estuary.dfs.ObjectId;
import dev.estuary.nfs.internal.codec.NfsStatus;
import dev.estuary.nfs.internal.rpc.CallContext;
import dev.estuary.nfs.internal.rpc.RpcCredential;
import dev.estuary.nfs.testing.EngineFixture;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The grants {@link Exports} remembers, and the bound on how long a change takes to reach them. */
class ExportsTest {
    @TempDir
    Path tmp;

    private EngineFixture f;
    private Exports exports;
    private final CallContext call = new CallContext(1, new RpcCredential.Sys(1000, 1000, List.of()),
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 700), null, 200);

    @BeforeEach
    void setUp() {
        f = new EngineFixture(tmp);
        exports = new Exports(f.dfs, f.users, f.checker, f.clock, Exports.GRANT_TTL);
    }

    @AfterEach
    void tearDown() throws Exception {
        f.close();
    }

    @Test
    void volumeDefaultsChangeReachesAGrantedClientWithinTheTtl() throws Exception {
        assertThat(exports.open(ALPHA, call).caller().gids()).doesNotContain(4242);
        new VolumeDefaults(0640, 0750, 4242).write(f.volume(ALPHA));
        // Remembered: the defaults (and the volume group they grant) are not read again at once ...
        assertThat(exports.open(ALPHA, call).defaults().gid()).isEqualTo(0);
        f.clock.advance(Exports.GRANT_TTL);
        // ... but never for longer than the bound.
        CheckedVolume v = exports.open(ALPHA, call);
        assertThat(v.defaults().gid()).isEqualTo(4242);
        assertThat(v.caller().gids()).contains(4242);
    }

    @Test
    void revokedExportIsRefusedWithinTheTtlAndRefusalsAreNotRemembered() throws Exception {
        exports.open(ALPHA, call);
        f.users.removeNfsExport(ALPHA, null);
        f.clock.advance(Exports.GRANT_TTL.minusMillis(1));
        exports.open(ALPHA, call);
        f.clock.advance(Duration.ofMillis(1));
        assertThatThrownBy(() -> exports.open(ALPHA, call)).isInstanceOfSatisfying(NfsException.class,
                e -> assertThat(e.status()).isEqualTo(NfsStatus.ACCESS));
        f.exportToLoopback(ALPHA, true, dev.estuary.core.NfsSquash.ROOT_SQUASH);
        assertThat(exports.open(ALPHA, call).caller().uid()).isEqualTo(1000);
    }

    @Test
    void aGrantIsPerCredential() throws Exception {
        exports.open(ALPHA, call);
        CallContext other = new CallContext(2, new RpcCredential.Sys(2000, 2000, List.of()), call.remote(), null, 200);
        assertThat(exports.open(ALPHA, other).caller().uid()).isEqualTo(2000);
    }

    @Test
    void aVolumeRecreatedUnderTheSameNameIsDecidedAfresh() throws Exception {
        ObjectId oldRoot = exports.open(ALPHA, call).root();
        f.dfs.deleteVolume(ALPHA, true);
        new VolumeDefaults(VolumeDefaults.FILE_MODE, VolumeDefaults.DIR_MODE, 4343).createVolume(f.dfs, ALPHA, 0);
        CheckedVolume v = exports.open(ALPHA, call);
        assertThat(v.root()).isNotEqualTo(oldRoot);
        assertThat(v.defaults().gid()).isEqualTo(4343);
    }

    @Test
    void aTtlAboveTheBoundIsRefused() {
        assertThatThrownBy(() -> new Exports(f.dfs, f.users, f.checker, f.clock, Duration.ofSeconds(2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("grantTtl");
    }
}
