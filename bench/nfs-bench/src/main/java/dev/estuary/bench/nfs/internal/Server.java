package dev.estuary.bench.nfs.internal;

import dev.estuary.bench.support.ProcessCpu;
import java.net.InetSocketAddress;
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
  /** Copies the path. */
  public Server {
    exportPath = List.copyOf(exportPath);
  }

  /**
   * The process's CPU time so far, all threads, user + system ({@link ProcessCpu#ofProcess}).
   *
   * @return nanoseconds
   */
  public long cpuNanos() {
    return ProcessCpu.ofProcess(pid, name);
  }
}
