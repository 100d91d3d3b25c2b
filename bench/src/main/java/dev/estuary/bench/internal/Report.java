package dev.estuary.bench.internal;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Prints the result table and the per-target summary lines. */
public final class Report {
  private Report() {}

  /**
   * Prints the rows as an aligned table.
   *
   * @param out where to print
   * @param rows the rows
   */
  public static void table(PrintStream out, List<Row> rows) {
    int w = "workload / phase".length();
    for (Row r : rows) {
      w = Math.max(w, r.phase().length());
    }
    String head = "%-" + w + "s  %5s  %13s  %8s  %13s  %8s  %10s  %s%n";
    String line = "%-" + w + "s  %5s  %13s  %8s  %13s  %8s  %10s  %s%n";
    out.printf(Locale.ROOT, head, "workload / phase", "unit", "engine", "engine s", "nio",
        "nio s", "engine/nio", "bar");
    out.println("-".repeat(w + 2 + 5 + 2 + 13 + 2 + 8 + 2 + 13 + 2 + 8 + 2 + 10 + 2 + 14));
    for (Row r : rows) {
      Measurement e = r.engine();
      Measurement n = r.nio();
      String bar =
          r.bar() == null ? "(info)" : String.format(Locale.ROOT, ">= %.2f %s", r.bar().ratio(),
              e == null ? "" : r.ratio() >= r.bar().ratio() ? "met" : "NOT MET");
      out.printf(
          Locale.ROOT,
          line,
          r.phase(),
          n.unit(),
          e == null ? "-" : String.format(Locale.ROOT, "%,.1f", e.rate()),
          e == null ? "-" : String.format(Locale.ROOT, "%.2f", e.seconds()),
          String.format(Locale.ROOT, "%,.1f", n.rate()),
          String.format(Locale.ROOT, "%.2f", n.seconds()),
          e == null ? "-" : String.format(Locale.ROOT, "%.2f", r.ratio()),
          bar.strip());
    }
  }

  /**
   * Prints one line per target ({@link Bar}): met when every row of the group reaches the bar.
   *
   * @param out where to print
   * @param rows the rows
   */
  public static void summary(PrintStream out, List<Row> rows) {
    for (Bar bar : Bar.values()) {
      List<Row> group = new ArrayList<>();
      for (Row r : rows) {
        if (r.bar() == bar) {
          group.add(r);
        }
      }
      String head = String.format(Locale.ROOT, "target %-10s engine/nio >= %.2f: ", bar.label(), bar.ratio());
      if (group.isEmpty()) {
        out.println(head + "not run");
        continue;
      }
      if (group.get(0).engine() == null) {
        out.println(head + "not measured (--nio-only)");
        continue;
      }
      Row lowest = group.get(0);
      List<String> misses = new ArrayList<>();
      for (Row r : group) {
        if (r.ratio() < lowest.ratio()) {
          lowest = r;
        }
        if (r.ratio() < bar.ratio()) {
          misses.add(String.format(Locale.ROOT, "%s %.2f", r.phase(), r.ratio()));
        }
      }
      if (misses.isEmpty()) {
        out.printf(
            Locale.ROOT, "%sMET (lowest %.2f, %s)%n", head, lowest.ratio(), lowest.phase());
      } else {
        out.printf(
            Locale.ROOT, "%sNOT MET (%d of %d rows below: %s)%n", head, misses.size(), group.size(),
            String.join("; ", misses));
      }
    }
  }
}
