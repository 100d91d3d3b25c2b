package dev.estuary.bench.smb.internal;

import dev.estuary.bench.support.Machine;
import dev.estuary.bench.support.ProcessCpu;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code smbclient} moving one file: {@code put} of a local file, {@code get} into a local file,
 * with {@code --client-protection=off|sign|encrypt}. Every transfer is one smbclient process, timed from
 * its start to its exit (the connection and authentication take well under 0.1 s of it).
 */
public final class Smbclient {
  private static final long MIB = 1 << 20;

  private final Path work;

  /**
   * Creates the client.
   *
   * @param work a directory for the credentials files
   */
  public Smbclient(Path work) {
    this.work = work;
  }

  /**
   * Uploads {@code local} as {@code remote}.
   *
   * @param s the server
   * @param protection {@code off}, {@code sign} or {@code encrypt}
   * @param local the source
   * @param remote the name in the share's root
   * @return the measurement in MiB
   */
  public Measurement put(Server s, String protection, Path local, String remote) throws IOException, InterruptedException {
    return timed(s, protection, "put \"" + local + "\" \"" + remote + "\"", Files.size(local));
  }

  /**
   * Downloads {@code remote} into {@code local} (replaced).
   *
   * @param s the server
   * @param protection {@code off}, {@code sign} or {@code encrypt}
   * @param remote the name in the share's root
   * @param local the destination
   * @param size the file's size
   * @return the measurement in MiB
   */
  public Measurement get(Server s, String protection, String remote, Path local, long size)
      throws IOException, InterruptedException {
    Files.deleteIfExists(local);
    Measurement m = timed(s, protection, "get \"" + remote + "\" \"" + local + "\"", size);
    if (Files.size(local) != size) {
      throw new IOException(s.name() + ": get of " + remote + " wrote " + Files.size(local) + " bytes (expected: "
          + size + ")");
    }
    return m;
  }

  /**
   * Deletes a file of the share's root (untimed clean-up).
   *
   * @param s the server
   * @param protection {@code off}, {@code sign} or {@code encrypt}
   * @param remote the name
   */
  public void delete(Server s, String protection, String remote) throws IOException, InterruptedException {
    run(s, protection, "del \"" + remote + "\"");
  }

  private Measurement timed(Server s, String protection, String command, long bytes)
      throws IOException, InterruptedException {
    var children = s.children();
    long cpu0 = s.cpuNanos();
    long client0 = ProcessCpu.self();
    long t0 = System.nanoTime();
    run(s, protection, command);
    long t1 = System.nanoTime();
    long client1 = ProcessCpu.self();
    s.awaitChildrenGone(children);
    long cpu1 = s.cpuNanos();
    return new Measurement((double) bytes / MIB, (t1 - t0) / 1e9, cpu1 - cpu0, client1 - client0, Double.NaN, null);
  }

  private void run(Server s, String protection, String command) throws IOException, InterruptedException {
    Path auth = authFile(s);
    boolean sealed = protection.equals("encrypt");
    List<String> cmd = new ArrayList<>(List.of("smbclient", s.service(sealed), "-p", Integer.toString(s.port()),
        "-A", auth.toString(), "--client-protection=" + protection, "-c", command));
    Path out = Files.createTempFile(work, "smbclient-", ".out");
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile())
          .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
      if (!p.waitFor(30, TimeUnit.MINUTES)) {
        p.destroyForcibly().waitFor();
        throw new IOException(s.name() + ": smbclient " + command + ": no exit within 30 minutes");
      }
      String text = Files.readString(out, StandardCharsets.UTF_8);
      // smbclient -c exits 0 on some failed commands; an NT_STATUS in its output is a failure too.
      if (p.exitValue() != 0 || text.contains("NT_STATUS_")) {
        throw new IOException(s.name() + ": smbclient " + s.service(sealed) + " --client-protection=" + protection
            + " -c '" + command + "': exit status " + p.exitValue() + ":\n" + Machine.tail(text));
      }
    } finally {
      Files.deleteIfExists(out);
    }
  }

  /** An smbclient/smbtorture credentials file ({@code -A}), so the password is not on a command line. */
  Path authFile(Server s) throws IOException {
    Path auth = work.resolve("auth-" + s.name() + "-" + s.port());
    if (!Files.exists(auth)) {
      Files.createFile(auth, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(auth, "username = " + s.user() + "\npassword = " + s.password() + "\n", StandardCharsets.UTF_8);
    }
    return auth;
  }
}
