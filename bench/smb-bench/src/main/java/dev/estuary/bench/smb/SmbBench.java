package dev.estuary.bench.smb;

import dev.estuary.bench.smb.internal.Measurement;
import dev.estuary.bench.smb.internal.Server;
import dev.estuary.bench.smb.internal.Servers;
import dev.estuary.bench.smb.internal.SmallFiles;
import dev.estuary.bench.smb.internal.Smbclient;
import dev.estuary.bench.smb.internal.Torture;
import dev.estuary.bench.support.Args;
import dev.estuary.bench.support.Machine;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * The SMB benchmark of issue 12 (bench/README.md, "SMB benchmark"): our SMB server and Samba, each its own
 * process on loopback with its data on the same disk, driven by the same clients in one run: smbclient
 * put and get of a 2 GiB file plain, signed and sealed; 10,000 small files created, stated and deleted
 * through smbj; and smbtorture's {@code smb2.bench.*} tests. Prints rates, the ratio estuary/samba and
 * each server's CPU time per GiB or per operation to stdout, progress to stderr.
 */
public final class SmbBench {
  private static final long MIB = 1 << 20;
  private static final List<String> WORKLOADS = List.of("transfer", "small", "torture");
  private static final List<String> TARGETS = List.of("estuary", "samba");
  /** smbtorture's benchmark tests (Samba 4.17 has these three in smb2.bench). */
  static final List<String> TORTURE_TESTS = List.of("smb2.bench.echo", "smb2.bench.oplock1",
      "smb2.bench.path-contention-shared");

  private SmbBench() {}

  record Options(double scale, Set<String> only, List<String> targets, int sessions, Path dir,
      List<String> serverJavaOptions) {}

  /** Sizes at a scale. */
  record Sizes(long transferMib, int files, int tortureSeconds) {
    static Sizes of(double scale) {
      return new Sizes(Math.max(16, Math.round(2048 * scale)), (int) Math.max(100, Math.round(10_000 * scale)),
          (int) Math.max(1, Math.round(10 * scale)));
    }
  }

  /** One result line. */
  private record Row(String workload, String unit, String cpuUnit, double cpuScale, String target,
      Map<String, Measurement> by) {}

  /**
   * Entry point; see bench/README.md for the flags.
   *
   * @param args the arguments
   * @throws Exception when a server cannot start or a client fails
   */
  public static void main(String[] args) throws Exception {
    run(parse(args), System.out, System.err);
  }

  static void run(Options o, PrintStream out, PrintStream err) throws Exception {
    Sizes sizes = Sizes.of(o.scale());
    Path base = Files.createTempDirectory(Files.createDirectories(o.dir()), "smb-bench-");
    List<Servers.Running> running = new ArrayList<>();
    Thread cleanup = new Thread(() -> {
      stopAll(running, err);
      delete(base, err);
    });
    Runtime.getRuntime().addShutdownHook(cleanup);
    try {
      Path client = Files.createDirectories(base.resolve("client"));
      Smbclient smbclient = new Smbclient(client);
      Torture torture = new Torture(smbclient, client);
      header(out, o, sizes);
      List<Row> rows = new ArrayList<>();
      Path source = client.resolve("source.bin");
      Path warm = client.resolve("warm.bin");
      long sourceCrc = 0;
      if (o.only().contains("transfer")) {
        err.printf(Locale.ROOT, "smb-bench: writing the %d MiB source file%n", sizes.transferMib());
        sourceCrc = randomFile(source, sizes.transferMib());
        // An eighth of the transfer, 16-256 MiB: our JVM compiles the data path while it runs.
        randomFile(warm, Math.max(16, Math.min(256, sizes.transferMib() / 8)));
        // Plain: neither server requires signing and smbclient asks for none.
        Map<String, Server> servers = start(o, base, false, running, out, err);
        transfers(rows, servers, smbclient, "plain", "off", source, sourceCrc, warm, client, sizes, err);
        stopAll(running, err);
      }
      Map<String, Server> servers = start(o, base, true, running, out, err);
      if (o.only().contains("transfer")) {
        transfers(rows, servers, smbclient, "signed", "sign", source, sourceCrc, warm, client, sizes, err);
        transfers(rows, servers, smbclient, "sealed", "encrypt", source, sourceCrc, warm, client, sizes, err);
        Files.deleteIfExists(source);
        Files.deleteIfExists(warm);
      }
      if (o.only().contains("small")) {
        smallFiles(rows, servers, o.sessions(), sizes.files(), err);
      }
      if (o.only().contains("torture")) {
        for (String test : TORTURE_TESTS) {
          rows.add(row(servers, test + " (4 connections, " + sizes.tortureSeconds() + " s)", "ops/s", "us/op", 1e3,
              "info", s -> {
                err.printf("smb-bench: %s %s for %d s%n", s.name(), test, sizes.tortureSeconds());
                return torture.run(s, test, sizes.tortureSeconds());
              }));
        }
      }
      print(out, rows, o.targets());
    } finally {
      Runtime.getRuntime().removeShutdownHook(cleanup);
      cleanup.run();
    }
  }

  private static Map<String, Server> start(Options o, Path base, boolean signing, List<Servers.Running> running,
      PrintStream out, PrintStream err) throws Exception {
    Map<String, Server> servers = new LinkedHashMap<>();
    for (String t : o.targets()) {
      err.printf("smb-bench: starting %s (signing %s) ...%n", t, signing ? "required" : "not required");
      Servers.Running r = switch (t) {
        case "estuary" -> Servers.estuary(Files.createDirectories(base.resolve("estuary")), o.serverJavaOptions(),
            signing);
        case "samba" -> Servers.samba(Files.createDirectories(base.resolve(signing ? "samba-signing" : "samba")),
            signing);
        default -> throw new IllegalArgumentException("target: " + t);
      };
      running.add(r);
      servers.put(t, r.server());
      out.printf("%s: %s%n", t, r.description());
    }
    return servers;
  }

  private static void transfers(List<Row> rows, Map<String, Server> servers, Smbclient smbclient, String mode,
      String protection, Path source, long sourceCrc, Path warm, Path client, Sizes sizes, PrintStream err)
      throws Exception {
    Path copy = client.resolve("copy.bin");
    for (Server s : servers.values()) {
      // Untimed warm-up: our JVM compiles the data path, both servers' caches see the same start.
      err.printf("smb-bench: %s %s warm-up (put and get of %s)%n", s.name(), mode, sizeText(Files.size(warm)));
      smbclient.put(s, protection, warm, "warm.bin");
      smbclient.get(s, protection, "warm.bin", copy, Files.size(warm));
      smbclient.delete(s, protection, "warm.bin");
    }
    String size = sizeText(sizes.transferMib() * MIB);
    rows.add(row(servers, "smbclient put " + size + ", " + mode, "MiB/s", "s/GiB", 1.0 / 1024, "transfer", s -> {
      err.printf("smb-bench: %s %s put of %s%n", s.name(), mode, size);
      return smbclient.put(s, protection, source, "big.bin");
    }));
    rows.add(row(servers, "smbclient get " + size + ", " + mode, "MiB/s", "s/GiB", 1.0 / 1024, "transfer", s -> {
      err.printf("smb-bench: %s %s get of %s%n", s.name(), mode, size);
      Measurement m = smbclient.get(s, protection, "big.bin", copy, Files.size(source));
      long crc = crc(copy);
      if (crc != sourceCrc) {
        throw new IOException(s.name() + ": the file got back differs from the one put (CRC-32C " + Long.toHexString(crc)
            + ", expected: " + Long.toHexString(sourceCrc) + ")");
      }
      Files.delete(copy);
      smbclient.delete(s, protection, "big.bin");
      return m;
    }));
  }

  private static void smallFiles(List<Row> rows, Map<String, Server> servers, int sessions, int files,
      PrintStream err) throws Exception {
    Map<String, SmallFiles> clients = new LinkedHashMap<>();
    try {
      int warmFiles = Math.min(1000, files);
      for (Server s : servers.values()) {
        SmallFiles c = new SmallFiles(s, sessions);
        clients.put(s.name(), c);
        err.printf(Locale.ROOT, "smb-bench: %s small-file warm-up (%,d files)%n", s.name(), warmFiles);
        c.mkdir("warm");
        c.create("warm", warmFiles);
        c.stat("warm", warmFiles);
        c.delete("warm", warmFiles);
        c.rmdir("warm");
        c.mkdir("small");
      }
      String n = String.format(Locale.ROOT, "%,d", files);
      String who = " x " + sessions + " smbj";
      rows.add(row(servers, "create+write 4 KiB+close " + n + who, "ops/s", "us/op", 1e3, "metadata", s -> {
        err.printf("smb-bench: %s create %s files%n", s.name(), n);
        return clients.get(s.name()).create("small", files);
      }));
      rows.add(row(servers, "stat (open+query+close) " + n + who, "ops/s", "us/op", 1e3, "metadata", s -> {
        err.printf("smb-bench: %s stat %s files%n", s.name(), n);
        return clients.get(s.name()).stat("small", files);
      }));
      rows.add(row(servers, "delete (open+close) " + n + who, "ops/s", "us/op", 1e3, "metadata", s -> {
        err.printf("smb-bench: %s delete %s files%n", s.name(), n);
        return clients.get(s.name()).delete("small", files);
      }));
      for (SmallFiles c : clients.values()) {
        c.rmdir("small");
      }
    } finally {
      for (SmallFiles c : clients.values()) {
        c.close();
      }
    }
  }

  @FunctionalInterface
  private interface Measure {
    Measurement on(Server s) throws Exception;
  }

  private static Row row(Map<String, Server> servers, String workload, String unit, String cpuUnit, double cpuScale,
      String target, Measure m) throws Exception {
    Map<String, Measurement> by = new LinkedHashMap<>();
    for (Server s : servers.values()) {
      by.put(s.name(), m.on(s));
    }
    return new Row(workload, unit, cpuUnit, cpuScale, target, by);
  }

  private static void header(PrintStream out, Options o, Sizes sizes) throws IOException {
    out.printf("SMB benchmark (bench/README.md, \"SMB benchmark\")%n");
    out.printf("machine: %s%n", Machine.describe());
    out.printf(Locale.ROOT, "scale %s: transfers of %d MiB; %,d small files; smbtorture tests for %d s each%n",
        o.scale(), sizes.transferMib(), sizes.files(), sizes.tortureSeconds());
    out.printf("clients: smbclient %s (one process per transfer, --client-protection=off|sign|encrypt), smbj 0.14.0 in"
        + " this JVM (%d connections, signed sessions), smbtorture %s; untimed warm-ups first%n",
        Machine.packageVersion("smbclient"), o.sessions(), Machine.packageVersion("samba-testsuite"));
    out.printf("data under %s (one disk); CPU from /proc/<pid>/stat (10 ms ticks; smbd with its per-connection"
        + " children): the server's per GiB or per operation, in parentheses the clients'%n", o.dir());
  }

  private static void print(PrintStream out, List<Row> rows, List<String> targets) {
    out.println();
    StringBuilder h = new StringBuilder(String.format(Locale.ROOT, "%-58s %-6s", "workload", "unit"));
    for (String t : targets) {
      h.append(String.format(Locale.ROOT, " %10s", t));
    }
    h.append(String.format(Locale.ROOT, " %9s   %s", "est/samba", "per server: its CPU per GiB or op, (the clients'),"
        + " seconds"));
    out.println(h);
    for (Row r : rows) {
      StringBuilder l = new StringBuilder(String.format(Locale.ROOT, "%-58s %-6s", r.workload(), r.unit()));
      for (String t : targets) {
        Measurement m = r.by().get(t);
        l.append(m.failure() != null ? String.format(" %10s", "failed")
            : String.format(Locale.ROOT, " %10.1f", m.units() / m.seconds()));
      }
      l.append(ratio(r).map(x -> String.format(Locale.ROOT, " %8.2fx", x)).orElse(String.format(" %9s", "-")));
      l.append("  ");
      for (String t : targets) {
        Measurement m = r.by().get(t);
        if (m.failure() != null) {
          l.append(" ").append(t).append(" failed: ").append(m.failure()).append(";");
          continue;
        }
        // cpuScale turns seconds per unit into the printed unit: MiB -> GiB (x 1024 = / (1/1024)), op -> us.
        double perUnit = r.cpuUnit().equals("s/GiB") ? 1024.0 / m.units() / 1e9 : 1e6 / m.units() / 1e9;
        l.append(String.format(Locale.ROOT, " %s %.2f %s (%.2f) %.2f s;", t, m.serverCpuNanos() * perUnit,
            r.cpuUnit(), m.clientCpuNanos() * perUnit, m.seconds()));
      }
      out.println(l);
    }
    out.println();
    if (targets.containsAll(TARGETS)) {
      target(out, rows, "transfer", 1.0, "throughput plain, signed and sealed");
      target(out, rows, "metadata", 1.5, "small-file metadata");
      out.println("target (issue 12): none for the smbtorture lines (shown for information)");
    }
  }

  private static void target(PrintStream out, List<Row> rows, String kind, double bar, String what) {
    List<Row> of = rows.stream().filter(r -> r.target().equals(kind)).toList();
    if (of.isEmpty()) {
      return;
    }
    List<String> below = new ArrayList<>();
    for (Row r : of) {
      double x = ratio(r).orElse(0.0);
      if (x < bar) {
        below.add(String.format(Locale.ROOT, "%s %.2fx", r.workload(), x));
      }
    }
    out.printf(Locale.ROOT, "target (issue 12): estuary >= %.1fx samba, %s: %d of %d lines met%s%n", bar, what,
        of.size() - below.size(), of.size(), below.isEmpty() ? "" : " (below: " + String.join("; ", below) + ")");
  }

  private static java.util.Optional<Double> ratio(Row r) {
    Measurement e = r.by().get("estuary");
    Measurement s = r.by().get("samba");
    if (e == null || s == null || e.failure() != null || s.failure() != null || s.units() == 0) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of((e.units() / e.seconds()) / (s.units() / s.seconds()));
  }

  private static String sizeText(long bytes) {
    return bytes >= (1L << 30) && bytes % (1L << 30) == 0 ? bytes / (1L << 30) + " GiB" : bytes / MIB + " MiB";
  }

  /** Writes {@code mib} MiB of pseudo-random bytes (no server can win on zeros) and returns their CRC-32C. */
  private static long randomFile(Path file, long mib) throws IOException {
    SplittableRandom random = new SplittableRandom(mib);
    ByteBuffer b = ByteBuffer.allocate((int) MIB);
    CRC32C crc = new CRC32C();
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
        StandardOpenOption.WRITE)) {
      for (long i = 0; i < mib; i++) {
        b.clear();
        while (b.hasRemaining()) {
          b.putLong(random.nextLong());
        }
        b.flip();
        crc.update(b.array(), 0, b.limit());
        while (b.hasRemaining()) {
          ch.write(b);
        }
      }
    }
    return crc.getValue();
  }

  private static long crc(Path file) throws IOException {
    CRC32C crc = new CRC32C();
    ByteBuffer b = ByteBuffer.allocateDirect((int) MIB);
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      while (ch.read(b) >= 0) {
        b.flip();
        crc.update(b);
        b.clear();
      }
    }
    return crc.getValue();
  }

  private static void stopAll(List<Servers.Running> running, PrintStream err) {
    for (Servers.Running r : running) {
      try {
        r.stop().close();
      } catch (Exception e) {
        err.println("smb-bench: stopping " + r.server().name() + ": " + e);
      }
    }
    running.clear();
  }

  private static void delete(Path p, PrintStream err) {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> s = Files.walk(p)) {
      s.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      err.println("smb-bench: could not remove " + p + ": " + e);
    }
  }

  static Options parse(String[] args) {
    double scale = 1.0;
    Set<String> only = Set.copyOf(WORKLOADS);
    List<String> targets = List.of("estuary", "samba");
    int sessions = 4;
    Path dir = Path.of(System.getProperty("java.io.tmpdir"));
    String javaOpts = System.getenv().getOrDefault("SMB_BENCH_SERVER_JAVA_OPTS", "-Xms2g -Xmx2g -XX:+AlwaysPreTouch");
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
            + " (expected: --scale X, --only transfer,small,torture, --targets estuary,samba, --sessions N, --dir D)");
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
