package dev.estuary.bench.nfs;

import dev.estuary.bench.nfs.internal.NfsSession;
import dev.estuary.bench.nfs.internal.Server;
import dev.estuary.bench.nfs.internal.Servers;
import dev.estuary.bench.nfs.internal.Workloads;
import dev.estuary.bench.nfs.internal.Workloads.Measurement;
import dev.estuary.bench.support.Args;
import dev.estuary.bench.support.Machine;
import dev.estuary.nfs.internal.codec.Bytes;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The NFS benchmark of issue 11 (bench/README.md, "NFS benchmark"): our NFS server and nfs-ganesha
 * (FSAL VFS), each its own process on loopback with its data on the same disk, driven by the same load
 * client (this JVM: N NFSv4.1 clients, one session and one connection each). Workloads at scale 1:
 * sequential 1 MiB WRITE (UNSTABLE, then COMMIT) and READ of a 4 GiB file, 4 KiB random READ and WRITE
 * (100,000 each), and create / stat / readdir / remove of 10,000 and of 100,000 files in one directory.
 * Prints rates, the ratio estuary/ganesha and the server CPU per operation to stdout, progress to
 * stderr.
 */
public final class NfsBench {
  private static final long MIB = 1 << 20;
  private static final List<String> WORKLOADS = List.of("seq", "random", "meta");
  private static final List<String> TARGETS = List.of("estuary", "ganesha");

  private NfsBench() {}

  record Options(double scale, Set<String> only, List<String> targets, int sessions, Path dir,
      List<String> serverJavaOptions) {}

  /** One result line: per target its rate (ops or MiB per second) and server CPU microseconds per operation. */
  private record Row(String workload, String unit, String op, Map<String, Double> rate, Map<String, Double> seconds,
      Map<String, Double> cpuPerOp, Map<String, Double> clientCpuPerOp) {}

  /** Sizes at a scale. */
  record Sizes(long fileChunks, long randomOps, int smallDir, int largeDir) {
    static Sizes of(double scale) {
      return new Sizes(Math.max(16, Math.round(4096 * scale)), Math.max(500, Math.round(100_000 * scale)),
          (int) Math.max(100, Math.round(10_000 * scale)), (int) Math.max(1000, Math.round(100_000 * scale)));
    }
  }

  /**
   * Entry point; see bench/README.md for the flags.
   *
   * @param args the arguments
   * @throws Exception when a server cannot start or answers an error
   */
  public static void main(String[] args) throws Exception {
    Options o = parse(args);
    run(o, System.out, System.err);
  }

  static void run(Options o, PrintStream out, PrintStream err) throws Exception {
    Sizes sizes = Sizes.of(o.scale());
    Path base = Files.createTempDirectory(Files.createDirectories(o.dir()), "nfs-bench-");
    List<Servers.Running> running = new ArrayList<>();
    Thread cleanup = new Thread(() -> {
      for (Servers.Running r : running) {
        try {
          r.stop().close();
        } catch (Exception e) {
          err.println("nfs-bench: stopping " + r.server().name() + ": " + e);
        }
      }
      delete(base, err);
    });
    Runtime.getRuntime().addShutdownHook(cleanup);
    try {
      Map<String, Server> servers = new LinkedHashMap<>();
      Map<String, String> described = new LinkedHashMap<>();
      for (String t : o.targets()) {
        err.println("nfs-bench: starting " + t + " ...");
        Path d = Files.createDirectories(base.resolve(t));
        Servers.Running r = switch (t) {
          case "estuary" -> Servers.estuary(d, o.serverJavaOptions());
          case "ganesha" -> Servers.ganesha(d);
          default -> throw new IllegalArgumentException("target: " + t);
        };
        running.add(r);
        servers.put(t, r.server());
        described.put(t, r.description());
      }
      header(out, o, sizes, described);
      List<Row> rows = measure(o, sizes, servers, err);
      print(out, rows, o.targets());
    } finally {
      Runtime.getRuntime().removeShutdownHook(cleanup);
      cleanup.run();
    }
  }

  private static List<Row> measure(Options o, Sizes sizes, Map<String, Server> servers, PrintStream err)
      throws Exception {
    Workloads w = new Workloads(err, o.sessions());
    Map<String, Bytes> roots = new LinkedHashMap<>();
    for (Server s : servers.values()) {
      try (NfsSession admin = NfsSession.open(s.address(), "nfs-bench-admin-" + s.name(), 0, 0)) {
        roots.put(s.name(), Workloads.rootHandle(admin, s.exportPath()));
      }
    }
    // Untimed warm-up on every server, so that no JVM is measured while its JIT compiles the request
    // path (and ganesha's caches see the same start): every operation of the timed workloads, at up to
    // a tenth of their full-scale counts. No file is removed (the REMOVE path warms up in the first
    // timed remove): on ext4 without a journal, removals slow the creates that follow (see above).
    long warmChunks = Math.min(64, Math.max(4, sizes.fileChunks() / 4));
    long warmRandom = Math.min(10_000, sizes.randomOps());
    int warmFiles = Math.min(10_000, sizes.smallDir());
    for (Server s : servers.values()) {
      err.printf(Locale.ROOT, "nfs-bench: %s warm-up (%d MiB written and read, %,d random reads and writes, %,d files"
          + " created, stated, listed)%n", s.name(), warmChunks, warmRandom, warmFiles);
      Bytes root = roots.get(s.name());
      w.sequentialWrite(s, root, "warm.bin", warmChunks);
      w.sequentialRead(s, root, "warm.bin", warmChunks);
      w.randomRead(s, root, "warm.bin", warmChunks * MIB, warmRandom);
      w.randomWrite(s, root, "warm.bin", warmChunks * MIB, warmRandom);
      Bytes dir = mkdir(s, root, "warm");
      w.create(s, dir, "warm", warmFiles);
      w.stat(s, dir, "warm", warmFiles);
      w.readdir(s, dir, "warm", warmFiles);
    }

    List<Row> rows = new ArrayList<>();
    long size = sizes.fileChunks() * MIB;
    String sizeText = size >= (1L << 30) ? String.format(Locale.ROOT, "%.0f GiB", (double) size / (1L << 30))
        : size / MIB + " MiB";
    if (o.only().contains("seq") || o.only().contains("random")) {
      // The random workloads use the file the sequential write makes; shown only with "seq".
      Row write = row(servers, "sequential WRITE 1 MiB + COMMIT, " + sizeText, "MiB/s", "1 MiB", s -> {
        err.printf("nfs-bench: %s sequential write of %s%n", s.name(), sizeText);
        return w.sequentialWrite(s, roots.get(s.name()), "big.bin", sizes.fileChunks());
      });
      if (o.only().contains("seq")) {
        rows.add(write);
      }
    }
    if (o.only().contains("seq")) {
      rows.add(row(servers, "sequential READ 1 MiB, " + sizeText, "MiB/s", "1 MiB", s -> {
        err.printf("nfs-bench: %s sequential read of %s%n", s.name(), sizeText);
        return w.sequentialRead(s, roots.get(s.name()), "big.bin", sizes.fileChunks());
      }));
    }
    if (o.only().contains("random")) {
      rows.add(row(servers, "random READ 4 KiB in " + sizeText, "ops/s", "op", s -> {
        err.printf("nfs-bench: %s %,d random 4 KiB reads%n", s.name(), sizes.randomOps());
        return w.randomRead(s, roots.get(s.name()), "big.bin", size, sizes.randomOps());
      }));
      rows.add(row(servers, "random WRITE 4 KiB + COMMIT in " + sizeText, "ops/s", "op", s -> {
        err.printf("nfs-bench: %s %,d random 4 KiB writes%n", s.name(), sizes.randomOps());
        return w.randomWrite(s, roots.get(s.name()), "big.bin", size, sizes.randomOps());
      }));
    }
    if (o.only().contains("meta")) {
      // Both directories are created before either is emptied: on ext4 without a journal, creates
      // right after mass deletions slow down (bench/README.md, "A trap on this machine").
      Map<Integer, Map<String, Bytes>> dirs = new LinkedHashMap<>();
      Map<Integer, List<Row>> meta = new LinkedHashMap<>();
      for (int count : List.of(sizes.smallDir(), sizes.largeDir())) {
        Map<String, Bytes> perServer = new LinkedHashMap<>();
        for (Server s : servers.values()) {
          perServer.put(s.name(), mkdir(s, roots.get(s.name()), "m" + count));
        }
        dirs.put(count, perServer);
        String c = String.format(Locale.ROOT, "%,d", count);
        List<Row> lines = new ArrayList<>();
        meta.put(count, lines);
        lines.add(row(servers, "create (OPEN+CLOSE) " + c + " files", "ops/s", "op", s -> {
          err.printf("nfs-bench: %s create %s files%n", s.name(), c);
          return w.create(s, perServer.get(s.name()), c, count);
        }));
        lines.add(row(servers, "stat (LOOKUP+GETATTR) " + c + " files", "ops/s", "op", s -> {
          err.printf("nfs-bench: %s stat %s files%n", s.name(), c);
          return w.stat(s, perServer.get(s.name()), c, count);
        }));
        lines.add(row(servers, "readdir " + c + " files x " + o.sessions() + " sessions", "entries/s", "entry", s -> {
          err.printf("nfs-bench: %s readdir of %s files by each of %d sessions%n", s.name(), c, o.sessions());
          return w.readdir(s, perServer.get(s.name()), c, count);
        }));
      }
      for (Map.Entry<Integer, Map<String, Bytes>> e : dirs.entrySet()) {
        int count = e.getKey();
        String c = String.format(Locale.ROOT, "%,d", count);
        meta.get(count).add(row(servers, "remove " + c + " files", "ops/s", "op", s -> {
          err.printf("nfs-bench: %s remove %s files%n", s.name(), c);
          return w.remove(s, e.getValue().get(s.name()), c, count);
        }));
      }
      meta.values().forEach(rows::addAll);
    }
    return rows;
  }

  private static Bytes mkdir(Server s, Bytes root, String name) throws IOException {
    try (NfsSession admin = NfsSession.open(s.address(), "nfs-bench-admin-" + s.name(), 0, 0)) {
      return Workloads.mkdir(admin, root, name);
    }
  }

  @FunctionalInterface
  private interface Measure {
    Measurement on(Server s) throws Exception;
  }

  private static Row row(Map<String, Server> servers, String workload, String unit, String op, Measure m)
      throws Exception {
    Map<String, Double> rate = new LinkedHashMap<>();
    Map<String, Double> seconds = new LinkedHashMap<>();
    Map<String, Double> cpu = new LinkedHashMap<>();
    Map<String, Double> client = new LinkedHashMap<>();
    for (Server s : servers.values()) {
      Measurement r = m.on(s);
      rate.put(s.name(), r.ops() / r.seconds());
      seconds.put(s.name(), r.seconds());
      cpu.put(s.name(), r.serverCpuSeconds() * 1e6 / r.ops());
      client.put(s.name(), r.clientCpuSeconds() * 1e6 / r.ops());
    }
    return new Row(workload, unit, op, rate, seconds, cpu, client);
  }

  private static void header(PrintStream out, Options o, Sizes sizes, Map<String, String> servers) throws IOException {
    out.printf("NFS benchmark (bench/README.md, \"NFS benchmark\")%n");
    out.printf("machine: %s%n", Machine.describe());
    out.printf(Locale.ROOT, "scale %s: sequential file %d MiB; %,d random 4 KiB READs and WRITEs; directories of %,d and"
        + " %,d files%n", o.scale(), sizes.fileChunks(), sizes.randomOps(), sizes.smallDir(), sizes.largeDir());
    out.printf("load client: this JVM, %d NFSv4.1 clients (one connection, session and slot each, AUTH_SYS uid 0), "
        + "the frontend's XDR codec; untimed warm-up first; data from the page cache%n", o.sessions());
    servers.forEach((t, d) -> out.printf("%s: %s%n", t, d));
    out.printf("data under %s (one disk); CPU from /proc/<pid>/stat (10 ms ticks) per operation (1 MiB for the"
        + " sequential lines, an entry for readdir): the server's, and in parentheses the load client's%n%n", o.dir());
  }

  private static void print(PrintStream out, List<Row> rows, List<String> targets) {
    StringBuilder h = new StringBuilder(String.format(Locale.ROOT, "%-46s %-9s", "workload", "unit"));
    for (String t : targets) {
      h.append(String.format(Locale.ROOT, " %12s", t));
    }
    h.append(String.format(Locale.ROOT, " %8s   %s", "est/gan", "per server: its CPU us per op, (the client's), seconds"));
    out.println(h);
    for (Row r : rows) {
      StringBuilder l = new StringBuilder(String.format(Locale.ROOT, "%-46s %-9s", r.workload(), r.unit()));
      for (String t : targets) {
        Double v = r.rate().get(t);
        l.append(v == null ? String.format(" %12s", "-") : String.format(Locale.ROOT, " %12.1f", v));
      }
      Double e = r.rate().get("estuary");
      Double g = r.rate().get("ganesha");
      l.append(e == null || g == null || g == 0 ? String.format(" %8s", "-") : String.format(Locale.ROOT, " %7.2fx", e / g));
      l.append("  ");
      for (String t : targets) {
        l.append(String.format(Locale.ROOT, " %s %.1f us/%s (%.1f) %.2f s;", t, r.cpuPerOp().get(t), r.op(),
            r.clientCpuPerOp().get(t), r.seconds().get(t)));
      }
      out.println(l);
    }
    out.println();
    out.println("target (issue 11): estuary >= 1.2x ganesha on every line");
    if (targets.containsAll(TARGETS)) {
      long met = rows.stream().filter(r -> r.rate().get("estuary") / r.rate().get("ganesha") >= 1.2).count();
      out.printf("  %d of %d lines met%n", met, rows.size());
    }
  }

  private static void delete(Path p, PrintStream err) {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> s = Files.walk(p)) {
      s.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      err.println("nfs-bench: could not remove " + p + ": " + e);
    }
  }

  static Options parse(String[] args) {
    double scale = 1.0;
    Set<String> only = Set.copyOf(WORKLOADS);
    List<String> targets = List.of("estuary", "ganesha");
    int sessions = 4;
    Path dir = Path.of(System.getProperty("java.io.tmpdir"));
    String javaOpts = System.getenv().getOrDefault("NFS_BENCH_SERVER_JAVA_OPTS",
        "-Xms2g -Xmx2g -XX:+AlwaysPreTouch");
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      String v = i + 1 < args.length ? args[i + 1] : null;
      switch (a) {
        case "--scale" -> scale = Double.parseDouble(Args.need(a, v));
        case "--only" -> only = Set.of(Args.need(a, v).split(","));
        case "--targets" -> targets = List.of(Args.need(a, v).split(","));
        case "--sessions" -> sessions = Integer.parseInt(Args.need(a, v));
        case "--dir" -> dir = Path.of(Args.need(a, v));
        default -> throw new IllegalArgumentException("unknown argument: " + a
            + " (expected: --scale X, --only seq,random,meta, --targets estuary,ganesha, --sessions N, --dir D)");
      }
      i++;
    }
    Args.checkScale(scale);
    Args.checkClients("--sessions", sessions);
    Args.checkKnown("--targets", targets, TARGETS);
    Args.checkKnown("--only", only, WORKLOADS);
    return new Options(scale, only, targets, sessions, dir.toAbsolutePath(), List.of(javaOpts.strip().split("\\s+")));
  }
}
