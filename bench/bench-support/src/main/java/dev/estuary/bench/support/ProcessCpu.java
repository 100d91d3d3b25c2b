package dev.estuary.bench.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/** CPU time of processes from {@code /proc/<pid>/stat} (proc(5)). */
public final class ProcessCpu {
  /** USER_HZ: /proc reports CPU times in these ticks; it is 100 on every Linux architecture ABI. */
  private static final long TICKS_PER_SECOND = 100;

  private ProcessCpu() {}

  /**
   * A process's CPU time so far, all threads, user + system, plus that of its children it has waited
   * for: fields 14-17 of {@code /proc/<pid>/stat}.
   *
   * @param pid the process
   * @param name what it is, for the error message
   * @return nanoseconds
   */
  public static long ofProcess(long pid, String name) {
    Long n = read(pid);
    if (n == null) {
      throw new UncheckedIOException(new IOException("/proc/" + pid + "/stat: " + name + " exited"));
    }
    return n;
  }

  /**
   * {@link #ofProcess} of a process plus every live descendant's (smbd forks a child per connection; a
   * child that exited and was waited for is in its parent's fields 16-17). A descendant that exits
   * between the listing and the read is skipped: its time moves into its parent's.
   *
   * @param pid the root process
   * @param name what it is, for the error message
   * @return nanoseconds
   */
  public static long ofTree(long pid, String name) {
    long total = ofProcess(pid, name);
    ProcessHandle root = ProcessHandle.of(pid).orElseThrow(
        () -> new UncheckedIOException(new IOException("process " + pid + ": " + name + " exited")));
    for (ProcessHandle d : root.descendants().toList()) {
      Long n = read(d.pid());
      total += n == null ? 0 : n;
    }
    return total;
  }

  /**
   * This JVM's CPU time plus its waited-for children's (the load client and the client programs it ran).
   *
   * @return nanoseconds
   */
  public static long self() {
    return ofProcess(ProcessHandle.current().pid(), "this JVM");
  }

  private static @Nullable Long read(long pid) {
    Path stat = Path.of("/proc", Long.toString(pid), "stat");
    try {
      String s = Files.readString(stat);
      // The command name (field 2) is in parentheses and may hold spaces: count from the last ')'.
      String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
      // f[0] is field 3 (state), so field n is f[n - 3].
      long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]);
      return ticks * (1_000_000_000L / TICKS_PER_SECOND);
    } catch (IOException gone) {
      // NoSuchFileException, or ESRCH ("No such process") when it exits while being read.
      return null;
    }
  }
}
