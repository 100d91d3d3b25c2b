package dev.estuary.bench;

import dev.estuary.bench.internal.TorchTree;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Populates the PyTorch dataset benchmark (bench/torch-bench, bench/README.md): writes the same
 * trees of samples into a new engine volume (through dfs-api, on a stopped server's data
 * directory, before {@code estuary serve} opens it) and into a local directory, with identical
 * bytes. Writing through the backend directly instead of through the service keeps a million
 * files to minutes instead of hours; what is benchmarked afterwards is reading them through the
 * service.
 *
 * <p>Usage: {@code TorchBenchData --data DIR --local DIR [--scale S] [--volume NAME] [--threads N]
 * [--parts small,large,scan,scan10m]} (default: small, large, scan; {@code scan10m} is the engine-only
 * tree of 10,000,000 empty files for the large scan). Prints one line per tree on standard output.
 */
public final class TorchBenchData {
  private TorchBenchData() {}

  /**
   * Runs the tool.
   *
   * @param args see the class comment
   */
  public static void main(String[] args) {
    Path data = null;
    Path local = null;
    double scale = 1.0;
    String volume = "bench";
    int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
    List<String> parts = List.of("small", "large", "scan");
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      String v = i + 1 < args.length ? args[i + 1] : null;
      if (v == null) {
        fail(a + ": missing value");
      }
      switch (a) {
        case "--data" -> data = Path.of(v);
        case "--local" -> local = Path.of(v);
        case "--scale" -> scale = parseScale(v);
        case "--volume" -> volume = v;
        case "--threads" -> threads = Integer.parseInt(v);
        case "--parts" -> parts = List.of(v.split(","));
        default -> fail(a + ": unknown option (expected: --data, --local, --scale, --volume, --threads, --parts)");
      }
      i++;
    }
    if (data == null || local == null) {
      fail("--data and --local: both required");
    }
    TorchTree.Layout layout = null;
    try {
      layout = TorchTree.Layout.scaled(scale).only(parts);
    } catch (IllegalArgumentException e) {
      fail("--parts: " + e.getMessage());
    }
    long started = System.nanoTime();
    try (TorchTree tree = TorchTree.open(data, volume, local, threads)) {
      for (TorchTree.Part part : layout.parts()) {
        long t0 = System.nanoTime();
        tree.write(part);
        System.out.printf(Locale.ROOT, "populated %-6s %,10d files of %,7d bytes in %,6d dirs: %.1f s%n",
            part.name(), part.files(), part.size(), part.directories(),
            (System.nanoTime() - t0) / 1e9);
      }
    }
    System.out.printf(Locale.ROOT, "populated all in %.1f s%n", (System.nanoTime() - started) / 1e9);
  }

  private static double parseScale(String v) {
    double s = Double.parseDouble(v);
    if (!(s > 0 && s <= 1)) {
      fail("--scale: " + v + " (expected: 0 < scale <= 1)");
    }
    return s;
  }

  private static void fail(String message) {
    System.err.println("TorchBenchData: " + message);
    System.exit(2);
  }
}
