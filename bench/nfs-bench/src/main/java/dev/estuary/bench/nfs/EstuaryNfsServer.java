package dev.estuary.bench.nfs;

import static dev.estuary.bench.nfs.internal.Servers.VOLUME;

import dev.estuary.core.AccessChecker;
import dev.estuary.core.Authorizer;
import dev.estuary.core.ClientRange;
import dev.estuary.core.NfsExportRule;
import dev.estuary.core.NfsSquash;
import dev.estuary.core.RequestMetrics;
import dev.estuary.core.UserStore;
import dev.estuary.core.VolumeDefaults;
import dev.estuary.dfs.Dfs;
import dev.estuary.dfs.DfsProvider;
import dev.estuary.nfs.internal.codec.Bytes;
import dev.estuary.nfs.internal.codec.XdrLimits;
import dev.estuary.nfs.internal.server.NfsServer;
import dev.estuary.nfs.internal.state.StateLimits;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Our NFS server for the benchmark, in its own JVM so that its CPU time can be read from /proc: the
 * {@code NfsServer} over the embedded engine (found by {@link ServiceLoader}, as {@code estuary serve}
 * finds it) on a fresh data directory, with what {@code estuary serve} gives a frontend (a
 * virtual-thread-per-task executor, the one POSIX checker, the user store's export rules, the system
 * clock). The NFS {@code Frontend} is not registered yet, so {@code estuary serve --frontends nfs}
 * cannot start it; this is the same server class that frontend will start. Creates volume {@code
 * bench} (as {@code estuary volume create} does) exported read-write to 127.0.0.0/8 without root
 * squashing (as {@code estuary volume export bench --clients 127.0.0.0/8 --rw --no-root-squash}
 * does), prints {@code listening on <port>} and serves until killed.
 */
public final class EstuaryNfsServer {
  private EstuaryNfsServer() {}

  /**
   * Entry point: {@code --data DIR --port N} (0: a free port).
   *
   * @param args the arguments
   * @throws Exception when the server cannot start
   */
  public static void main(String[] args) throws Exception {
    Path data = null;
    int port = 0;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--data" -> data = Path.of(args[i + 1]);
        case "--port" -> port = Integer.parseInt(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown argument: " + args[i] + " (expected: --data DIR, --port N)");
      }
    }
    if (data == null) {
      throw new IllegalArgumentException("--data is required");
    }
    Clock clock = Clock.systemUTC();
    Files.createDirectories(data);
    DfsProvider provider = ServiceLoader.load(DfsProvider.class).stream().map(ServiceLoader.Provider::get)
        .filter(p -> p.name().equals("engine")).findFirst()
        .orElseThrow(() -> new IllegalStateException("no backend named 'engine' on the class path"));
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    Dfs dfs = provider.open(new DfsProvider.Context(data.resolve("engine"), clock, registry, Map.of()));
    UserStore users = UserStore.open(data, clock, new SecureRandom());
    new VolumeDefaults(VolumeDefaults.FILE_MODE, VolumeDefaults.DIR_MODE, 0).createVolume(dfs, VOLUME, 0);
    users.putNfsExport(VOLUME, new NfsExportRule(ClientRange.parse("127.0.0.0/8"), true, NfsSquash.NO_ROOT_SQUASH,
        NfsExportRule.DEFAULT_ANON_ID, NfsExportRule.DEFAULT_ANON_ID));
    ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    NfsServer server = new NfsServer(new NfsServer.Config(new InetSocketAddress("127.0.0.1", port), StateLimits.DEFAULT,
        XdrLimits.DEFAULT, Bytes.utf8("estuary-nfs-bench")), dfs, users, new AccessChecker(new Authorizer()), clock,
        executor, new RequestMetrics(registry, "nfs"));
    server.start();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        server.close();
        executor.shutdownNow();
        dfs.close();
      } catch (Exception e) {
        System.err.println("estuary-nfs: stopping: " + e);
      } finally {
        stopped.countDown();
      }
    }));
    System.out.println("listening on " + server.localAddress().getPort());
    System.out.flush();
    stopped.await();
  }
}
