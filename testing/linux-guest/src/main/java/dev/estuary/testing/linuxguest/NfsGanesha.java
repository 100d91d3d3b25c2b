package dev.estuary.testing.linuxguest;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

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

  private final PeerProcess process;

  private NfsGanesha(PeerProcess process) {
    this.process = process;
  }

  /**
   * Starts ganesha with its configuration, log, recovery directory and export under {@code dir}, and
   * waits until it logs "NFS SERVER INITIALIZED".
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
    return new NfsGanesha(
        PeerProcess.start(
            "ganesha",
            dir,
            (attemptDir, port) -> {
              Path recovery = Files.createDirectories(attemptDir.resolve("recovery"));
              Path export = Files.createDirectories(attemptDir.resolve("export"));
              Path config = attemptDir.resolve("ganesha.conf");
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
              return List.of(
                  BINARY, "-F", "-f", config.toString(),
                  "-L", attemptDir.resolve("ganesha.log").toString(),
                  "-p", attemptDir.resolve("ganesha.pid").toString(), "-N", "NIV_EVENT");
            },
            "ganesha.log",
            "NFS SERVER INITIALIZED",
            // "Cannot bind NFS tcp6 socket, error 98 (Address already in use)"
            "error 98",
            startTimeout));
  }

  /**
   * The TCP port on 127.0.0.1 (the guest reaches it at {@link LinuxGuest#HOST_ADDRESS}).
   *
   * @return the port
   */
  public int port() {
    return process.port();
  }

  /**
   * The process id of {@code ganesha.nfsd} (it runs in the foreground, {@code -F}): benchmarks read
   * its CPU time from {@code /proc/<pid>/stat}.
   *
   * @return the pid
   */
  public long pid() {
    return process.pid();
  }

  /**
   * The exported host directory.
   *
   * @return the directory
   */
  public Path exportDir() {
    return process.dir().resolve("export");
  }

  /**
   * Ganesha's log file.
   *
   * @return the path
   */
  public Path log() {
    return process.log();
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
        .formatted(version, port(), LinuxGuest.HOST_ADDRESS, PSEUDO_PATH, mountPoint);
  }

  /** Stops ganesha and waits for it to exit. */
  @Override
  public void close() {
    process.close();
  }
}
