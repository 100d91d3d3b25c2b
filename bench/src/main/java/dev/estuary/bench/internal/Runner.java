package dev.estuary.bench.internal;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Runs the selected workloads on both sides and pairs their phases into rows. */
public final class Runner {
  /**
   * The order workloads run in: metadata last, because its unlink phases are the only mass
   * deletions before the end of the run (see {@link Settler}).
   */
  static final List<String> EXECUTION_ORDER = List.of("small", "sequential", "random", "metadata");

  private final NativeOs os;
  private final Settler settler;
  private final Sizes sizes;
  private final PrintStream err;
  private final int repeat;

  /**
   * Creates a runner.
   *
   * @param os the libc bindings for eviction
   * @param settler settles the machine before each timed phase
   * @param sizes the counts and sizes of the timed rounds
   * @param err receives progress lines
   * @param repeat timed rounds per side and workload
   */
  public Runner(NativeOs os, Settler settler, Sizes sizes, PrintStream err, int repeat) {
    this.repeat = repeat;
    this.os = os;
    this.settler = settler;
    this.sizes = sizes;
    this.err = err;
  }

  /**
   * Runs each workload: a warm-up round on both sides (output discarded), then the timed rounds,
   * engine then java.nio, then (with {@code repeat} above 1) java.nio then engine, and so on;
   * each phase reports its fastest round. Every round works in a directory of its own, and all of
   * them are removed at the end, untimed.
   *
   * @param workloads the names to run, see {@link Options#WORKLOADS}
   * @param engine the backend side, or null to run java.nio alone
   * @param nio the java.nio side
   * @return the rows, in the order of {@link Options#WORKLOADS}
   */
  public List<Row> run(List<String> workloads, @Nullable Side<?> engine, Side<?> nio) {
    List<Row> rows = new ArrayList<>();
    List<Runnable> trash = new ArrayList<>();
    PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
    try {
      for (String name : EXECUTION_ORDER) {
        if (!workloads.contains(name)) {
          continue;
        }
        Workload w = workload(name);
        Sizes warm = sizes.warmup();
        err.printf("%s: warm-up round on both sides%n", name);
        if (engine != null) {
          round(engine, w, "warmup", warm, new Phases(quiet, "", settler), trash);
        }
        round(nio, w, "warmup", warm, new Phases(quiet, "", settler), trash);
        List<Measurement> e = null;
        List<Measurement> n = null;
        for (int rep = 1; rep <= repeat; rep++) {
          // Alternate which side goes first, so neither always runs on the busier half.
          boolean engineFirst = rep % 2 == 1;
          String round = repeat == 1 ? "timed" : "timed" + rep;
          if (!engineFirst) {
            n = fastest(n, timed(nio, w, round, name, rep, trash));
          }
          if (engine != null) {
            e = fastest(e, timed(engine, w, round, name, rep, trash));
          }
          if (engineFirst) {
            n = fastest(n, timed(nio, w, round, name, rep, trash));
          }
        }
        for (int i = 0; i < n.size(); i++) {
          Measurement nm = n.get(i);
          Measurement em = e == null ? null : e.get(i);
          if (em != null && !em.phase().equals(nm.phase())) {
            throw new IllegalStateException(
                "phase " + i + " of " + name + ": engine '" + em.phase() + "', nio '" + nm.phase()
                    + "' (expected: the same phases on both sides)");
          }
          rows.add(new Row(name, nm.phase(), nm.bar(), em, nm));
        }
      }
    } finally {
      err.println("cleanup: removing what the rounds created");
      for (Runnable r : trash) {
        r.run();
      }
    }
    rows.sort(Comparator.comparingInt(r -> Options.WORKLOADS.indexOf(r.workload())));
    return rows;
  }

  private List<Measurement> timed(
      Side<?> side, Workload w, String round, String name, int rep, List<Runnable> trash) {
    err.printf("%s: %s%s%n", name, side.label(), repeat == 1 ? "" : " (round " + rep + " of " + repeat + ")");
    return round(side, w, round, sizes, new Phases(err, side.label() + " ", settler), trash);
  }

  /** Keeps, phase by phase, the faster of two rounds of the same side. */
  private static List<Measurement> fastest(@Nullable List<Measurement> best, List<Measurement> next) {
    if (best == null) {
      return next;
    }
    List<Measurement> out = new ArrayList<>(best.size());
    for (int i = 0; i < best.size(); i++) {
      out.add(next.get(i).nanos() < best.get(i).nanos() ? next.get(i) : best.get(i));
    }
    return out;
  }

  private static <D> List<Measurement> round(
      Side<D> side, Workload w, String round, Sizes sizes, Phases phases, List<Runnable> trash) {
    String dir = w.name() + "-" + round;
    D base = side.mkdir(side.root(), dir);
    trash.add(() -> side.deleteTree(side.root(), dir));
    return w.run(side, base, sizes, phases);
  }

  private Workload workload(String name) {
    return switch (name) {
      case "metadata" -> new MetadataWorkload();
      case "small" -> new SmallFileWorkload();
      case "sequential" -> new SequentialWorkload(os);
      case "random" -> new RandomWorkload();
      default ->
          throw new IllegalArgumentException(
              "workload: '" + name + "' (expected: one of " + Options.WORKLOADS + ")");
    };
  }
}
