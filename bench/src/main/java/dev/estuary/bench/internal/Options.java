package dev.estuary.bench.internal;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The command line of the benchmark.
 *
 * @param scale multiplies every count and size; 1.0 is the full run sized for 2 cores and 24 GiB
 * @param dir where both trees go (a fresh subdirectory is made and removed), or null for the
 *     system temporary directory
 * @param only the workloads to run, in the order of {@link #WORKLOADS}
 * @param provider the name of the {@code DfsProvider} to benchmark
 * @param providerOptions options passed to the provider ({@code --option key=value})
 * @param repeat timed rounds per side and workload; the fastest of each phase is reported
 * @param nioOnly whether to run the java.nio side alone (no backend needed)
 * @param help whether only the usage was asked for
 */
public record Options(
    double scale, @Nullable Path dir, List<String> only, String provider,
    Map<String, String> providerOptions, int repeat, boolean nioOnly, boolean help) {

  /** The workload names, in the order they run. */
  public static final List<String> WORKLOADS = List.of("metadata", "small", "sequential", "random");

  /** The usage text. */
  public static final String USAGE =
      """
      usage: engine-bench [--scale F] [--dir DIR] [--only WORKLOAD[,WORKLOAD...]] [--provider NAME]
                          [--option KEY=VALUE]... [--repeat N] [--nio-only]
        --scale F        multiply every count and size by F (default 1.0: the full run, sized for
                         2 cores and 24 GiB; 0.01 is a quick smoke run)
        --dir DIR        put both trees in a fresh subdirectory of DIR (default: the system temp
                         directory); everything created is removed at the end
        --only W,...     run only these workloads: metadata, small, sequential, random
        --provider NAME  the dfs-api provider to benchmark (default: engine)
        --option K=V     pass an option to the provider (e.g. inline-threshold=0); repeatable
        --repeat N       time every workload N times per side, alternating which side goes
                         first, and report each phase's fastest round (default 1; 2 or 3 on a
                         busy machine)
        --nio-only       run the java.nio side alone (no backend needed)
      """;

  /** Validates and copies the components. */
  public Options {
    if (!(scale > 0 && scale <= 100)) {
      throw new IllegalArgumentException("--scale: " + scale + " (expected: > 0 and <= 100)");
    }
    only = List.copyOf(only);
    requireNonNull(provider, "provider");
    providerOptions = Map.copyOf(providerOptions);
    if (repeat < 1 || repeat > 100) {
      throw new IllegalArgumentException("--repeat: " + repeat + " (expected: 1 to 100)");
    }
  }

  /**
   * Parses the command line.
   *
   * @param args the arguments
   * @return the options
   * @throws IllegalArgumentException naming the bad argument and what was expected
   */
  public static Options parse(String... args) {
    double scale = 1.0;
    Path dir = null;
    Set<String> only = new LinkedHashSet<>(WORKLOADS);
    String provider = "engine";
    Map<String, String> providerOptions = new LinkedHashMap<>();
    int repeat = 1;
    boolean nioOnly = false;
    boolean help = false;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      switch (arg) {
        case "--scale" -> {
          String v = value(args, ++i, arg);
          try {
            scale = Double.parseDouble(v);
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--scale: '" + v + "' (expected: a number such as 0.01)");
          }
        }
        case "--dir" -> dir = Path.of(value(args, ++i, arg));
        case "--only" -> only = parseOnly(value(args, ++i, arg));
        case "--provider" -> provider = value(args, ++i, arg);
        case "--option" -> {
          String v = value(args, ++i, arg);
          int eq = v.indexOf('=');
          if (eq <= 0) {
            throw new IllegalArgumentException("--option: '" + v + "' (expected: KEY=VALUE)");
          }
          providerOptions.put(v.substring(0, eq), v.substring(eq + 1));
        }
        case "--repeat" -> {
          String v = value(args, ++i, arg);
          try {
            repeat = Integer.parseInt(v);
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--repeat: '" + v + "' (expected: an integer from 1 to 100)");
          }
        }
        case "--nio-only" -> nioOnly = true;
        case "-h", "--help" -> help = true;
        default ->
            throw new IllegalArgumentException(
                "argument: '" + arg
                    + "' (expected: --scale, --dir, --only, --provider, --option, --repeat, --nio-only)");
      }
    }
    List<String> ordered = new ArrayList<>();
    for (String w : WORKLOADS) {
      if (only.contains(w)) {
        ordered.add(w);
      }
    }
    return new Options(scale, dir, ordered, provider, providerOptions, repeat, nioOnly, help);
  }

  private static Set<String> parseOnly(String v) {
    Set<String> set = new LinkedHashSet<>();
    for (String part : v.split(",")) {
      String w = part.trim().toLowerCase(Locale.ROOT);
      if (!WORKLOADS.contains(w)) {
        throw new IllegalArgumentException(
            "--only: '" + part + "' (expected: one or more of " + String.join(", ", WORKLOADS) + ")");
      }
      set.add(w);
    }
    return set;
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      throw new IllegalArgumentException(option + ": missing value");
    }
    return args[i];
  }
}
