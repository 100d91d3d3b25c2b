package dev.estuary.testing.linuxguest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's Samba ({@code smbd}) serving one share on a free port of 127.0.0.1: a peer server for
 * the guest's cifs client and for the SMB benchmark.
 *
 * <p>Everything (configuration, password database, state, log) lives under the given directory;
 * nothing of the host's Samba configuration is used or changed. The one account is the SMB user
 * {@code root} with a random password in a private passdb, so no Unix user has to be created on
 * the host; files written through the share are owned by root on the host. smbd must run as root.
 */
public final class SambaServer implements AutoCloseable {

  /** The share's name. */
  public static final String SHARE = "share";

  /**
   * A second share, on the same disk, that requires encryption ({@code smb encrypt = required}): only
   * SMB 3.x sessions that seal their messages may connect to it.
   */
  public static final String SEALED_SHARE = "sealed";

  /** The SMB user name (mapped to the host's root: no Unix user is created). */
  public static final String USER = "root";

  private static final String SMBD = "/usr/sbin/smbd";
  private static final String SMBPASSWD = "/usr/bin/smbpasswd";

  private final PeerProcess process;
  private final String password;

  private SambaServer(PeerProcess process, String password) {
    this.process = process;
    this.password = password;
  }

  /**
   * Starts smbd with everything under {@code dir} and waits until its port accepts connections.
   *
   * @param dir a directory for this server (created)
   * @param startTimeout how long smbd may take to come up
   * @return the running server
   * @throws IllegalStateException when Samba is missing or does not come up (the message holds its
   *     log's last lines)
   */
  public static SambaServer start(Path dir, Duration startTimeout) {
    return start(dir, startTimeout, false);
  }

  /**
   * Starts smbd as {@link #start(Path, Duration)} does, with signing required of every session when
   * {@code signingMandatory} ({@code server signing = mandatory}; otherwise Samba's default: signing
   * offered, not required).
   *
   * @param dir a directory for this server (created)
   * @param startTimeout how long smbd may take to come up
   * @param signingMandatory whether every session must sign
   * @return the running server
   * @throws IllegalStateException when Samba is missing or does not come up (the message holds its
   *     log's last lines)
   */
  public static SambaServer start(Path dir, Duration startTimeout, boolean signingMandatory) {
    if (!Files.isExecutable(Path.of(SMBD)) || !Files.isExecutable(Path.of(SMBPASSWD))) {
      throw new IllegalStateException(
          SMBD + " or " + SMBPASSWD
              + " is missing (expected: Debian package samba, which ./run-tests installs)");
    }
    byte[] secret = new byte[12];
    new SecureRandom().nextBytes(secret);
    String password = HexFormat.of().formatHex(secret);
    PeerProcess process =
        PeerProcess.start(
            "smbd",
            dir,
            (attemptDir, port) -> {
              for (String d :
                  List.of("private", "lock", "state", "cache", "pid", "ncalrpc", SHARE, SEALED_SHARE)) {
                Files.createDirectories(attemptDir.resolve(d));
              }
              Path config = attemptDir.resolve("smb.conf");
              Files.writeString(
                  config,
                  """
                  [global]
                     server role = standalone server
                     interfaces = 127.0.0.1
                     bind interfaces only = yes
                     smb ports = %2$d
                     disable netbios = yes
                     server min protocol = SMB2_10
                     load printers = no
                     printing = bsd
                     printcap name = /dev/null
                     disable spoolss = yes
                     passdb backend = tdbsam:%1$s/private/passdb.tdb
                     private dir = %1$s/private
                     lock directory = %1$s/lock
                     state directory = %1$s/state
                     cache directory = %1$s/cache
                     pid directory = %1$s/pid
                     ncalrpc dir = %1$s/ncalrpc
                     map to guest = never
                     server signing = %5$s
                  [%3$s]
                     path = %1$s/%3$s
                     read only = no
                     valid users = %4$s
                  [%6$s]
                     path = %1$s/%6$s
                     read only = no
                     valid users = %4$s
                     smb encrypt = required
                  """
                      .formatted(attemptDir, port, SHARE, USER,
                          signingMandatory ? "mandatory" : "default", SEALED_SHARE),
                  StandardCharsets.UTF_8);
              addUser(config, password);
              // No --no-process-group: smbd signals its whole process group (kill(0, ...)) when it
              // stops, which without its own group is the test JVM's and Maven's.
              return List.of(SMBD, "-F", "-s", config.toString(), "--debug-stdout");
            },
            "smbd.out",
            // Its "ready" line needs log level 3, too verbose for a benchmark peer: wait for the port.
            null,
            // open_sockets_smbd: "No sockets available to bind to."
            "No sockets available",
            startTimeout);
    return new SambaServer(process, password);
  }

  private static void addUser(Path config, String password) throws IOException {
    Process p =
        new ProcessBuilder(SMBPASSWD, "-c", config.toString(), "-s", "-a", USER)
            .redirectErrorStream(true)
            .start();
    try (var in = p.getOutputStream()) {
      in.write((password + "\n" + password + "\n").getBytes(StandardCharsets.UTF_8));
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
        p.destroyForcibly();
        throw new IllegalStateException("smbpasswd -a " + USER + " failed (expected exit 0): " + out);
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while adding the Samba user", e);
    }
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
   * smbd's main process id; it forks one child per connection.
   *
   * @return the pid
   */
  public long pid() {
    return process.pid();
  }

  /**
   * The password of {@link #USER}.
   *
   * @return the password
   */
  public String password() {
    return password;
  }

  /**
   * The shared host directory.
   *
   * @return the directory
   */
  public Path shareDir() {
    return process.dir().resolve(SHARE);
  }

  /**
   * The host directory of {@link #SEALED_SHARE}.
   *
   * @return the directory
   */
  public Path sealedShareDir() {
    return process.dir().resolve(SEALED_SHARE);
  }

  /**
   * smbd's log (its debug output).
   *
   * @return the path
   */
  public Path log() {
    return process.log();
  }

  /**
   * The guest's command to mount the share.
   *
   * @param options extra cifs options, e.g. {@code vers=3.1.1,seal}
   * @param mountPoint the guest directory to mount on
   * @return a shell command
   */
  public String guestMountCommand(String options, String mountPoint) {
    return "mount -t cifs //%s/%s %s -o port=%d,username=%s,password=%s,%s"
        .formatted(LinuxGuest.HOST_ADDRESS, SHARE, mountPoint, port(), USER, password, options);
  }

  /** Stops smbd and its per-connection children and waits for them. */
  @Override
  public void close() {
    process.close();
  }
}
