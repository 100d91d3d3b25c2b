package dev.estuary.bench.s3;

import dev.estuary.bench.s3.internal.Endpoint;
import dev.estuary.bench.s3.internal.Peers;
import dev.estuary.bench.s3.internal.ServerProcess;
import dev.estuary.bench.s3.internal.Workloads;
import dev.estuary.bench.support.Args;
import dev.estuary.bench.support.Machine;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The S3 benchmark of issue 3 (bench/README.md, "S3 benchmark"): our frontend ({@code ./estuary
 * serve}), s3proxy 4.1.0 (filesystem backend) and, for the large GET, nginx, each its own process
 * on loopback with its data on the same disk, driven by one load generator (this JVM, plain
 * keep-alive HTTP/1.1 with SigV4 UNSIGNED-PAYLOAD). Workloads at scale 1: one 1 GiB object PUT
 * and GET; 4 KiB objects PUT then GET with 16 connections; ListObjectsV2 of 100,000 keys. Prints
 * rates, ratios and the bars to stdout, progress to stderr.
 */
public final class S3Bench {
  private static final String ACCESS_KEY = "benchaccesskey0001";
  private static final String SECRET_KEY = "benchsecretkey0001benchsecretkey0001";
  private static final String BUCKET = "bench";
  private static final long MIB = 1 << 20;

  private S3Bench() {}

  private record Options(double scale, Set<String> only, List<String> targets, List<String> variants,
      int connections, Path dir, Path repo, Path s3proxyJar, Path nginx, String serverJavaOpts) {}

  /** One result row: a rate per target (higher is better) and the server CPU per unit of work. */
  private record Row(String workload, String unit, Map<String, Double> rate, Map<String, Double> cpu, String cpuUnit) {}

  /** Entry point; see bench/README.md for the flags. */
  public static void main(String[] args) throws Exception {
    Options o = parse(args);
    PrintStream out = System.out;
    PrintStream err = System.err;
    long large = Math.max(MIB, Math.round(o.scale() * 1024) * MIB);
    int small = Math.max(100, (int) Math.round(o.scale() * 40_000));
    int listed = Math.max(1000, (int) Math.round(o.scale() * 100_000));
    header(out, o, large, small, listed);

    Path base = Files.createTempDirectory(Files.createDirectories(o.dir()), "s3-bench-");
    List<ServerProcess> running = new ArrayList<>();
    Thread cleanup = new Thread(() -> {
      running.forEach(ServerProcess::close);
      delete(base);
    });
    Runtime.getRuntime().addShutdownHook(cleanup);

    Clock clock = Clock.systemUTC();
    Workloads w = new Workloads(err);
    Map<String, Endpoint> eps = new LinkedHashMap<>();
    Map<String, ServerProcess> procs = new LinkedHashMap<>();
    byte[] block = new byte[(int) MIB];
    new Random(2026).nextBytes(block);
    Path www = Files.createDirectories(base.resolve("nginx/www/" + BUCKET));

    for (String t : o.targets()) {
      int port = ServerProcess.freePort();
      err.println("s3-bench: starting " + t + " on 127.0.0.1:" + port + " ...");
      Path d = Files.createDirectories(base.resolve(t));
      ServerProcess p = switch (t) {
        case "estuary" -> Peers.estuary(o.repo(), d.resolve("data"), port, ACCESS_KEY, SECRET_KEY, o.serverJavaOpts());
        case "node" -> Peers.estuaryNode(o.repo(), d.resolve("data"), port, ACCESS_KEY, SECRET_KEY, o.serverJavaOpts());
        case "s3proxy" -> Peers.s3proxy(Path.of(System.getProperty("java.home"), "bin", "java"), o.s3proxyJar(), d, port,
            ACCESS_KEY, SECRET_KEY, "-XX:+UseTransparentHugePages " + o.serverJavaOpts());
        case "nginx" -> Peers.nginx(o.nginx(), d, www.getParent(), port);
        default -> throw new IllegalArgumentException("target: " + t);
      };
      running.add(p);
      procs.put(t, p);
      Endpoint e = new Endpoint(t, port, BUCKET, ACCESS_KEY, SECRET_KEY, clock);
      eps.put(t, e);
      if (!t.equals("nginx")) {
        awaitS3(w, e, p);
      }
    }

    List<Row> rows = new ArrayList<>();
    List<String> s3 = o.targets().stream().filter(t -> !t.equals("nginx")).toList();
    // Untimed warm-up, so that no JVM is measured while its JIT compiles the request path.
    int warm = (int) Math.min(2000, Math.max(200, o.scale() * 20_000));
    for (String t : s3) {
      Endpoint e = eps.get(t);
      err.printf("s3-bench: %s warm-up (%d small PUT+GET, one %d MiB PUT+GET)%n", t, warm, Math.min(large, 64 * MIB) / MIB);
      byte[] body = Arrays.copyOf(block, 4096);
      w.parallel(e, "warm-up PUT", warm, o.connections(), w.smallPut(e, "warm/o", body));
      w.parallel(e, "warm-up GET", warm, o.connections(), w.smallGet(e, "warm/o", body.length));
      w.largePut(e, "warm.bin", Math.min(large, 64 * MIB), block);
      w.largeGet(e, e.path("warm.bin"), Math.min(large, 64 * MIB));
    }
    if (o.only().contains("large")) {
      rows.addAll(large(w, o.targets(), eps, procs, www, large, block, ""));
    }
    if (o.only().contains("small")) {
      rows.addAll(small(o, w, s3, eps, procs, small, block, ""));
    }
    // The same large and small workloads on a bucket with one setting on (estuary only; their
    // rows beside the plain ones show what the setting costs in this run).
    for (String variant : o.variants()) {
      Endpoint plain = eps.get("estuary");
      Endpoint e = new Endpoint("estuary", plain.port(), BUCKET + "-" + variant, ACCESS_KEY, SECRET_KEY, clock);
      w.createBucket(e);
      switch (variant) {
        case "versioning" -> w.configureBucket(e, "versioning",
            "<VersioningConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
                + "<Status>Enabled</Status></VersioningConfiguration>");
        case "sse" -> w.configureBucket(e, "encryption",
            "<ServerSideEncryptionConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Rule>"
                + "<ApplyServerSideEncryptionByDefault><SSEAlgorithm>AES256</SSEAlgorithm>"
                + "</ApplyServerSideEncryptionByDefault></Rule></ServerSideEncryptionConfiguration>");
        default -> throw new IllegalArgumentException("variant: " + variant);
      }
      Map<String, Endpoint> one = Map.of("estuary", e);
      String label = " +" + (variant.equals("sse") ? "SSE-S3" : variant);
      err.printf("s3-bench: estuary, bucket %s (%s)%n", e.bucket(), label.substring(2));
      if (o.only().contains("large")) {
        rows.addAll(large(w, List.of("estuary"), one, procs, www, large, block, label));
      }
      if (o.only().contains("small")) {
        rows.addAll(small(o, w, List.of("estuary"), one, procs, small, block, label));
      }
    }
    if (o.only().contains("list")) {
      Map<String, Double> rate = new LinkedHashMap<>();
      Map<String, Double> cpu = new LinkedHashMap<>();
      for (String t : s3) {
        Endpoint e = eps.get(t);
        ServerProcess p = procs.get(t);
        err.printf("s3-bench: %s creating %d empty objects for the listing (not timed)%n", t, listed);
        w.parallel(e, "list setup", listed, o.connections(), w.smallPut(e, "list/k", new byte[0]));
        double best = Double.MAX_VALUE;
        Duration c0 = p.cpu();
        for (int round = 0; round < 3; round++) {
          err.printf("s3-bench: %s ListObjectsV2 round %d%n", t, round + 1);
          best = Math.min(best, w.listAll(e, "list/", listed));
        }
        rate.put(t, listed / best);
        cpu.put(t, secs(p.cpu().minus(c0)) * 1e6 / (3.0 * listed));
      }
      rows.add(new Row("ListObjectsV2 " + listed + " keys", "keys/s", rate, cpu, "CPU us/key"));
    }
    print(out, rows, o.targets());
    out.printf("load average at end (1, 5, 15 min): %s%n", loadAverage());

    Runtime.getRuntime().removeShutdownHook(cleanup);
    cleanup.run();
  }

  /** The large PUT (best of 2) and GET (best of 3) rows; nginx only serves the same bytes as a file. */
  private static List<Row> large(Workloads w, List<String> targets, Map<String, Endpoint> eps,
      Map<String, ServerProcess> procs, Path www, long large, byte[] block, String label) throws IOException {
    Map<String, Double> putRate = new LinkedHashMap<>();
    Map<String, Double> putCpu = new LinkedHashMap<>();
    Map<String, Double> getRate = new LinkedHashMap<>();
    Map<String, Double> getCpu = new LinkedHashMap<>();
    double gib = (double) large / (1L << 30);
    PrintStream err = System.err;
    for (String t : targets) {
      Endpoint e = eps.get(t);
      ServerProcess p = procs.get(t);
      String path;
      if (t.equals("nginx")) {
        writeFile(www.resolve("large.bin"), large, block);
        path = e.path("large.bin");
      } else {
        double best = Double.MAX_VALUE;
        Duration c0 = p.cpu();
        for (int round = 0; round < 2; round++) {
          err.printf("s3-bench: %s%s large PUT round %d%n", t, label, round + 1);
          best = Math.min(best, w.largePut(e, "large.bin", large, block));
        }
        putRate.put(t, large / MIB / best);
        putCpu.put(t, secs(p.cpu().minus(c0)) / (2 * gib));
        path = e.path("large.bin");
      }
      double best = Double.MAX_VALUE;
      Duration c0 = p.cpu();
      for (int round = 0; round < 3; round++) {
        err.printf("s3-bench: %s%s large GET round %d%n", t, label, round + 1);
        best = Math.min(best, w.largeGet(e, path, large));
      }
      getRate.put(t, large / MIB / best);
      getCpu.put(t, secs(p.cpu().minus(c0)) / (3 * gib));
    }
    String size = large >= (1L << 30) ? String.format(Locale.ROOT, "%.0f GiB", gib) : large / MIB + " MiB";
    return List.of(new Row("large PUT (" + size + ")" + label, "MiB/s", putRate, putCpu, "CPU s/GiB"),
        new Row("large GET (" + size + ")" + label, "MiB/s", getRate, getCpu, "CPU s/GiB"));
  }

  /** The 4 KiB PUT and GET rows. */
  private static List<Row> small(Options o, Workloads w, List<String> targets, Map<String, Endpoint> eps,
      Map<String, ServerProcess> procs, int small, byte[] block, String label) throws IOException {
    byte[] body = Arrays.copyOf(block, 4096);
    Map<String, Double> putRate = new LinkedHashMap<>();
    Map<String, Double> putCpu = new LinkedHashMap<>();
    Map<String, Double> getRate = new LinkedHashMap<>();
    Map<String, Double> getCpu = new LinkedHashMap<>();
    PrintStream err = System.err;
    for (String t : targets) {
      Endpoint e = eps.get(t);
      ServerProcess p = procs.get(t);
      err.printf("s3-bench: %s%s small PUT x %d%n", t, label, small);
      Duration c0 = p.cpu();
      double s = w.parallel(e, "small PUT", small, o.connections(), w.smallPut(e, "small/o", body));
      putRate.put(t, small / s);
      putCpu.put(t, secs(p.cpu().minus(c0)) * 1e6 / small);
      err.printf("s3-bench: %s%s small GET x %d%n", t, label, small);
      c0 = p.cpu();
      s = w.parallel(e, "small GET", small, o.connections(), w.smallGet(e, "small/o", body.length));
      getRate.put(t, small / s);
      getCpu.put(t, secs(p.cpu().minus(c0)) * 1e6 / small);
    }
    return List.of(new Row("4 KiB PUT, " + o.connections() + " conns" + label, "ops/s", putRate, putCpu, "CPU us/op"),
        new Row("4 KiB GET, " + o.connections() + " conns" + label, "ops/s", getRate, getCpu, "CPU us/op"));
  }

  private static void awaitS3(Workloads w, Endpoint e, ServerProcess p) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (true) {
      try {
        w.createBucket(e);
        return;
      } catch (IOException ex) {
        if (System.nanoTime() > deadline || !p.isAlive()) {
          throw new IOException(e.name() + " is not ready: " + ex.getMessage() + "\n" + p.tail(), ex);
        }
        Thread.sleep(500);
      }
    }
  }

  private static void writeFile(Path f, long size, byte[] block) throws IOException {
    try (OutputStream os = Files.newOutputStream(f)) {
      for (long left = size; left > 0; left -= block.length) {
        os.write(block, 0, (int) Math.min(left, block.length));
      }
    }
  }

  /** The first three fields of /proc/loadavg at the end (the machine line has them at the start). */
  private static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return f[0] + ", " + f[1] + ", " + f[2];
    } catch (IOException | RuntimeException e) {
      return "unknown (" + e.getMessage() + ")";
    }
  }

  private static double secs(Duration d) {
    return d.toNanos() / 1e9;
  }

  private static void header(PrintStream out, Options o, long large, int small, int listed) throws IOException {
    out.printf("S3 benchmark (bench/README.md, \"S3 benchmark\")%n");
    out.printf("machine: %s%n", Machine.describe());
    out.printf("scale %s: large object %d MiB; %d small objects of 4 KiB over %d connections; listing %d keys%n",
        o.scale(), large / MIB, small, o.connections(), listed);
    out.printf("targets: %s (each its own process on 127.0.0.1; data under %s)%n", String.join(", ", o.targets()), o.dir());
    out.printf("load generator: this JVM, keep-alive HTTP/1.1 sockets, SigV4 with UNSIGNED-PAYLOAD; "
        + "untimed warm-up first; best of 2 large PUTs, best of 3 large GETs and listings; data from page cache%n%n");
  }

  private static void print(PrintStream out, List<Row> rows, List<String> targets) {
    StringBuilder h = new StringBuilder(String.format("%-34s %-7s", "workload", "unit"));
    for (String t : targets) {
      h.append(String.format(" %12s", t));
    }
    h.append(String.format(" %10s %10s %10s   %s", "est/s3p", "est/nginx", "node/est", "server CPU"));
    out.println(h);
    for (Row r : rows) {
      StringBuilder l = new StringBuilder(String.format("%-34s %-7s", r.workload(), r.unit()));
      for (String t : targets) {
        Double v = r.rate().get(t);
        l.append(v == null ? String.format(" %12s", "-") : String.format(Locale.ROOT, " %12.1f", v));
      }
      l.append(ratio(r, "estuary", "s3proxy")).append(ratio(r, "estuary", "nginx")).append(ratio(r, "node", "estuary"));
      l.append("   ").append(r.cpuUnit()).append(":");
      r.cpu().forEach((t, c) -> l.append(String.format(Locale.ROOT, " %s %.2f", t, c)));
      out.println(l);
    }
    out.println();
    out.println("bars (issue 3):");
    bar(out, rows, "large GET", "nginx", 0.8);
    bar(out, rows, "large GET", "s3proxy", 1.5);
    bar(out, rows, "large PUT", "s3proxy", 1.5);
    bar(out, rows, "4 KiB PUT", "s3proxy", 2.0);
    bar(out, rows, "4 KiB GET", "s3proxy", 2.0);
    bar(out, rows, "ListObjectsV2", "s3proxy", 2.0);
    if (targets.contains("node") && targets.contains("estuary")) {
      // Issue 13: node mode (serve --backend unix: -> estuary engine) against the all-in-one server.
      out.println("bars (issue 13, node/estuary):");
      nodeBar(out, rows, "large GET", 0.9);
      nodeBar(out, rows, "large PUT", 0.9);
      nodeBar(out, rows, "4 KiB GET", 0.7);
    }
  }

  private static void nodeBar(PrintStream out, List<Row> rows, String workload, double target) {
    for (Row r : rows) {
      if (r.workload().startsWith(workload) && !r.workload().contains(" +")) {
        Double x = r.rate().get("node");
        Double y = r.rate().get("estuary");
        if (x == null || y == null) {
          out.printf("  %-14s >= %.1fx estuary: not measured%n", workload, target);
        } else {
          out.printf(Locale.ROOT, "  %-14s >= %.1fx estuary: %.2fx %s%n", workload, target, x / y,
              x / y >= target ? "met" : "NOT MET");
        }
      }
    }
  }

  private static String ratio(Row r, String a, String b) {
    Double x = r.rate().get(a);
    Double y = r.rate().get(b);
    return x == null || y == null || y == 0 ? String.format(" %10s", "-") : String.format(Locale.ROOT, " %9.2fx", x / y);
  }

  private static void bar(PrintStream out, List<Row> rows, String workload, String peer, double target) {
    for (Row r : rows) {
      if (r.workload().startsWith(workload) && !r.workload().contains(" +")) {
        Double x = r.rate().get("estuary");
        Double y = r.rate().get(peer);
        if (x == null || y == null) {
          out.printf("  %-14s >= %.1fx %-7s: not measured%n", workload, target, peer);
        } else {
          double q = x / y;
          out.printf(Locale.ROOT, "  %-14s >= %.1fx %-7s: %.2fx %s%n", workload, target, peer, q, q >= target ? "met" : "NOT MET");
        }
      }
    }
  }

  private static void delete(Path p) {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> s = Files.walk(p)) {
      s.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      System.err.println("s3-bench: could not remove " + p + ": " + e);
    }
  }

  private static Options parse(String[] args) {
    double scale = 1.0;
    Set<String> only = Set.of("large", "small", "list");
    List<String> targets = List.of("estuary", "s3proxy", "nginx");
    List<String> variants = List.of();
    int connections = 16;
    Path dir = Path.of(System.getProperty("java.io.tmpdir"));
    Path repo = Path.of(".");
    Path jar = null;
    Path nginx = Path.of("/usr/sbin/nginx");
    String javaOpts = System.getenv().getOrDefault("S3_BENCH_SERVER_JAVA_OPTS", "");
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      String v = i + 1 < args.length ? args[i + 1] : null;
      switch (a) {
        case "--scale" -> scale = Double.parseDouble(Args.need(a, v));
        case "--only" -> only = Set.of(Args.need(a, v).split(","));
        case "--targets" -> targets = List.of(Args.need(a, v).split(","));
        case "--variants" -> variants = List.of(Args.need(a, v).split(","));
        case "--connections" -> connections = Integer.parseInt(Args.need(a, v));
        case "--dir" -> dir = Path.of(Args.need(a, v));
        case "--repo" -> repo = Path.of(Args.need(a, v));
        case "--s3proxy-jar" -> jar = Path.of(Args.need(a, v));
        case "--nginx" -> nginx = Path.of(Args.need(a, v));
        default -> throw new IllegalArgumentException("unknown argument: " + a
            + " (expected: --scale X, --only large,small,list, --targets estuary,node,s3proxy,nginx, --variants versioning,sse, --connections N, --dir D)");
      }
      i++;
    }
    Args.checkScale(scale);
    Args.checkClients("--connections", connections);
    Args.checkKnown("--targets", targets, List.of("estuary", "node", "s3proxy", "nginx"));
    Args.checkKnown("--only", only, List.of("large", "small", "list"));
    Args.checkKnown("--variants", variants, List.of("versioning", "sse"));
    if (!variants.isEmpty() && !targets.contains("estuary")) {
      throw new IllegalArgumentException("--variants " + String.join(",", variants)
          + ": the variants run on estuary only (expected: estuary among --targets)");
    }
    if (targets.contains("s3proxy") && jar == null) {
      throw new IllegalArgumentException("--s3proxy-jar is required with target s3proxy (bench/s3-bench/run sets it)");
    }
    return new Options(scale, only, targets, variants, connections, dir, repo.toAbsolutePath(), jar, nginx, javaOpts);
  }
}
