package dev.estuary.bench.internal;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/** Describes the machine a run happens on, for the header of the output. */
public final class Machine {
  private Machine() {}

  /**
   * Returns the header lines: cores, memory, CPU, OS, Java and the filesystem of {@code dir}.
   *
   * @param dir the directory both trees live in
   * @return the lines
   */
  public static List<String> describe(Path dir) {
    List<String> lines = new ArrayList<>();
    OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    long memory =
        os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getTotalMemorySize() : -1;
    lines.add(String.format(
        Locale.ROOT, "machine:    %d cores (%s), %.1f GiB RAM, %s %s %s",
        Runtime.getRuntime().availableProcessors(), cpuModel(), memory / (double) (1L << 30),
        os.getName(), os.getVersion(), os.getArch()));
    lines.add(String.format(
        Locale.ROOT, "java:       %s %s, max heap %.1f GiB",
        System.getProperty("java.vm.name"), Runtime.version(),
        Runtime.getRuntime().maxMemory() / (double) (1L << 30)));
    lines.add("jvm flags:  " + String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()));
    lines.add("directory:  " + dir + " on " + fileSystem(dir));
    lines.add(load("load at start"));
    String damon = damonPageout();
    if (damon != null) {
      lines.add("reclaim:    " + damon);
    }
    return lines;
  }

  /**
   * Describes a running DAMON scheme that pages out idle memory, if any: it evicts page cache that
   * was not touched for a while, so "page cache" reads of data written earlier than that may come
   * from the disk.
   */
  private static @Nullable String damonPageout() {
    Path kdamonds = Path.of("/sys/kernel/mm/damon/admin/kdamonds");
    try (Stream<Path> ds = Files.list(kdamonds)) {
      for (Path k : ds.filter(Files::isDirectory).toList()) {
        if (!read(k.resolve("state")).equals("on")) {
          continue;
        }
        try (Stream<Path> schemes = Files.list(k.resolve("contexts/0/schemes"))) {
          for (Path s : schemes.filter(Files::isDirectory).toList()) {
            if (read(s.resolve("action")).equals("pageout")) {
              long aggrUs = Long.parseLong(read(k.resolve("contexts/0/monitoring_attrs/intervals/aggr_us")));
              long minAge = Long.parseLong(read(s.resolve("access_pattern/age/min")));
              return String.format(
                  Locale.ROOT,
                  "DAMON pages out memory idle for %.0f s or more (kdamond %s): page cache written "
                      + "longer ago than that may be read from the disk, on both sides",
                  aggrUs * minAge / 1e6, k.getFileName());
            }
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      // No DAMON, or not readable: nothing to report.
    }
    return null;
  }

  private static String read(Path p) throws IOException {
    return Files.readString(p).strip();
  }

  /**
   * Returns a line with the 1-minute load average now.
   *
   * @param label what moment it is
   * @return the line
   */
  public static String load(String label) {
    double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    return String.format(
        Locale.ROOT, "%-11s %.2f (1-minute load average; %d cores)", label + ":", load,
        Runtime.getRuntime().availableProcessors());
  }

  /**
   * Returns this process's resident set size ({@code VmRSS} of {@code /proc/self/status}), or -1
   * where that file is not available.
   *
   * @return bytes, or -1
   */
  public static long rssBytes() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.substring(6).replace("kB", "").strip()) * 1024;
        }
      }
    } catch (IOException | NumberFormatException e) {
      // Not Linux, or an unexpected format: nothing to report.
    }
    return -1;
  }

  private static String fileSystem(Path dir) {
    try {
      FileStore store = Files.getFileStore(dir);
      return String.format(
          Locale.ROOT, "%s (%s), %.0f GiB free", store.name(), store.type(),
          store.getUsableSpace() / (double) (1L << 30));
    } catch (IOException e) {
      return "unknown filesystem (" + e.getMessage() + ")";
    }
  }

  private static String cpuModel() {
    try {
      for (String l : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (l.startsWith("model name")) {
          return l.substring(l.indexOf(':') + 1).strip();
        }
      }
    } catch (IOException | RuntimeException e) {
      // Not Linux: the model is a nicety.
    }
    return "unknown CPU";
  }
}
