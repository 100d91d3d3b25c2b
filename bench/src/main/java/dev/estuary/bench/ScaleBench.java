package dev.estuary.bench;

import dev.estuary.bench.internal.Machine;
import dev.estuary.bench.internal.ScaleEngine;
import dev.estuary.bench.internal.Trees;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The scale benchmark of issue 10: one volume of 10,000 directories of 1,000 empty files plus one
 * directory of 1,000,000 (at {@code --scale 1.0}: 11 million objects) in the embedded engine,
 * running in its own JVM with a fixed 1 GiB heap ({@link ScaleEngine}). Prints the create, stat,
 * readdir and unlink rates, the engine's resident memory, RocksDB's memory, the data directory's
 * size per object, and the start-up time on an empty store, after a clean stop and after SIGKILL
 * with writes in flight. See {@code bench/README.md}.
 */
public final class ScaleBench {
  /** The usage text. */
  public static final String USAGE =
      """
      usage: engine-scale [--scale F] [--dir DIR] [--option KEY=VALUE]... [--heap SIZE]
        --scale F        1.0 = 10,000 dirs x 1,000 files + 1 dir of 1,000,000 (11M objects);
                         0.1 = 1.1M objects (default 0.1)
        --dir DIR        where the data directory goes (default: the system temp directory)
        --option K=V     an engine option (e.g. block-cache-mb=256); repeatable
        --heap SIZE      the engine JVM's fixed heap (default 1g)
      """;

  private ScaleBench() {}

  /**
   * Runs the benchmark; exits 2 on a bad command line and 1 if a step fails.
   *
   * @param args see {@link #USAGE}
   */
  public static void main(String[] args) {
    double scale = 0.1;
    Path dir = Path.of(System.getProperty("java.io.tmpdir"));
    List<String> options = new ArrayList<>();
    String heap = "1g";
    try {
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        if (i + 1 >= args.length && !a.equals("--help")) {
          throw new IllegalArgumentException(a + ": missing value");
        }
        switch (a) {
          case "--scale" -> {
            String v = args[++i];
            try {
              scale = Double.parseDouble(v);
            } catch (NumberFormatException e) {
              throw new IllegalArgumentException("--scale: '" + v + "' (expected: a number such as 0.1)");
            }
            if (!(scale > 0 && scale <= 10)) {
              throw new IllegalArgumentException("--scale: " + scale + " (expected: > 0 and <= 10)");
            }
          }
          case "--dir" -> dir = Path.of(args[++i]);
          case "--option" -> {
            String v = args[++i];
            if (v.indexOf('=') <= 0) {
              throw new IllegalArgumentException("--option: '" + v + "' (expected: KEY=VALUE)");
            }
            options.add(v);
          }
          case "--heap" -> heap = args[++i];
          case "--help" -> {
            System.out.print(USAGE);
            return;
          }
          default -> throw new IllegalArgumentException(
              "argument: '" + a + "' (expected: --scale, --dir, --option, --heap)");
        }
      }
    } catch (IllegalArgumentException e) {
      System.err.println("engine-scale: " + e.getMessage());
      System.err.print(USAGE);
      System.exit(2);
      return;
    }
    try {
      run(scale, dir, options, heap, System.out, System.err);
    } catch (IOException | RuntimeException e) {
      System.err.println("engine-scale: failed: " + e);
      e.printStackTrace(System.err);
      System.exit(1);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      System.exit(1);
    }
  }

  /**
   * Runs the three engine steps and prints the report.
   *
   * @param scale the scale
   * @param base where the data directory goes
   * @param options engine options
   * @param heap the engine JVM's heap
   * @param out receives the report
   * @param err receives progress
   * @return every result by key
   * @throws IOException if the data directory cannot be made
   * @throws InterruptedException if interrupted while a step runs
   */
  public static Map<String, Double> run(double scale, Path base, List<String> options, String heap,
      PrintStream out, PrintStream err) throws IOException, InterruptedException {
    Files.createDirectories(base);
    Path top = Files.createTempDirectory(base, "estuary-scale-");
    Thread cleanup = new Thread(() -> Trees.delete(top), "engine-scale-cleanup");
    Runtime.getRuntime().addShutdownHook(cleanup);
    long start = System.nanoTime();
    Map<String, Double> results = new LinkedHashMap<>();
    try {
      for (String line : Machine.describe(top)) {
        out.println(line);
      }
      Path data = top.resolve("data");
      Files.createDirectories(data);
      out.printf(Locale.ROOT, "scale:      %s; engine JVM: -Xms%s -Xmx%s%s%n", scale, heap, heap,
          options.isEmpty() ? "" : "; options " + options);
      out.flush();
      step("load", data, scale, options, heap, results, err, false);
      step("inflight", data, scale, options, heap, results, err, true);
      step("unlink", data, scale, options, heap, results, err, false);
      report(out, scale, results);
      out.println(Machine.load("load at end"));
      out.printf(Locale.ROOT, "run time:   %.1f s%n", (System.nanoTime() - start) / 1e9);
      out.flush();
      return results;
    } finally {
      Trees.delete(top);
      try {
        Runtime.getRuntime().removeShutdownHook(cleanup);
      } catch (IllegalStateException e) {
        // Already shutting down: the hook runs anyway.
      }
    }
  }

  /** Runs one engine step in a child JVM; with {@code kill}, SIGKILLs it once it is ready. */
  private static void step(String step, Path data, double scale, List<String> options, String heap,
      Map<String, Double> results, PrintStream err, boolean kill)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("--enable-native-access=ALL-UNNAMED");
    command.add("-Xms" + heap);
    command.add("-Xmx" + heap);
    command.add("-XX:+AlwaysPreTouch");
    command.add("-XX:+UseTransparentHugePages");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(ScaleEngine.class.getName());
    command.add(step);
    command.add(data.toString());
    command.add(Double.toString(scale));
    command.addAll(options);
    err.println("engine-scale: step " + step);
    Process child = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    boolean ready = false;
    try (BufferedReader r = new BufferedReader(
        new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        if (line.startsWith("result ")) {
          String[] parts = line.split(" ");
          results.put(parts[1], Double.parseDouble(parts[2]));
          // Also as progress: a long run stopped early still shows what it measured.
          err.println("engine-scale: " + line);
        } else if (line.equals("ready") && kill) {
          ready = true;
          // SIGKILL: no shutdown hook, no close; the WAL and the page cache keep what was written.
          child.destroyForcibly();
          break; // destroying the process closes its pipes
        }
      }
    } finally {
      if (child.isAlive()) {
        child.destroyForcibly();
      }
    }
    if (!child.waitFor(60, TimeUnit.SECONDS)) {
      throw new IllegalStateException("step " + step + ": engine JVM did not end");
    }
    int code = child.exitValue();
    if (kill ? !ready : code != 0) {
      throw new IllegalStateException("step " + step + ": engine JVM exited with " + code
          + (kill ? " before it was ready" : "") + " (see its output above)");
    }
  }

  private static void report(PrintStream out, double scale, Map<String, Double> r) {
    out.println();
    out.printf(Locale.ROOT, "%-44s %16s%n", "phase", "result");
    out.println("-".repeat(61));
    row(out, "create (ops/s)", r.get("create.ops"));
    row(out, "stat, random names, after creates (ops/s)", r.get("stat.ops"));
    row(out, "compaction debt after the first stats (MiB)", mib(r.get("settle.pending.bytes")));
    row(out, "wait for compactions to settle (s)", seconds(r.get("settle.ms")));
    row(out, "stat, random names, settled (ops/s)", r.get("stat.settled.ops"));
    row(out, "readdir, every directory (entries/s)", r.get("readdir.ops"));
    row(out, "unlink (ops/s)", r.get("unlink.ops"));
    row(out, "unsynced removes undone by SIGKILL (of 100)", r.get("unlink.lost.by.kill"));
    row(out, "first open in a JVM, empty store (ms)", r.get("first.open.ms"));
    row(out, "start-up, empty store (ms)", r.get("startup.empty.ms"));
    row(out, "start-up after a clean stop (ms)", r.get("startup.clean.ms"));
    row(out, "start-up after SIGKILL, writes in flight (ms)", r.get("startup.killed.ms"));
    row(out, "clean stop (ms)", r.get("close.ms"));
    row(out, "data directory (MiB)", mib(r.get("data.bytes")));
    row(out, "data directory per object (bytes)", r.get("data.bytes.per.object"));
    for (String when : List.of("load", "inflight", "unlink")) {
      row(out, when + ": RSS (MiB)", mib(r.get(when + ".rss.bytes")));
      row(out, when + ": peak RSS (MiB)", mib(r.get(when + ".rss.peak.bytes")));
      row(out, when + ": heap used after GC (MiB)", mib(r.get(when + ".heap.used.bytes")));
      row(out, when + ": RocksDB block cache (MiB)", mib(r.get(when + ".rocksdb.block-cache.bytes")));
      row(out, when + ": RocksDB memtables (MiB)", mib(r.get(when + ".rocksdb.memtables.bytes")));
      row(out, when + ": RocksDB table readers (MiB)", mib(r.get(when + ".rocksdb.table-readers.bytes")));
      row(out, when + ": metadata cache (MiB)", mib(r.get(when + ".metadata.cache.bytes")));
      row(out, when + ": metadata cache hit ratio", r.get(when + ".metadata.cache.hit.ratio"));
    }
    Double peak = r.get("load.rss.peak.bytes");
    Double peak2 = r.get("unlink.rss.peak.bytes");
    double worst = Math.max(peak == null ? 0 : peak, peak2 == null ? 0 : peak2);
    out.println();
    out.printf(Locale.ROOT, "bar: RSS < 2 GiB: peak %.0f MiB, %s%n", worst / (1 << 20),
        worst < 2.0 * (1L << 30) ? "met" : "NOT MET");
  }

  private static Double seconds(Double ms) {
    return ms == null ? null : ms / 1000;
  }

  private static Double mib(Double bytes) {
    return bytes == null ? null : bytes / (1 << 20);
  }

  private static void row(PrintStream out, String name, Double value) {
    out.printf(Locale.ROOT, "%-44s %16s%n", name,
        value == null ? "-" : String.format(Locale.ROOT, "%,.1f", value));
  }
}
