package dev.estuary.bench.smb.internal;

import dev.estuary.bench.support.ProcessCpu;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A running server under test: where it listens, the account and shares the clients use, and how its CPU
 * time is read.
 *
 * @param name the name in the results ({@code estuary}, {@code samba})
 * @param port the TCP port on 127.0.0.1
 * @param user the account
 * @param password its password
 * @param share the share of the plain and signed workloads
 * @param sealedShare the share that requires encryption
 * @param pid the server's (main) process
 * @param forks whether the server forks a process per connection (smbd), whose CPU time counts too
 */
public record Server(String name, int port, String user, String password, String share, String sealedShare,
    long pid, boolean forks) {

  /**
   * The server's CPU time so far (its process and, for a forking server, its children), user + system.
   *
   * @return nanoseconds
   */
  public long cpuNanos() {
    return forks ? ProcessCpu.ofTree(pid, name) : ProcessCpu.ofProcess(pid, name);
  }

  /**
   * The server's child processes now (for smbd: its helpers and one per connection); empty for ours.
   *
   * @return their pids
   */
  public Set<Long> children() {
    if (!forks) {
      return Set.of();
    }
    return ProcessHandle.of(pid).map(p -> p.descendants().map(ProcessHandle::pid).collect(Collectors.toSet()))
        .orElse(Set.of());
  }

  /**
   * Waits until the server has no child process that {@code before} does not hold: smbd's child for a
   * connection a client closed exits shortly after the client does, and only once it has been waited for
   * is its CPU time in smbd's (fields 16-17), so reading it earlier could miss it.
   *
   * @param before {@link #children()} before the clients connected
   * @throws InterruptedException when interrupted
   */
  public void awaitChildrenGone(Set<Long> before) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!before.containsAll(children()) && System.nanoTime() < deadline) {
      // Polls: the exit of another process's child offers no notification.
      Thread.sleep(10);
    }
  }

  /**
   * {@code //127.0.0.1/<share>}.
   *
   * @param sealed whether the share that requires encryption
   * @return the UNC-style service name smbclient and smbtorture take
   */
  public String service(boolean sealed) {
    return "//127.0.0.1/" + (sealed ? sealedShare : share);
  }
}
