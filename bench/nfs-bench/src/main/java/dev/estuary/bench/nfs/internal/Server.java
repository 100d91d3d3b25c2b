package dev.estuary.bench.nfs.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A server under test: where it listens, the path of its export below the NFSv4 pseudo-root, and the
 * process whose CPU time is read.
 *
 * @param name the name in the results
 * @param address where it listens (127.0.0.1)
 * @param exportPath the components LOOKUP takes from PUTROOTFH to the export
 * @param pid the server process
 */
public record Server(String name, InetSocketAddress address, List<String> exportPath, long pid) {
  /** USER_HZ: /proc reports CPU times in these ticks; it is 100 on every Linux architecture ABI. */
  private static final long TICKS_PER_SECOND = 100;

  /** Copies the path. */
  public Server {
    exportPath = List.copyOf(exportPath);
  }

  /**
   * The process's CPU time so far, all threads, user + system: fields 14 and 15 of {@code /proc/<pid>/stat}
   * (proc(5)), plus 16 and 17 (children waited for; zero for both servers, which fork nothing).
   *
   * @return nanoseconds
   */
  public long cpuNanos() {
    return cpuNanos(pid, name);
  }

  /**
   * The CPU time of a process so far (see {@link #cpuNanos()}).
   *
   * @param pid the process
   * @param name what it is, for the error message
   * @return nanoseconds
   */
  public static long cpuNanos(long pid, String name) {
    Path stat = Path.of("/proc", Long.toString(pid), "stat");
    try {
      String s = Files.readString(stat);
      // The command name (field 2) is in parentheses and may hold spaces: count from the last ')'.
      String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
      // f[0] is field 3 (state), so field n is f[n - 3].
      long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]);
      return ticks * (1_000_000_000L / TICKS_PER_SECOND);
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + stat + " (" + name + " exited?)", e);
    }
  }
}
