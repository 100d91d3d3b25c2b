package dev.estuary.testing.linuxguest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What a guest run produced.
 *
 * @param exitCode the script's exit status
 * @param stdout the script's standard output
 * @param stderr the script's standard error
 * @param outputDir the host directory holding what the script wrote to {@code $GUEST_OUT}
 * @param consoleLog the guest's serial console (kernel messages, init's {@code estuary-guest:} lines)
 * @param dmesg the guest kernel's log taken after the script ended
 * @param timings how long the phases took
 */
public record GuestResult(
    int exitCode,
    String stdout,
    String stderr,
    Path outputDir,
    Path consoleLog,
    Path dmesg,
    Timings timings) {

  /** How many lines of dmesg {@link #describe()} shows. */
  private static final int DESCRIBED_DMESG_LINES = 40;

  /**
   * Phase durations of one run. Guest-side figures come from the guest's clock ({@code
   * /proc/uptime}), printed by its init on the console.
   *
   * @param wall from starting qemu to its exit, measured on the host
   * @param kernelToInit from the kernel's start to the init running
   * @param initToScript the init's work: modules, 9p share, network
   * @param script the script itself
   */
  public record Timings(Duration wall, Duration kernelToInit, Duration initToScript, Duration script) {
    @Override
    public String toString() {
      return "wall %.1f s (kernel to init %.1f s, init %.1f s, script %.1f s)"
          .formatted(
              seconds(wall), seconds(kernelToInit), seconds(initToScript), seconds(script));
    }

    private static double seconds(Duration d) {
      return d.toMillis() / 1000.0;
    }
  }

  /**
   * A file the script wrote to {@code $GUEST_OUT}.
   *
   * @param name path relative to {@code $GUEST_OUT}
   * @return the host path (it may not exist)
   */
  public Path file(String name) {
    Path p = outputDir.resolve(name).normalize();
    if (!p.startsWith(outputDir)) {
      throw new IllegalArgumentException(
          "output file name: \"" + name + "\" (expected: a path inside the output directory)");
    }
    return p;
  }

  /**
   * The text of a file the script wrote to {@code $GUEST_OUT}.
   *
   * @param name path relative to {@code $GUEST_OUT}
   * @return its content as UTF-8
   */
  public String fileText(String name) {
    try {
      return Files.readString(file(name), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("reading the guest's output file " + file(name), e);
    }
  }

  /**
   * The last lines of the guest kernel's log, taken after the script ended: where the kernel's NFS and
   * cifs clients say why a mount or an operation failed (cifs: {@code CIFS: VFS: ...}, status codes).
   *
   * @param lines how many lines at most
   * @return the lines joined with newlines, or a note when the guest wrote no dmesg (it did not get
   *     that far)
   */
  public String dmesgTail(int lines) {
    if (lines < 1) {
      throw new IllegalArgumentException("lines: " + lines + " (expected: at least 1)");
    }
    if (!Files.isRegularFile(dmesg)) {
      return "(no dmesg: the guest did not write " + dmesg + ")";
    }
    try {
      List<String> all = Files.readAllLines(dmesg, StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      throw new UncheckedIOException("reading the guest's dmesg " + dmesg, e);
    }
  }

  /**
   * A description for assertion messages: exit status, output, the end of the guest kernel's log and
   * where the console is.
   *
   * @return the description
   */
  public String describe() {
    return "guest script exit status "
        + exitCode
        + "; "
        + timings
        + "\n--- stdout ---\n"
        + stdout
        + "--- stderr ---\n"
        + stderr
        + "--- dmesg (last "
        + DESCRIBED_DMESG_LINES
        + " lines) ---\n"
        + dmesgTail(DESCRIBED_DMESG_LINES)
        + "\n--- console: "
        + consoleLog
        + ", dmesg: "
        + dmesg;
  }
}
