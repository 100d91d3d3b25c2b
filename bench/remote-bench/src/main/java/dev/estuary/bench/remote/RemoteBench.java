package dev.estuary.bench.remote;

import dev.estuary.bench.support.Machine;
import dev.estuary.bench.support.ProcessCpu;
import dev.estuary.dfs.Attributes;
import dev.estuary.dfs.Dfs;
import dev.estuary.dfs.DfsProvider;
import dev.estuary.dfs.FileHandle;
import dev.estuary.dfs.ObjectId;
import dev.estuary.dfs.OpenMode;
import dev.estuary.dfs.Ownership;
import dev.estuary.dfs.Volume;
import dev.estuary.dfs.remote.RemoteDfs;
import dev.estuary.dfs.remote.RemoteEndpoint;
import dev.estuary.dfs.remote.RemoteOptions;
import dev.estuary.dfs.remote.ServeMain;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * dfs-remote against the engine in-process: the same calls, first on the embedded engine in this
 * JVM, then through {@link RemoteDfs} over a unix socket to a server JVM ({@link ServeMain} serving
 * the engine), the way {@code serve --backend unix:PATH} reaches {@code estuary engine}. Prints, per
 * workload, each side's figure, the ratio remote/in-process and the server JVM's CPU per unit of work.
 *
 * <p>Usage: {@code RemoteBench [--ops N] [--mib M] [--dir D] [--rounds R] [--direct-minimum N|off]}.
 */
public final class RemoteBench {
  private static final String VOLUME = "bench";
  private static final Ownership OWNER = new Ownership(1000, 1000);
  private static final int MIB = 1 << 20;

  private final int ops;
  private final int mib;
  private final int rounds;
  private final RemoteOptions options;

  private RemoteBench(int ops, int mib, int rounds, RemoteOptions options) {
    this.ops = ops;
    this.mib = mib;
    this.rounds = rounds;
    this.options = options;
  }

  /**
   * Runs the benchmark.
   *
   * @param args {@code --ops N} round trips per latency workload (default 50000), {@code --mib M}
   *     size of the sequential file (default 1024), {@code --rounds R} timed rounds, best kept
   *     (default 3), {@code --dir D} where both data directories go (default java.io.tmpdir),
   *     {@code --direct-minimum N|off} the client's {@link RemoteOptions#directMinimum()} (default
   *     64 KiB; {@code off} measures the gRPC data path)
   * @throws Exception if a side fails
   */
  public static void main(String[] args) throws Exception {
    int ops = 50_000;
    int mib = 1024;
    int rounds = 3;
    Path dir = Path.of(System.getProperty("java.io.tmpdir"));
    int directMinimum = RemoteOptions.DEFAULT_DIRECT_MINIMUM;
    for (int i = 0; i < args.length; i++) {
      String v = i + 1 < args.length ? args[i + 1] : null;
      switch (args[i]) {
        case "--ops" -> ops = positive("--ops", need("--ops", v));
        case "--mib" -> mib = positive("--mib", need("--mib", v));
        case "--rounds" -> rounds = positive("--rounds", need("--rounds", v));
        case "--dir" -> dir = Path.of(need("--dir", v));
        case "--direct-minimum" -> directMinimum = "off".equals(need("--direct-minimum", v))
            ? RemoteOptions.DIRECT_OFF : Integer.parseInt(v);
        default -> throw new IllegalArgumentException("argument: '" + args[i]
            + "' (expected: --ops N, --mib M, --rounds R, --dir D, --direct-minimum N|off)");
      }
      i++;
    }
    new RemoteBench(ops, mib, rounds, RemoteOptions.DEFAULTS.withDirectMinimum(directMinimum)).run(Files.createTempDirectory(dir, "remote-bench-"));
  }

  private static String need(String flag, @Nullable String v) {
    if (v == null) {
      throw new IllegalArgumentException(flag + ": missing value (expected: " + flag + " <value>)");
    }
    return v;
  }

  private static int positive(String flag, String v) {
    int n = Integer.parseInt(v);
    if (n < 1) {
      throw new IllegalArgumentException(flag + ": " + n + " (expected: >= 1)");
    }
    return n;
  }

  private void run(Path work) throws Exception {
    System.out.println("# dfs-remote benchmark: engine in-process vs RemoteDfs -> unix socket -> server JVM (engine)");
    System.out.println("# machine: " + Machine.describe());
    System.out.printf(Locale.ROOT, "# %d round trips per latency workload, %d MiB sequential file in 1 MiB calls,"
        + " best of %d rounds, client direct minimum %s%n", ops, mib, rounds,
        options.directMinimum() == RemoteOptions.DIRECT_OFF ? "off (gRPC data path)" : options.directMinimum());
    try {
      Map<String, Result> local;
      try (Dfs dfs = openEngine(work.resolve("local"))) {
        local = workloads(dfs, null);
      }
      Map<String, Result> remote;
      Path socket = work.resolve("engine.sock");
      Process server = startServer(work.resolve("remote"), socket, work.resolve("server.log"));
      try (Dfs dfs = RemoteDfs.connect(RemoteEndpoint.unix(socket), options)) {
        remote = workloads(dfs, server);
      } finally {
        server.destroy();
        if (!server.waitFor(30, TimeUnit.SECONDS)) {
          server.destroyForcibly();
        }
      }
      print(local, remote);
      floor(work);
    } finally {
      try (Stream<Path> s = Files.walk(work)) {
        s.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static Dfs openEngine(Path dataDir) throws IOException {
    Files.createDirectories(dataDir);
    for (DfsProvider p : ServiceLoader.load(DfsProvider.class)) {
      if (p.name().equals("engine")) {
        return p.open(new DfsProvider.Context(dataDir, Clock.systemUTC(), new SimpleMeterRegistry(), Map.of()));
      }
    }
    throw new IllegalStateException("provider: 'engine' (expected: dfs-engine on the class path)");
  }

  /** The server JVM: {@link ServeMain} on this class path, the same heap settings as this JVM. */
  private static Process startServer(Path dataDir, Path socket, Path log) throws IOException {
    Files.createDirectories(dataDir);
    return startJvm(List.of(ServeMain.class.getName(), "engine", dataDir.toString(), socket.toString()), log);
  }

  /** A JVM on this class path with the server's settings, running {@code main}; waits for "ready". */
  private static Process startJvm(List<String> main, Path log) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--enable-native-access=ALL-UNNAMED", "-Xms1g", "-Xmx1g", "-XX:+UseTransparentHugePages"));
    String extra = System.getenv("REMOTE_BENCH_SERVER_OPTS");
    if (extra != null && !extra.isBlank()) {
      cmd.addAll(Arrays.asList(extra.trim().split("\\s+")));
    }
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path")));
    cmd.addAll(main);
    Process p = new ProcessBuilder(cmd).redirectError(log.toFile()).start();
    BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    // The JVM itself may print first (a JFR recording's start): passed on to stderr.
    for (String line = out.readLine(); line != null; line = out.readLine()) {
      if (line.equals("ready")) {
        return p;
      }
      System.err.println("server JVM: " + line);
    }
    p.destroyForcibly();
    throw new IOException("server JVM: exited before printing ready; its log: " + Machine.tail(Files.readString(log)));
  }

  private Map<String, Result> workloads(Dfs dfs, @Nullable Process server) {
    dfs.createVolume(VOLUME, 0755, OWNER);
    Volume v = dfs.volume(VOLUME);
    ObjectId root = v.root();
    Attributes small = v.create(root, "small", 0644, OWNER, true);
    Map<String, Result> r = new LinkedHashMap<>();
    r.put("getAttributes", best(() -> latency(server, () -> v.getAttributes(small.id()))));
    r.put("lookup", best(() -> latency(server, () -> v.lookup(root, "small"))));
    Attributes big = v.create(root, "big", 0644, OWNER, true);
    ByteBuffer buf = ByteBuffer.allocateDirect(MIB);
    for (int i = 0; i < MIB; i++) {
      buf.put(i, (byte) (i * 31 + 7));
    }
    r.put("write 1 MiB", best(() -> throughput(server, () -> {
      try (FileHandle h = v.open(big.id(), OpenMode.WRITE)) {
        for (long off = 0; off < (long) mib * MIB; off += MIB) {
          h.write(off, buf.clear());
        }
      }
    })));
    r.put("read 1 MiB", best(() -> throughput(server, () -> {
      try (FileHandle h = v.open(big.id(), OpenMode.READ)) {
        for (long off = 0; off < (long) mib * MIB; off += MIB) {
          if (h.read(off, buf.clear()) != MIB) {
            throw new IllegalStateException("read at " + off + ": short (expected: " + MIB + " bytes)");
          }
        }
      }
    })));
    return r;
  }

  private Result best(java.util.function.Supplier<Result> round) {
    round.get(); // warm-up: JIT, connection, page cache
    Result best = null;
    for (int i = 0; i < rounds; i++) {
      Result r = round.get();
      if (best == null || r.primary() < best.primary() == r.lowerIsBetter()) {
        best = r;
      }
    }
    return best;
  }

  private Result latency(@Nullable Process server, Runnable call) {
    long[] samples = new long[ops];
    long cpu0 = serverCpu(server);
    long self0 = ProcessCpu.self();
    long t0 = System.nanoTime();
    for (int i = 0; i < ops; i++) {
      long s = System.nanoTime();
      call.run();
      samples[i] = System.nanoTime() - s;
    }
    long wall = System.nanoTime() - t0;
    long serverNs = serverCpu(server) - cpu0;
    long selfNs = ProcessCpu.self() - self0;
    Arrays.sort(samples);
    return new Result(true, samples[ops / 2] / 1000.0, samples[(int) (ops * 0.99)] / 1000.0,
        ops * 1e9 / wall, serverNs / 1000.0 / ops, selfNs / 1000.0 / ops, "us");
  }

  private Result throughput(@Nullable Process server, Runnable body) {
    long cpu0 = serverCpu(server);
    long self0 = ProcessCpu.self();
    long t0 = System.nanoTime();
    body.run();
    long wall = System.nanoTime() - t0;
    long serverNs = serverCpu(server) - cpu0;
    long selfNs = ProcessCpu.self() - self0;
    double rate = mib * 1e9 / wall;
    // CPU per MiB moved, in microseconds.
    return new Result(false, rate, Double.NaN, rate, serverNs / 1000.0 / mib, selfNs / 1000.0 / mib, "MiB/s");
  }

  /**
   * The floor under a round trip ({@link Floor}): the same-sized message to another JVM and back
   * over a bare unix socket, then as a gRPC unary call with nothing behind it.
   */
  private void floor(Path work) throws Exception {
    Process server = startJvm(List.of(Floor.class.getName(), "serve", work.toString()),
        work.resolve("floor.log"));
    Map<String, Result> r = new LinkedHashMap<>();
    try (Floor.Client c = new Floor.Client(work)) {
      r.put("unix socket, " + Floor.MESSAGE + " bytes each way (a thread blocked on each side)",
          best(() -> latency(server, c::raw)));
      r.put("gRPC unary call, " + Floor.MESSAGE + " bytes each way (Netty epoll, as dfs-remote)",
          best(() -> latency(server, c::grpc)));
    } finally {
      server.destroy();
      if (!server.waitFor(30, TimeUnit.SECONDS)) {
        server.destroyForcibly();
      }
    }
    System.out.println();
    System.out.println("The floor under a round trip: another JVM answering at once, no backend behind it");
    System.out.println();
    System.out.println("| round trip | median | p99 | server CPU per call | client CPU per call |");
    System.out.println("|---|---|---|---|---|");
    for (Map.Entry<String, Result> e : r.entrySet()) {
      Result x = e.getValue();
      System.out.printf(Locale.ROOT, "| %s | %.1f us | %.1f us | %.1f us | %.1f us |%n", e.getKey(),
          x.primary(), x.p99(), x.serverCpu(), x.clientCpu());
    }
  }

  private static long serverCpu(@Nullable Process server) {
    return server == null ? 0 : ProcessCpu.ofProcess(server.pid(), "server JVM");
  }

  private static void print(Map<String, Result> local, Map<String, Result> remote) {
    System.out.println();
    System.out.println("| workload | in-process | remote | remote/in-process | remote p99 (in-process p99)"
        + " | server CPU per op/MiB | client CPU per op/MiB (in-process) |");
    System.out.println("|---|---|---|---|---|---|---|");
    for (String k : local.keySet()) {
      Result l = local.get(k);
      Result r = remote.get(k);
      double ratio = l.lowerIsBetter() ? l.primary() / r.primary() : r.primary() / l.primary();
      System.out.printf(Locale.ROOT, "| %s | %s | %s | %.2fx | %s | %.1f us | %.1f us (%.1f us) |%n",
          k, l.show(), r.show(), ratio,
          l.lowerIsBetter() ? String.format(Locale.ROOT, "%.1f us (%.1f us)", r.p99(), l.p99()) : "-",
          r.serverCpu(), r.clientCpu(), l.clientCpu());
    }
    System.out.println();
    System.out.println("(ratio: in-process/remote for latencies, remote/in-process for throughput: 1.00x = as fast;"
        + " latency = median of one call, rate = calls/s or MiB/s)");
    Result g = remote.get("getAttributes");
    System.out.printf(Locale.ROOT, "bar: getAttributes round trip over the socket <= 50 us median: %.1f us %s%n",
        g.primary(), g.primary() <= 50 ? "met" : "NOT MET");
  }

  /** One side's figures for one workload. */
  private record Result(boolean lowerIsBetter, double primary, double p99, double rate, double serverCpu,
      double clientCpu, String unit) {
    String show() {
      return lowerIsBetter
          ? String.format(Locale.ROOT, "%.1f us (%,.0f/s)", primary, rate)
          : String.format(Locale.ROOT, "%,.0f MiB/s", primary);
    }
  }
}
