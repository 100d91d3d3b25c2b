package dev.estuary.testing.linuxguest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Debian's nfs-ganesha (FSAL VFS) serving one directory over NFSv4 on a free port of 127.0.0.1: a
 * peer server for the guest's NFS client (the harness's self-test) and for benchmarks.
 *
 * <p>The guest mounts it with {@link #guestMountCommand(String, String)}. Ganesha must run as root
 * (FSAL VFS opens files by handle). It accepts the guest's connections although slirp's NAT gives
 * them unprivileged source ports, and {@code Graceless = true} lets clients in at once.
 */
public final class NfsGanesha implements AutoCloseable {

  /** The NFSv4 pseudo path of the export. */
  public static final String PSEUDO_PATH = "/export";

  private static final String BINARY = "/usr/bin/ganesha.nfsd";
  private static final int BIND_ATTEMPTS = 3;

  private final Process process;
  private final int port;
  private final Path exportDir;
  private final Path log;
  private final Thread killOnExit;

  private NfsGanesha(Process process, int port, Path exportDir, Path log) {
    this.process = process;
    this.port = port;
    this.exportDir = exportDir;
    this.log = log;
    this.killOnExit = new Thread(process::destroyForcibly, "kill-ganesha-" + port);
    // A test JVM that is killed before close() must not leave ganesha behind.
    Runtime.getRuntime().addShutdownHook(killOnExit);
  }

  /**
   * Starts ganesha with its configuration, log, recovery directory and export under {@code dir}, and
   * waits until it reports "NFS SERVER INITIALIZED".
   *
   * @param dir a directory for this server (created)
   * @param startTimeout how long ganesha may take to come up
   * @return the running server
   * @throws IllegalStateException when ganesha is missing or does not come up (the message holds
   *     its log's last lines)
   */
  public static NfsGanesha start(Path dir, Duration startTimeout) {
    if (!Files.isExecutable(Path.of(BINARY))) {
      throw new IllegalStateException(
          BINARY
              + " is missing (expected: Debian packages nfs-ganesha and nfs-ganesha-vfs, which"
              + " ./run-tests installs)");
    }
    IllegalStateException last = null;
    // The free port is found by binding and closing; another process may take it before ganesha
    // binds it, so a bind failure is retried on a new port.
    for (int attempt = 1; attempt <= BIND_ATTEMPTS; attempt++) {
      try {
        return startOnce(dir.resolve("attempt-" + attempt), freePort(), startTimeout);
      } catch (PortTakenException e) {
        last = e;
      }
    }
    throw new IllegalStateException("ganesha could not bind a free port in " + BIND_ATTEMPTS + " attempts", last);
  }

  private static NfsGanesha startOnce(Path dir, int port, Duration startTimeout) {
    Path export = dir.resolve("export");
    Path recovery = dir.resolve("recovery");
    Path config = dir.resolve("ganesha.conf");
    Path log = dir.resolve("ganesha.log");
    try {
      Files.createDirectories(export);
      Files.createDirectories(recovery);
      Files.writeString(
          config,
          """
          NFS_CORE_PARAM { Protocols = 4; NFS_Port = %d; Bind_addr = 127.0.0.1;
                           Enable_UDP = false; Enable_NLM = false; Enable_RQUOTA = false; }
          NFSV4 { Graceless = true; Lease_Lifetime = 30; RecoveryRoot = %s;
                  UseGetpwnam = true; DomainName = localdomain; }
          EXPORT { Export_Id = 1; Path = %s; Pseudo = %s; Access_Type = RW;
                   Squash = No_Root_Squash; SecType = sys; Protocols = 4; Transports = TCP;
                   FSAL { Name = VFS; } }
          LOG { Default_Log_Level = EVENT; }
          """
              .formatted(port, recovery, export, PSEUDO_PATH),
          StandardCharsets.UTF_8);
      Process p =
          new ProcessBuilder(
                  List.of(
                      BINARY, "-F", "-f", config.toString(), "-L", log.toString(),
                      "-p", dir.resolve("ganesha.pid").toString(), "-N", "NIV_EVENT"))
              .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
              .redirectOutput(dir.resolve("ganesha.out").toFile())
              .redirectErrorStream(true)
              .start();
      long deadline = System.nanoTime() + startTimeout.toNanos();
      while (true) {
        String text = Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        if (text.contains("NFS SERVER INITIALIZED")) {
          return new NfsGanesha(p, port, export, log);
        }
        if (!p.isAlive() || text.contains("FATAL")) {
          p.destroyForcibly().waitFor();
          if (text.contains("error 98")) {
            throw new PortTakenException("ganesha: port " + port + " is taken: " + tail(text));
          }
          throw new IllegalStateException(
              "ganesha exited while starting on 127.0.0.1:" + port + "; log " + log + ":\n" + tail(text));
        }
        if (System.nanoTime() > deadline) {
          p.destroyForcibly().waitFor();
          throw new IllegalStateException(
              "ganesha did not report \"NFS SERVER INITIALIZED\" within "
                  + startTimeout
                  + "; log "
                  + log
                  + ":\n"
                  + tail(text));
        }
        // Polls the log for the start-up line (ganesha offers no readiness notification).
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("starting ganesha in " + dir, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting ganesha", e);
    }
  }

  /**
   * The TCP port on 127.0.0.1 (the guest reaches it at {@link LinuxGuest#HOST_ADDRESS}).
   *
   * @return the port
   */
  public int port() {
    return port;
  }

  /**
   * The exported host directory.
   *
   * @return the directory
   */
  public Path exportDir() {
    return exportDir;
  }

  /**
   * Ganesha's log file.
   *
   * @return the path
   */
  public Path log() {
    return log;
  }

  /**
   * The guest's command to mount this export.
   *
   * @param version the NFS version option, e.g. {@code 4.2}
   * @param mountPoint the guest directory to mount on
   * @return a shell command
   */
  public String guestMountCommand(String version, String mountPoint) {
    return "mount -t nfs4 -o vers=%s,port=%d %s:%s %s"
        .formatted(version, port, LinuxGuest.HOST_ADDRESS, PSEUDO_PATH, mountPoint);
  }

  /** Stops ganesha and waits for it to exit. */
  @Override
  public void close() {
    try {
      Runtime.getRuntime().removeShutdownHook(killOnExit);
    } catch (IllegalStateException shuttingDown) {
      // The JVM is exiting; the hook stops ganesha.
    }
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("finding a free port on 127.0.0.1", e);
    }
  }

  private static String tail(String text) {
    List<String> lines = text.lines().toList();
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
  }

  private static final class PortTakenException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    PortTakenException(String message) {
      super(message);
    }
  }
}
