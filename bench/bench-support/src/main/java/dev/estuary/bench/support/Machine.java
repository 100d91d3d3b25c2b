package dev.estuary.bench.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** What a benchmark prints about the machine it ran on, so figures from different runs can be compared. */
public final class Machine {
  private Machine() {}

  /**
   * Cores, CPU model, RAM, the load average now and the JDK, from {@code /proc}.
   *
   * @return e.g. {@code 2 cores (AMD EPYC ...), 23.5 GiB RAM, load 1.02 0.80 ...; JDK 25+36}
   * @throws IOException if {@code /proc} cannot be read
   */
  public static String describe() throws IOException {
    String cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
        .findFirst().map(l -> l.substring(l.indexOf(':') + 1).strip()).orElse("?");
    long memKb = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal:"))
        .findFirst().map(l -> Long.parseLong(l.replaceAll("\\D", ""))).orElse(0L);
    String load = Files.readString(Path.of("/proc/loadavg")).strip();
    return String.format(Locale.ROOT, "%d cores (%s), %.1f GiB RAM, load %s; JDK %s",
        Runtime.getRuntime().availableProcessors(), cpu, memKb / 1024.0 / 1024.0, load, Runtime.version());
  }

  /**
   * The installed version of a Debian package (the peers and clients the benchmarks compare with).
   *
   * @param debianPackage the package
   * @return its version, or {@code (version unknown)}
   */
  public static String packageVersion(String debianPackage) {
    try {
      Process p = new ProcessBuilder("dpkg-query", "-W", "-f", "${Version}", debianPackage).redirectErrorStream(true)
          .start();
      String v = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      return p.waitFor() == 0 ? v : "(version unknown)";
    } catch (IOException e) {
      return "(version unknown)";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "(version unknown)";
    }
  }

  /**
   * The last 30 lines of a program's output, for error messages.
   *
   * @param text the output
   * @return its tail
   */
  public static String tail(String text) {
    List<String> lines = text.lines().toList();
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
  }
}
