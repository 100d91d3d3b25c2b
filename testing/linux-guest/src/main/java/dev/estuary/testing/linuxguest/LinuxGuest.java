package dev.estuary.testing.linuxguest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs shell scripts as root in a Linux guest under qemu, with the real kernel NFS and SMB (cifs)
 * clients, for frontend tests and benchmarks.
 *
 * <p>{@link #prepare(Path)} finds {@code testing/linux-guest/build} in the source tree and runs it:
 * it builds the guest from Debian packages into a cache keyed by its inputs (about a minute the first
 * time; "up to date" in a second afterwards). Each {@link #run(GuestScript, Duration)} boots a fresh
 * guest: qemu with TCG (KVM hangs on the machines this project runs on), user-mode networking, in
 * which the guest reaches the host's {@code 127.0.0.1:PORT} at {@code 10.0.2.2:PORT}, so the servers
 * under test stay on loopback; a 9p share carries the script in and the results out. The serial
 * console goes to a log file as it is written.
 *
 * <p>Tests are skipped only when the system property {@value #AVAILABILITY_PROPERTY} is {@code
 * unavailable}; otherwise a missing qemu or a failed build fails the test ({@code ./run-tests}
 * installs what the guest needs).
 */
public final class LinuxGuest {

  /** System property: {@code unavailable} skips (aborts) every test that needs the guest. */
  public static final String AVAILABILITY_PROPERTY = "estuary.linuxGuest";

  /** System property: the guest cache directory (default: the build script's own default). */
  public static final String CACHE_PROPERTY = "estuary.linuxGuest.cache";

  /** System property: the directory holding {@code build} (default: found from the working directory). */
  public static final String SCRIPTS_PROPERTY = "estuary.linuxGuest.scripts";

  /** The host as the guest sees it: qemu's user-mode network maps it to the host's 127.0.0.1. */
  public static final String HOST_ADDRESS = "10.0.2.2";

  private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(15);
  private static final int MEMORY_MIB = 1024; // the ~120 MB initramfs unpacks into RAM
  private static final int CPUS = 2;
  private static final Pattern GUEST_TIME =
      Pattern.compile("estuary-guest: (init|script start|script end) at ([0-9.]+) s");

  private final Path guestDir;
  private final Path workRoot;
  private final String qemu;
  private final String kernelVersion;
  private final Duration buildTime;
  private final SecureRandom random = new SecureRandom();
  private final AtomicInteger runs = new AtomicInteger();

  private LinuxGuest(Path guestDir, Path workRoot, String qemu, Duration buildTime) {
    this.guestDir = guestDir;
    this.workRoot = workRoot;
    this.qemu = qemu;
    this.buildTime = buildTime;
    this.kernelVersion = read(guestDir.resolve("kernel-version")).strip();
  }

  /**
   * Builds the guest (or finds it up to date) and returns a runner whose runs go under {@code
   * workRoot}. Aborts the calling test, reported as skipped, only when {@value
   * #AVAILABILITY_PROPERTY} is {@code unavailable}.
   *
   * @param workRoot directory for the runs' files (created), e.g. {@code target/linux-guest}
   * @return the runner
   * @throws LinuxGuestException when the build fails or qemu is missing
   */
  public static LinuxGuest prepare(Path workRoot) {
    String availability = System.getProperty(AVAILABILITY_PROPERTY, "");
    Assumptions.assumeFalse(
        availability.equals("unavailable"),
        () -> "the Linux guest is declared unavailable (-D" + AVAILABILITY_PROPERTY + "=unavailable)");
    if (!availability.isEmpty()) {
      throw new LinuxGuestException(
          AVAILABILITY_PROPERTY + ": \"" + availability + "\" (expected: unset or \"unavailable\")");
    }
    Path scripts = scriptsDir();
    List<String> command = new ArrayList<>(List.of(scripts.resolve("build").toString()));
    String cache = System.getProperty(CACHE_PROPERTY);
    if (cache != null && !cache.isEmpty()) {
      command.add(cache);
    }
    long start = System.nanoTime();
    String out;
    try {
      Files.createDirectories(workRoot);
      Path stdout = Files.createTempFile(workRoot, "build-", ".out");
      // stderr (progress, errors) goes to the test's own output; stdout's last line is the guest dir.
      Process p =
          new ProcessBuilder(command)
              .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
              .redirectOutput(stdout.toFile())
              .redirectError(ProcessBuilder.Redirect.INHERIT)
              .start();
      if (!p.waitFor(BUILD_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly().waitFor();
        throw new LinuxGuestException(
            String.join(" ", command) + " did not finish within " + BUILD_TIMEOUT + "; killed");
      }
      out = Files.readString(stdout).strip();
      Files.delete(stdout);
      if (p.exitValue() != 0) {
        throw new LinuxGuestException(
            String.join(" ", command)
                + " failed with exit status "
                + p.exitValue()
                + " (expected 0; its messages are above in the test output)");
      }
    } catch (IOException e) {
      throw new LinuxGuestException("running " + String.join(" ", command), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LinuxGuestException("interrupted while building the guest", e);
    }
    String[] lines = out.split("\n");
    Path guestDir = Path.of(lines[lines.length - 1]);
    for (String f : List.of("vmlinuz", "initramfs.cpio", "kernel-version", "complete")) {
      if (!Files.isRegularFile(guestDir.resolve(f))) {
        throw new LinuxGuestException(
            "the build printed \"" + guestDir + "\" (expected a guest directory holding " + f + ")");
      }
    }
    String qemu = onPath("qemu-system-x86_64");
    if (qemu == null) {
      throw new LinuxGuestException(
          "qemu-system-x86_64 is not on PATH (expected: Debian package qemu-system-x86, which"
              + " ./run-tests and the build script install; -D"
              + AVAILABILITY_PROPERTY
              + "=unavailable skips the guest tests)");
    }
    return new LinuxGuest(
        guestDir, workRoot, qemu, Duration.ofNanos(System.nanoTime() - start));
  }

  /**
   * The guest's kernel release, e.g. {@code 6.1.0-57-amd64}.
   *
   * @return the release
   */
  public String kernelVersion() {
    return kernelVersion;
  }

  /**
   * How long {@link #prepare(Path)} took (building, or checking that the build is up to date).
   *
   * @return the duration
   */
  public Duration buildTime() {
    return buildTime;
  }

  /**
   * Boots a fresh guest, runs the script in it and returns what it produced. The script's exit
   * status is returned, not judged: a non-zero status is a result, not an exception.
   *
   * @param script the workload
   * @param timeout the hard limit for the whole run, boot included; qemu is killed when it passes
   * @return exit status, output and files
   * @throws GuestTimeoutException when the timeout passed
   * @throws LinuxGuestException when the guest ended without an exit status (kernel panic, init
   *     failure; the message holds the console's last lines)
   */
  public GuestResult run(GuestScript script, Duration timeout) {
    byte[] idBytes = new byte[4];
    random.nextBytes(idBytes);
    String id = HexFormat.of().formatHex(idBytes);
    Path runDir = workRoot.resolve("run-" + runs.incrementAndGet() + "-" + id);
    Path io = runDir.resolve("io");
    Path console = runDir.resolve("console.log");
    Path qemuLog = runDir.resolve("qemu.log");
    try {
      Files.createDirectories(io.resolve("out"));
      Files.createDirectories(io.resolve("in"));
      Path scriptFile = io.resolve("script");
      Files.writeString(scriptFile, script.text(), StandardCharsets.UTF_8);
      Files.setPosixFilePermissions(scriptFile, PosixFilePermissions.fromString("rwxr-xr-x"));
      for (Map.Entry<String, byte[]> in : script.inputs().entrySet()) {
        Files.write(io.resolve("in").resolve(in.getKey()), in.getValue());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("preparing the run directory " + runDir, e);
    }
    // Keep these options in step with the run script next to build.
    List<String> command =
        List.of(
            qemu,
            "-machine", "pc,accel=tcg", // never KVM: it hangs on this kind of machine
            "-cpu", "max", // emulates AES-NI and PCLMUL, which SMB 3 signing and sealing use
            "-smp", Integer.toString(CPUS),
            "-m", Integer.toString(MEMORY_MIB),
            "-nodefaults", "-display", "none", "-monitor", "none",
            "-no-reboot", // with panic=-1: a kernel panic ends qemu at once
            "-serial", "file:" + console,
            "-kernel", guestDir.resolve("vmlinuz").toString(),
            "-initrd", guestDir.resolve("initramfs.cpio").toString(),
            // no_timer_check: else "IO-APIC + timer doesn't work!" panics TCG boots on a loaded host;
            // cryptomgr.notests: the crypto self-tests cost seconds under TCG.
            "-append",
                "console=ttyS0 loglevel=4 panic=-1 no_timer_check cryptomgr.notests=1 guest.id=" + id,
            "-netdev", "user,id=net0",
            "-device", "virtio-net-pci,netdev=net0",
            "-virtfs", "local,path=" + io + ",mount_tag=io,security_model=none,id=io");
    long start = System.nanoTime();
    Process p;
    try {
      p =
          new ProcessBuilder(command)
              .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
              .redirectOutput(qemuLog.toFile())
              .redirectErrorStream(true)
              .start();
    } catch (IOException e) {
      throw new LinuxGuestException("starting " + qemu + " for guest run " + runDir, e);
    }
    // A test JVM that is killed (Failsafe's fork timeout, Ctrl-C) must not leave qemu behind.
    Thread killQemu = new Thread(p::destroyForcibly, "kill-qemu-" + id);
    Runtime.getRuntime().addShutdownHook(killQemu);
    boolean finished;
    try {
      finished = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (!finished) {
        p.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new LinuxGuestException("interrupted while guest run " + runDir + " was running", e);
    } finally {
      removeHook(killQemu);
    }
    Duration wall = Duration.ofNanos(System.nanoTime() - start);
    if (!finished) {
      throw new GuestTimeoutException(
          "guest run "
              + runDir.getFileName()
              + " did not finish within "
              + timeout
              + "; qemu was killed. Console "
              + console
              + ", last lines:\n"
              + tail(console));
    }
    Path status = io.resolve("exit-status");
    if (!Files.isRegularFile(status)) {
      throw new LinuxGuestException(
          "guest run "
              + runDir.getFileName()
              + " ended after "
              + wall.toSeconds()
              + " s without the script's exit status (qemu exit "
              + p.exitValue()
              + "; expected "
              + status
              + "): "
              + whyNoStatus(console)
              + ". qemu log "
              + qemuLog
              + ": "
              + read(qemuLog).strip()
              + "\nConsole "
              + console
              + ", last lines:\n"
              + tail(console));
    }
    String consoleText = read(console);
    Map<String, Double> times = new java.util.HashMap<>();
    Matcher m = GUEST_TIME.matcher(consoleText);
    while (m.find()) {
      times.put(m.group(1), Double.parseDouble(m.group(2)));
    }
    double init = times.getOrDefault("init", 0.0);
    double scriptStart = times.getOrDefault("script start", init);
    double scriptEnd = times.getOrDefault("script end", scriptStart);
    return new GuestResult(
        Integer.parseInt(read(status).strip()),
        read(io.resolve("stdout")),
        read(io.resolve("stderr")),
        io.resolve("out"),
        console,
        io.resolve("dmesg"),
        new GuestResult.Timings(
            wall, seconds(init), seconds(scriptStart - init), seconds(scriptEnd - scriptStart)));
  }

  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // The JVM is exiting: the hook runs (or ran) and kills qemu, which is what we want.
    }
  }

  private static Duration seconds(double s) {
    return Duration.ofMillis(Math.round(s * 1000));
  }

  /** The build script's directory: the property, or testing/linux-guest above the working dir. */
  private static Path scriptsDir() {
    String configured = System.getProperty(SCRIPTS_PROPERTY);
    if (configured != null && !configured.isEmpty()) {
      Path dir = Path.of(configured);
      if (!Files.isExecutable(dir.resolve("build"))) {
        throw new LinuxGuestException(
            SCRIPTS_PROPERTY + ": \"" + configured
                + "\" (expected a directory holding the build script)");
      }
      return dir;
    }
    Path start = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    for (Path d = start; d != null; d = d.getParent()) {
      Path candidate = d.resolve("testing/linux-guest");
      if (Files.isExecutable(candidate.resolve("build"))) {
        return candidate;
      }
    }
    throw new LinuxGuestException(
        "no testing/linux-guest/build in "
            + start
            + " or above it (expected to run inside the Estuary source tree, or -D"
            + SCRIPTS_PROPERTY
            + "=DIR)");
  }

  private static @Nullable String onPath(String program) {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
      Path p = Path.of(dir.isEmpty() ? "." : dir, program);
      if (Files.isExecutable(p)) {
        return p.toString();
      }
    }
    return null;
  }

  private static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + file, e);
    }
  }

  /** The console line that says why the guest ended early: a kernel panic or the init's failure. */
  static String whyNoStatus(Path console) {
    return plain(read(console))
        .lines()
        .filter(l -> l.contains("Kernel panic") || l.contains("estuary-guest: FAILED"))
        .findFirst()
        .map(String::strip)
        .orElse("no kernel panic or init failure on the console");
  }

  private static String plain(String consoleText) {
    return consoleText.replaceAll("\u001b\\[[0-9;]*m", "");
  }

  /** The console's last lines, without the kernel's colour escapes. */
  static String tail(Path console) {
    List<String> lines = plain(read(console)).lines().toList();
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 25), lines.size()));
  }
}
