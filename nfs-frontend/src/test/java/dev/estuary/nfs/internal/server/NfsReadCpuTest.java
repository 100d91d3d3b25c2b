package dev.estuary.nfs.internal.server;

import static dev.estuary.nfs.testing.EngineFixture.ALPHA;
import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.core.RequestMetrics;
import dev.estuary.nfs.internal.codec.Bytes;
import dev.estuary.nfs.internal.codec.NfsResult;
import dev.estuary.nfs.internal.codec.XdrLimits;
import dev.estuary.nfs.internal.state.StateLimits;
import dev.estuary.nfs.testing.EngineFixture;
import dev.estuary.nfs.testing.NfsTestClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A loop of 1 MiB READs over TCP that prints the CPU time per READ (the JVM's, and the test client thread's
 * share of it; for comparing versions of the reply path by hand, never asserted). Asserts only that every READ returns
 * the file's bytes.
 */
class NfsReadCpuTest {
    static final int MIB = 1 << 20;
    static final int READS = 64;

    @TempDir
    Path tmp;

    @Test
    void oneMibReadsReturnTheFileAndPrintTheirCpuTime() throws Exception {
        ExecutorService executor = Executors.newFixedThreadPool(4);
        byte[] data = new byte[4 * MIB];
        new Random(1).nextBytes(data);
        try (EngineFixture f = new EngineFixture(tmp)) {
            f.file(ALPHA, f.volume(ALPHA).root(), "big", 0644, 1000, 1000, data);
            NfsServer server = new NfsServer(new NfsServer.Config(new InetSocketAddress("127.0.0.1", 0),
                    StateLimits.DEFAULT, XdrLimits.DEFAULT, Bytes.utf8("nfs-read-cpu")), f.dfs, f.users, f.checker,
                    f.clock, executor, new RequestMetrics(new SimpleMeterRegistry(), "nfs"));
            server.start();
            try (NfsTestClient client = new NfsTestClient(server.localAddress(), 1000, 1000).cacheThis(false)) {
                client.establish("loop");
                Bytes fh = client.fileHandle(ALPHA, "big");
                for (int i = 0; i < 8; i++) {
                    client.read(fh, (long) (i % 4) * MIB, MIB); // warm-up
                }
                com.sun.management.OperatingSystemMXBean os =
                        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
                java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
                long cpu0 = os.getProcessCpuTime();
                long client0 = threads.getCurrentThreadCpuTime();
                long t0 = System.nanoTime();
                for (int i = 0; i < READS; i++) {
                    int chunk = i % 4;
                    NfsResult.ReadOk r = client.read(fh, (long) chunk * MIB, MIB);
                    assertThat(r.data().length()).isEqualTo(MIB);
                    if (i < 4) {
                        assertThat(r.data().toArray()).isEqualTo(java.util.Arrays.copyOfRange(data, chunk * MIB,
                                (chunk + 1) * MIB));
                    }
                }
                long cpu = os.getProcessCpuTime() - cpu0;
                long clientCpu = threads.getCurrentThreadCpuTime() - client0;
                long wall = System.nanoTime() - t0;
                System.out.printf("1 MiB READ x %d: %.2f ms CPU/READ in the JVM, of which %.2f ms the test client's"
                        + " thread and %.2f ms the rest (server threads, GC, JIT); %.2f ms wall/READ%n", READS,
                        cpu / 1e6 / READS, clientCpu / 1e6 / READS, (cpu - clientCpu) / 1e6 / READS, wall / 1e6 / READS);
            } finally {
                server.close();
            }
        } finally {
            executor.shutdownNow();
            assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
    }
}
