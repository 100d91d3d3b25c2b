package dev.estuary.bench.smb.internal;

import dev.estuary.bench.support.Machine;
import dev.estuary.bench.support.ProcessCpu;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Debian's {@code smbtorture} running one of its {@code smb2.bench.*} tests for a time limit. Those tests
 * open 4 connections and print, every second, per operation kind the operations completed in that second
 * and their mean latency: {@code 1.00 second: open[num/s=1750,avslat=0.001273,...] close[num/s=...]}.
 */
public final class Torture {
  /** One operation kind's figures of one second. */
  private static final Pattern FIGURE = Pattern.compile("(\\w+)\\[num/s=(\\d+),avslat=([0-9.]+),");
  /** smb2.bench.oplock1's running figure: the operations per second since its start, printed as it goes. */
  private static final Pattern RUNNING_RATE = Pattern.compile("(?m)^\\s*([0-9]+\\.[0-9]+) ops/second\\s*$");
  private static final Pattern FAILURE = Pattern.compile("(?m)^(?:failure|error): \\S+ \\[\\s*\\n?(.*)$");

  private final Smbclient credentials;
  private final Path work;

  /**
   * Creates the runner.
   *
   * @param credentials where the credentials files come from
   * @param work a directory for output files
   */
  public Torture(Smbclient credentials, Path work) {
    this.credentials = credentials;
    this.work = work;
  }

  /** The parsed figures of a run: per operation kind, the per-second counts and mean latencies in seconds. */
  record Figures(Map<String, List<Long>> counts, Map<String, List<Double>> latencies) {}

  /**
   * Runs {@code test} (e.g. {@code smb2.bench.echo}) for {@code seconds} against the server's share.
   *
   * @param s the server
   * @param test the smbtorture test
   * @param seconds the test's time limit
   * @return the measurement in operations of the test's first operation kind (for the path-contention
   *     tests, an operation is an open and its close), or a failed one with smbtorture's reason
   */
  public Measurement run(Server s, String test, int seconds) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("smbtorture", s.service(false), "-p", Integer.toString(s.port()),
        "-A", credentials.authFile(s).toString(), "--option=torture:timelimit=" + seconds, test));
    Path out = Files.createTempFile(work, "smbtorture-", ".out");
    try {
      var children = s.children();
      long cpu0 = s.cpuNanos();
      long client0 = ProcessCpu.self();
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile())
          .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
      if (!p.waitFor(seconds + 120L, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor();
        return Measurement.failed("no exit within " + (seconds + 120) + " s");
      }
      long client1 = ProcessCpu.self();
      s.awaitChildrenGone(children);
      long cpu1 = s.cpuNanos();
      String text = Files.readString(out, StandardCharsets.UTF_8);
      String name = test.substring(test.lastIndexOf('.') + 1);
      if (!text.contains("success: " + name)) {
        Matcher f = FAILURE.matcher(text);
        String why = f.find() ? f.group(1).strip() : "exit status " + p.exitValue() + ", " + lastLine(text);
        return Measurement.failed(why.isEmpty() ? "exit status " + p.exitValue() : why);
      }
      Figures fig = parse(text);
      if (fig.counts().isEmpty()) {
        double last = runningRate(text);
        if (!Double.isNaN(last)) {
          // The last running figure is the rate over the whole time limit.
          return new Measurement(last * seconds, seconds, cpu1 - cpu0, client1 - client0, Double.NaN, null);
        }
        throw new IOException(s.name() + ": smbtorture " + test + " printed no figures (expected: op[num/s=N,avslat=S,...] or N ops/second):\n" + Machine.tail(text));
      }
      String first = fig.counts().keySet().iterator().next();
      List<Long> counts = fig.counts().get(first);
      long ops = counts.stream().mapToLong(Long::longValue).sum();
      double latency = fig.latencies().get(first).stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
      // The test's own clock: one figure per second of its time limit. The CPU times also cover the
      // connects and tree connects before it, a few milliseconds.
      return new Measurement(ops, counts.size(), cpu1 - cpu0, client1 - client0, latency * 1000, null);
    } finally {
      Files.deleteIfExists(out);
    }
  }

  static Figures parse(String text) {
    Map<String, List<Long>> counts = new LinkedHashMap<>();
    Map<String, List<Double>> latencies = new LinkedHashMap<>();
    Matcher m = FIGURE.matcher(text);
    while (m.find()) {
      counts.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add(Long.parseLong(m.group(2)));
      latencies.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add(Double.parseDouble(m.group(3)));
    }
    return new Figures(counts, latencies);
  }

  /** The last {@code N ops/second} figure (smb2.bench.oplock1's rate over its whole run), or NaN. */
  static double runningRate(String text) {
    Matcher r = RUNNING_RATE.matcher(text);
    double last = Double.NaN;
    while (r.find()) {
      last = Double.parseDouble(r.group(1));
    }
    return last;
  }

  private static String lastLine(String text) {
    List<String> lines = text.lines().filter(l -> !l.isBlank()).toList();
    return lines.isEmpty() ? "(no output)" : lines.getLast();
  }
}
