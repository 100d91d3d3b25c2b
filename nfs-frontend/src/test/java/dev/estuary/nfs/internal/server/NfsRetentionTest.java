package dev.estuary.nfs.internal.server;

import static dev.estuary.nfs.testing.EngineFixture.ALPHA;
import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.core.RequestMetrics;
import dev.estuary.dfs.ObjectId;
import dev.estuary.dfs.RetentionMode;
import dev.estuary.dfs.Volume;
import dev.estuary.nfs.internal.codec.Bytes;
import dev.estuary.nfs.internal.codec.CompoundRes;
import dev.estuary.nfs.internal.codec.NfsArgs;
import dev.estuary.nfs.internal.codec.NfsStatus;
import dev.estuary.nfs.internal.codec.Types.Stateid;
import dev.estuary.nfs.internal.codec.XdrLimits;
import dev.estuary.nfs.internal.state.StateLimits;
import dev.estuary.nfs.testing.EngineFixture;
import dev.estuary.nfs.testing.NfsTestClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file under retention or legal hold (set through the backend, as S3 Object Lock does) over NFS:
 * the backend refuses to remove, replace or write it, and the client gets NFS4ERR_PERM, what Linux
 * answers for an immutable file; once the retention expires on the server's clock the same REMOVE
 * succeeds. Renaming the file itself stays allowed.
 */
class NfsRetentionTest {
    private static final byte[] CONTENT = "backup chunk 0001".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path tmp;
    EngineFixture f;
    NfsServer server;
    ExecutorService executor;
    NfsTestClient client;
    Volume alpha;
    Bytes rootFh;

    @BeforeEach
    void start() throws Exception {
        f = new EngineFixture(tmp);
        executor = Executors.newFixedThreadPool(4);
        server = new NfsServer(new NfsServer.Config(new InetSocketAddress("127.0.0.1", 0), StateLimits.DEFAULT,
                XdrLimits.DEFAULT, Bytes.utf8("nfs-retention-test")), f.dfs, f.users, f.checker, f.clock, executor,
                new RequestMetrics(new SimpleMeterRegistry(), "nfs"));
        server.start();
        client = new NfsTestClient(server.localAddress(), 1000, 1000);
        client.establish("linux-client");
        alpha = f.volume(ALPHA);
        rootFh = client.fileHandle(ALPHA);
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        server.close();
        executor.shutdownNow();
        assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        f.close();
    }

    private ObjectId file(String name) {
        return f.file(ALPHA, alpha.root(), name, 0644, 1000, 1000, CONTENT).id();
    }

    private byte[] content(ObjectId id) {
        try (var h = alpha.open(id, dev.estuary.dfs.OpenMode.READ)) {
            ByteBuffer b = ByteBuffer.allocate(64);
            h.read(0, b);
            return java.util.Arrays.copyOf(b.array(), b.position());
        }
    }

    @Test
    void removeOfARetainedFileIsPerm_untilTheRetentionExpires() throws Exception {
        ObjectId id = file("backup.bin");
        // Short enough that moving the clock past it keeps the client's lease (and session) alive.
        alpha.setRetention(id, RetentionMode.COMPLIANCE, f.clock.instant().plus(Duration.ofSeconds(10)), false);

        CompoundRes refused = client.compound(new NfsArgs.PutFh(rootFh), new NfsArgs.Remove(Bytes.utf8("backup.bin")));

        assertThat(refused.status()).isEqualTo(NfsStatus.PERM);
        assertThat(alpha.lookup(alpha.root(), "backup.bin").id()).isEqualTo(id);
        assertThat(content(id)).isEqualTo(CONTENT);

        f.clock.advance(Duration.ofSeconds(10));
        CompoundRes removed = client.compound(new NfsArgs.PutFh(rootFh), new NfsArgs.Remove(Bytes.utf8("backup.bin")));
        assertThat(removed.status()).isEqualTo(NfsStatus.OK);
    }

    @Test
    void writeAndRenameOverAHeldFileArePerm_renamingItAwayIsAllowed() throws Exception {
        ObjectId id = file("held.bin");
        file("other.bin");
        alpha.setLegalHold(id, true);
        Bytes fh = client.fileHandle(ALPHA, "held.bin");

        CompoundRes write = client.compound(new NfsArgs.PutFh(fh),
                new NfsArgs.Write(Stateid.ANONYMOUS, 0, 2, Bytes.utf8("overwritten")));
        CompoundRes over = client.compound(new NfsArgs.PutFh(rootFh), new NfsArgs.SaveFh(),
                new NfsArgs.Rename(Bytes.utf8("other.bin"), Bytes.utf8("held.bin")));

        assertThat(write.status()).isEqualTo(NfsStatus.PERM);
        assertThat(over.status()).isEqualTo(NfsStatus.PERM);
        assertThat(content(id)).isEqualTo(CONTENT);
        CompoundRes away = client.compound(new NfsArgs.PutFh(rootFh), new NfsArgs.SaveFh(),
                new NfsArgs.Rename(Bytes.utf8("held.bin"), Bytes.utf8("kept.bin")));
        assertThat(away.status()).isEqualTo(NfsStatus.OK);
        assertThat(alpha.lookup(alpha.root(), "kept.bin").id()).isEqualTo(id);
    }
}
