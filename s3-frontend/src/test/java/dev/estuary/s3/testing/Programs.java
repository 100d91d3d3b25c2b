package dev.estuary.s3.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs real client programs from Debian (aws, s3cmd, rclone, curl, /usr/bin/python3) with a
 * private HOME and only the environment a test gives them, so no user configuration, proxy or
 * credential leaks in and nothing but loopback is reached.
 */
public final class Programs {
  private Programs() {}

  /**
   * The outcome of one run.
   *
   * @param command what ran
   * @param exit the exit status
   * @param stdout standard output
   * @param stderr standard error
   */
  public record Result(List<String> command, int exit, String stdout, String stderr) {
    /**
     * Asserts the program succeeded.
     *
     * @return this
     */
    public Result ok() {
      assertThat(exit).as("exit status of %s%nstdout: %s%nstderr: %s", command, stdout, stderr)
          .isZero();
      return this;
    }
  }

  /**
   * Returns the program, failing (not skipping) with a clear message when it is missing.
   *
   * @param path its absolute path, e.g. {@code /usr/bin/aws}
   * @param debianPackage the package that provides it
   * @return the path
   */
  public static Path require(String path, String debianPackage) {
    Path p = Path.of(path);
    if (!Files.isExecutable(p)) {
      throw new AssertionError("program " + path + ": missing (expected: Debian package '"
          + debianPackage + "', which ./run-tests installs; or apt-get install " + debianPackage
          + ")");
    }
    return p;
  }

  /**
   * Runs a program to completion.
   *
   * @param home the HOME and working directory
   * @param env environment variables on top of PATH, HOME, LANG and loopback-only proxy settings
   * @param timeout how long it may take
   * @param command the command and its arguments
   * @return the result (check it with {@link Result#ok()})
   */
  public static Result run(Path home, Map<String, String> env, Duration timeout,
      String... command) {
    List<String> cmd = List.of(command);
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(home.toFile());
    Map<String, String> e = pb.environment();
    e.clear();
    e.put("PATH", "/usr/local/bin:/usr/bin:/bin");
    e.put("HOME", home.toString());
    e.put("LANG", "C.UTF-8");
    e.put("LC_ALL", "C.UTF-8");
    e.put("NO_PROXY", "*");
    e.put("no_proxy", "*");
    e.put("AWS_EC2_METADATA_DISABLED", "true");
    e.putAll(env);
    try {
      Path out = Files.createTempFile(home, "stdout", ".txt");
      Path err = Files.createTempFile(home, "stderr", ".txt");
      pb.redirectOutput(out.toFile()).redirectError(err.toFile());
      Process p = pb.start();
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        throw new AssertionError(cmd + ": still running after " + timeout + "; stderr so far: "
            + Files.readString(err, StandardCharsets.UTF_8));
      }
      String o = Files.readString(out, StandardCharsets.UTF_8);
      String r = Files.readString(err, StandardCharsets.UTF_8);
      Files.delete(out);
      Files.delete(err);
      return new Result(cmd, p.exitValue(), o, r);
    } catch (IOException ex) {
      throw new UncheckedIOException(cmd + ": " + ex.getMessage(), ex);
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", ex);
    }
  }

  /**
   * Joins a fixed command prefix and arguments.
   *
   * @param prefix e.g. the program and its global options
   * @param args the rest
   * @return one array
   */
  public static String[] cmd(List<String> prefix, String... args) {
    List<String> all = new ArrayList<>(prefix);
    all.addAll(List.of(args));
    return all.toArray(String[]::new);
  }
}
