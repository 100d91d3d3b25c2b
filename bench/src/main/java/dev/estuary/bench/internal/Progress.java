package dev.estuary.bench.internal;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Times one phase and reports its progress to stderr at every 10% mark reached at least a second
 * after the previous line, and every 5 seconds between marks, so a short phase prints nothing
 * until it is done. The check costs one comparison per operation, the same on both sides; the
 * clock is read at the marks and every 1,024 operations only.
 */
final class Progress {
  private static final long EVERY_NANOS = 5_000_000_000L;
  private static final long MIN_GAP_NANOS = 1_000_000_000L;

  private final PrintStream err;
  private final String label;
  private final long total;
  private final boolean bytes;
  private final long start;
  private long nextMark;
  private long nextTime;
  private long lastLine;

  Progress(PrintStream err, String label, long total, boolean bytes) {
    this.err = err;
    this.label = label;
    this.total = total;
    this.bytes = bytes;
    this.nextMark = Math.max(1, total / 10);
    this.start = System.nanoTime();
    this.nextTime = start + EVERY_NANOS;
    this.lastLine = start;
  }

  /** Records that {@code done} of the total units are done. */
  void tick(long done) {
    if (done >= nextMark) {
      nextMark += Math.max(1, total / 10);
      if (done < total && System.nanoTime() - lastLine >= MIN_GAP_NANOS) {
        report(done);
      }
    } else if ((done & 1023) == 0 && System.nanoTime() >= nextTime) {
      report(done);
    }
  }

  /** Returns the nanoseconds since the phase started. */
  long elapsed() {
    return System.nanoTime() - start;
  }

  private void report(long done) {
    long now = System.nanoTime();
    nextTime = now + EVERY_NANOS;
    lastLine = now;
    err.printf(
        Locale.ROOT,
        "  %-44s %3d%%  %s/%s  %.1f s%n",
        label,
        done * 100 / total,
        amount(done),
        amount(total),
        (now - start) / 1e9);
  }

  private String amount(long n) {
    return bytes ? (n / Sizes.MIB) + " MiB" : String.format(Locale.ROOT, "%,d", n);
  }
}
