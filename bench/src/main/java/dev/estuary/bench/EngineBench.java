package dev.estuary.bench;

import dev.estuary.bench.internal.EngineSide;
import dev.estuary.bench.internal.Machine;
import dev.estuary.bench.internal.NativeOs;
import dev.estuary.bench.internal.NioSide;
import dev.estuary.bench.internal.Options;
import dev.estuary.bench.internal.Report;
import dev.estuary.bench.internal.Row;
import dev.estuary.bench.internal.Runner;
import dev.estuary.bench.internal.Settler;
import dev.estuary.bench.internal.Sizes;
import dev.estuary.bench.internal.Trees;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The engine benchmark of issue 2 item 8: the same workloads through a dfs-api backend (the
 * embedded engine by default) and directly with java.nio on the same filesystem, in one process,
 * printing each side's rate and the ratio engine/nio. See {@code bench/README.md}.
 */
public final class EngineBench {
  private EngineBench() {}

  /**
   * Runs the benchmark; exits 2 on a bad command line and 1 if a workload fails.
   *
   * @param args see {@link Options#USAGE}
   */
  public static void main(String[] args) {
    Options options;
    try {
      options = Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("engine-bench: " + e.getMessage());
      System.err.print(Options.USAGE);
      System.exit(2);
      return;
    }
    if (options.help()) {
      System.out.print(Options.USAGE);
      return;
    }
    try {
      run(options, System.out, System.err);
    } catch (RuntimeException | IOException e) {
      System.err.println("engine-bench: failed: " + e);
      e.printStackTrace(System.err);
      System.exit(1);
    }
  }

  /**
   * Runs the selected workloads on both sides and prints the header, the table and the summary to
   * {@code out} and progress to {@code err}. Everything created is removed, also on failure.
   *
   * @param options what to run
   * @param out receives the results
   * @param err receives progress
   * @return the result rows, in table order
   * @throws IOException if the working directory cannot be made
   */
  public static List<Row> run(Options options, PrintStream out, PrintStream err)
      throws IOException {
    Path base =
        options.dir() != null ? options.dir() : Path.of(System.getProperty("java.io.tmpdir"));
    Files.createDirectories(base);
    Path top = Files.createTempDirectory(base, "estuary-bench-");
    // Removes the trees if the run is interrupted (Ctrl-C); a normal end removes them below.
    Thread cleanup = new Thread(() -> deleteQuietly(top), "engine-bench-cleanup");
    Runtime.getRuntime().addShutdownHook(cleanup);
    long start = System.nanoTime();
    try {
      Sizes sizes = Sizes.of(options.scale());
      NativeOs os = NativeOs.load();
      Settler settler = new Settler(os, top);
      for (String line : Machine.describe(top)) {
        out.println(line);
      }
      header(out, options, sizes, os, settler);
      out.flush();
      Path nioDir = Files.createDirectory(top.resolve("nio"));
      Path engineDir = Files.createDirectory(top.resolve("engine"));
      List<Row> rows;
      try (NioSide nio = new NioSide(nioDir);
          EngineSide engine = options.nioOnly() ? null : EngineSide.open(options.provider(), options.providerOptions(), engineDir)) {
        rows = new Runner(os, settler, sizes, err, options.repeat()).run(options.only(), engine, nio);
      }
      out.println();
      Report.table(out, rows);
      out.println();
      Report.summary(out, rows);
      out.println(Machine.load("load at end"));
      out.printf(Locale.ROOT, "run time:   %.1f s%n", (System.nanoTime() - start) / 1e9);
      out.flush();
      return rows;
    } finally {
      deleteQuietly(top);
      try {
        Runtime.getRuntime().removeShutdownHook(cleanup);
      } catch (IllegalStateException e) {
        // Already shutting down: the hook runs anyway.
      }
    }
  }

  private static void header(
      PrintStream out, Options options, Sizes sizes, NativeOs os, Settler settler) {
    out.printf(
        Locale.ROOT,
        """
        benchmark:  dfs-api provider '%s'%s vs java.nio on the same filesystem, one process, one \
        thread per side
        sizing:     sizes and concurrency are sized for 2 cores and 24 GiB RAM; scale %s%s
        sizes:      metadata %,d files (1 dir, and %,d dirs); small %,d x 4 KiB in %,d dirs; \
        sequential %,d MiB; random %,d + %,d ops on %,d MiB
        method:     per workload a warm-up round (2%% of the full sizes) on both sides, then %s; \
        before every timed phase sync(2) and a GC, untimed%s
        cache:      sequential/random reads follow the writes at once and are served from the \
        page cache (files << RAM); %s
        """,
        options.provider(),
        options.providerOptions().isEmpty() ? "" : " with options " + options.providerOptions(),
        options.scale(),
        options.scale() == 1.0 ? " (the full run)" : " (not the full run)",
        sizes.metadataFiles(), sizes.metadataDirs(), sizes.smallFiles(), sizes.smallDirs(),
        sizes.sequentialBytes() / Sizes.MIB, sizes.randomOps(), sizes.randomOps(),
        sizes.randomFileBytes() / Sizes.MIB,
        options.repeat() == 1
            ? "engine timed, then nio timed"
            : options.repeat() + " timed rounds per side, alternating which side goes first, "
                + "each phase's fastest round reported",
        os.canSync() ? "" : " (sync(2) unavailable: no settling)",
        os.canEvict()
            ? "the sequential file is also read cold, after posix_fadvise(DONTNEED) on every "
                + "file of the side's tree"
            : "no cold read (posix_fadvise unavailable)");
    if (settler.ext4WithoutJournal()) {
      out.println(
          """
          filesystem: ext4 without a journal: there, creates right after mass deletions are slowed \
          many-fold (recently_deleted(), fs/ext4/ialloc.c), so workloads run small, sequential, \
          random, then metadata, each metadata layout is created before any is unlinked, and \
          other trees are removed only at the end""");
    }
    out.println("methods:");
    out.print(indent(EngineSide.METHODS));
    out.print(indent(NioSide.METHODS));
  }

  private static String indent(String methods) {
    StringBuilder b = new StringBuilder();
    for (String l : methods.strip().split("\n")) {
      b.append("  ").append(l).append('\n');
    }
    return b.toString();
  }

  private static void deleteQuietly(Path top) {
    try {
      Trees.delete(top);
    } catch (UncheckedIOException | SecurityException e) {
      System.err.println("engine-bench: could not remove " + top + ": " + e.getMessage());
    }
  }
}
