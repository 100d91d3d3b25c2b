package dev.estuary.bench.internal;

import java.io.PrintStream;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** Starts and ends the timed phases of one side, settling the machine before each (see {@link Settler}). */
final class Phases {
  private final PrintStream err;
  private final String prefix;
  private final Settler settler;

  /**
   * Creates the phases of one round.
   *
   * @param err receives progress
   * @param prefix prefixes every progress line (the side's label)
   * @param settler settles the machine before each phase
   */
  Phases(PrintStream err, String prefix, Settler settler) {
    this.err = err;
    this.prefix = prefix;
    this.settler = settler;
  }

  /**
   * Settles, then starts timing a phase.
   *
   * @param phase the phase label
   * @param total the units the phase will do, for progress
   * @param bytes whether units are bytes
   * @return the running phase
   */
  Timed start(String phase, long total, boolean bytes) {
    settler.settle();
    return new Timed(phase, total, bytes, new Progress(err, prefix + phase, total, bytes));
  }

  /**
   * Starts an untimed setup step that still reports progress.
   *
   * @param step the step label
   * @param total the units it will do
   * @param bytes whether units are bytes
   * @return the progress to tick
   */
  Progress setup(String step, long total, boolean bytes) {
    return new Progress(err, prefix + step + " (setup)", total, bytes);
  }


  /** A phase being timed. */
  final class Timed {
    private final String phase;
    private final long total;
    private final boolean bytes;
    private final Progress progress;

    private Timed(String phase, long total, boolean bytes, Progress progress) {
      this.phase = phase;
      this.total = total;
      this.bytes = bytes;
      this.progress = progress;
    }

    void tick(long done) {
      progress.tick(done);
    }

    /** Stops the clock and reports the phase. */
    Measurement stop(@Nullable Bar bar) {
      long nanos = Math.max(1, progress.elapsed());
      Measurement m = new Measurement(phase, bar, bytes, total, nanos);
      err.printf(
          Locale.ROOT, "  %-44s done in %.2f s: %,.1f %s%n", prefix + phase, m.seconds(), m.rate(),
          m.unit());
      return m;
    }
  }
}
