package dev.estuary.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Samba's conformance suite, {@code smbtorture} (Debian samba-testsuite), against {@code estuary serve}
 * (issue 12). Two lists in {@code smb-frontend/src/test/resources/smbtorture} split the smb2 catalogue:
 * {@code allow-list.txt} must pass here, one smbtorture run per test with its own time limit;
 * {@code known-failures.txt} holds the rest with the reason per group, and only ever shrinks
 * ({@code testing/smbtorture/run-catalogue} runs it and prints what passes now). A second test checks
 * that the two lists partition the installed smbtorture's catalogue, so a new smbtorture version or a
 * typo is caught.
 *
 * <p>A line is a test name as smbtorture takes it ({@code smb2.getinfo.fsinfo}, names may hold spaces),
 * optionally followed by {@code --option=NAME=VALUE}, one client option for that test only.
 */
class SmbtortureIT {
  private static final Path SMBTORTURE = Path.of("/usr/bin/smbtorture");
  private static final Pattern SMB_URL = Pattern.compile("^smb\\s+smb://127\\.0\\.0\\.1:(\\d+)");
  private static final Pattern PASSWORD = Pattern.compile("^password\\s+(\\S+)");
  private static final String OPTION = " --option=";
  /** Per test; the slowest allow-listed test (smb2.maxfid) needs about a minute on a busy machine. */
  private static final Duration TIME_LIMIT = Duration.ofSeconds(240);
  /**
   * Opens per session. smb2.maxfid opens files until the server refuses one (it asks for 69,632, above the
   * default of 65,520): with 16,384 it reaches STATUS_INSUFFICIENT_RESOURCES, the path it tests, after a
   * quarter of the roughly 200,000 sequential round trips, so the test takes seconds instead of minutes.
   */
  private static final String MAX_OPENS = "16384";
  /** smbtorture processes at once, each on its own share. */
  private static final int LANES = 2;
  /** The allow-listed tests that took 15 s or more in a run here (target/smbtorture-reports/times.tsv). */
  private static final Set<String> SLOWEST = Set.of("smb2.notify.mask", "smb2.lease.timeout",
      "smb2.lease.oplock", "smb2.lease.break", "smb2.scan.scan", "smb2.maxfid", "smb2.secleak");

  /** One list entry: the test and an optional client option. */
  private record Entry(String test, String option) {}

  private static Path lists() {
    String repo = System.getProperty("estuary.repo");
    if (repo == null) {
      throw new IllegalStateException("system property estuary.repo is not set (run through Failsafe)");
    }
    return Path.of(repo, "smb-frontend", "src", "test", "resources", "smbtorture");
  }

  private static List<Entry> read(Path file) throws IOException {
    List<Entry> entries = new ArrayList<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      String l = line.strip();
      if (l.isEmpty() || l.startsWith("#")) {
        continue;
      }
      int o = l.indexOf(OPTION);
      entries.add(o < 0 ? new Entry(l, "") : new Entry(l.substring(0, o).strip(), l.substring(o + OPTION.length())));
    }
    return entries;
  }

  private static void requireSmbtorture() {
    assertThat(Files.isExecutable(SMBTORTURE))
        .as("%s is missing (expected: apt-get install samba-testsuite; ./run-tests installs it)", SMBTORTURE)
        .isTrue();
  }

  /** The smb2 tests of the installed smbtorture, as the lists name them (suite.testcase). */
  private static Set<String> catalogue() throws Exception {
    Process p = new ProcessBuilder(SMBTORTURE.toString(), "--list")
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    List<String> lines = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("exit code of %s --list", SMBTORTURE).isZero();
    Set<String> names = new TreeSet<>();
    for (String line : lines) {
      if (line.startsWith("smb2.")) {
        // smbtorture --list prints suite.testcase.test; every smb2 test case holds one test of its own name.
        int dot = line.lastIndexOf('.');
        String tcase = line.substring(0, dot);
        assertThat(tcase).as("catalogue line %s", line).endsWith("." + line.substring(dot + 1));
        names.add(tcase);
      }
    }
    return names;
  }

  @Test
  void theListsPartitionTheSmb2Catalogue() throws Exception {
    requireSmbtorture();
    Set<String> catalogue = catalogue();
    assertThat(catalogue).as("smb2 tests of smbtorture --list").hasSizeGreaterThan(500);
    Map<String, String> where = new HashMap<>();
    List<String> problems = new ArrayList<>();
    for (String list : List.of("allow-list.txt", "known-failures.txt")) {
      for (Entry e : read(lists().resolve(list))) {
        String before = where.put(e.test(), list);
        if (before != null) {
          problems.add(e.test() + ": in " + before + " and in " + list + " (expected: in exactly one list)");
        }
        if (!catalogue.contains(e.test())) {
          problems.add(e.test() + " (" + list + "): not an smb2 test of " + SMBTORTURE
              + " --list (expected: a catalogue name)");
        }
      }
    }
    for (String t : catalogue) {
      if (!where.containsKey(t)) {
        problems.add(t + ": in neither list (expected: in allow-list.txt or known-failures.txt)");
      }
    }
    assertThat(problems).as("allow-list.txt and known-failures.txt against the catalogue").isEmpty();
  }

  @Test
  void everyAllowListedTestPasses(@TempDir Path tmp) throws Exception {
    requireSmbtorture();
    List<Entry> allowed = read(lists().resolve("allow-list.txt"));
    assertThat(allowed).isNotEmpty();
    String data = tmp.resolve("data").toString();
    EstuaryProcess.Result user = EstuaryProcess.run(Map.of(), "user", "add", "torture", "--data", data);
    assertThat(user.exitCode()).isZero();
    String password = user.stdout().stream().map(PASSWORD::matcher).filter(Matcher::find).map(m -> m.group(1))
        .findFirst().orElseThrow(() -> new AssertionError("no password in " + user.stdout()));
    for (int lane = 0; lane < LANES; lane++) {
      assertThat(EstuaryProcess.run(Map.of(), "volume", "create", share(lane), "--data", data).exitCode()).isZero();
      assertThat(EstuaryProcess.run(Map.of(), "user", "grant", "torture", share(lane), "write", "--data", data)
          .exitCode()).isZero();
    }
    Path conf = Files.writeString(tmp.resolve("empty.conf"), "");
    Path reports = Path.of("target", "smbtorture-reports").toAbsolutePath();
    Files.createDirectories(reports);

    Map<String, String> failed = new ConcurrentSkipListMap<>();
    Map<String, Double> seconds = new ConcurrentSkipListMap<>();
    try (EstuaryProcess server = EstuaryProcess.start(Map.of("ESTUARY_ADMIN_USER", "torture-admin",
        "ESTUARY_ADMIN_PASSWORD", "Torture-Admin-Pw-1", "ESTUARY_ADMIN_ACCESS_KEY", "AKIAESTUARYTORTURE01",
        "ESTUARY_ADMIN_SECRET_KEY", "torture-secret-Value-01"), "serve", "--data", data, "--bind", "127.0.0.1",
        "--frontends", "smb", "--admin-port", "0", "--smb-port", "0", "--smb-max-opens", MAX_OPENS)) {
      Matcher smb = SMB_URL.matcher(server.awaitStdout(l -> SMB_URL.matcher(l).find(), Duration.ofSeconds(60)));
      assertThat(smb.find()).isTrue();
      String port = smb.group(1);
      // Most of the suite's time is smbtorture waiting (for a break that must not come, for a
      // lease or durable-handle timeout), so the tests run in lanes, each lane on a share (volume)
      // of its own: no test sees another's files or change notifications.
      // The tests that wait longest (smb2.notify.mask sleeps 200 ms in each of its 384 steps, about
      // 80 s; the lease and oplock ones wait out break timeouts) start first, so the lanes end together.
      List<Entry> ordered = new ArrayList<>(allowed);
      ordered.sort(Comparator.comparingInt((Entry e) -> SLOWEST.contains(e.test()) ? 0 : 1));
      Queue<Entry> todo = new ConcurrentLinkedQueue<>(ordered);
      ExecutorService lanes = Executors.newFixedThreadPool(LANES);
      try {
        List<Future<?>> running = new ArrayList<>();
        for (int lane = 0; lane < LANES; lane++) {
          String share = "//127.0.0.1/" + share(lane);
          running.add(lanes.submit(() -> {
            for (Entry e = todo.poll(); e != null; e = todo.poll()) {
              long started = System.nanoTime();
              String verdict = runOne(e, conf, share, port, password, reports);
              seconds.put(e.test(), (System.nanoTime() - started) / 1e9);
              if (verdict != null) {
                failed.put(e.test(), verdict);
              }
            }
            return null;
          }));
        }
        for (Future<?> f : running) {
          f.get();
        }
      } finally {
        lanes.shutdownNow();
        // Seconds per test, so the slow ones can be found without re-running.
        StringBuilder times = new StringBuilder();
        seconds.forEach((t, sec) -> times.append(String.format("%.2f\t%s%n", sec, t)));
        Files.writeString(reports.resolve("times.tsv"), times);
      }
      assertThat(server.terminate(Duration.ofSeconds(30))).isZero();
    }
    assertThat(failed).as("allow-listed smbtorture tests that did not pass").isEmpty();
  }

  private static String share(int lane) {
    return lane == 0 ? "media" : "media" + (lane + 1);
  }

  /** Runs one test; returns null if it passed, else the verdict and where its output is. */
  private static @Nullable String runOne(Entry e, Path conf, String share, String port, String password,
      Path reports) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(SMBTORTURE.toString(), "-s", conf.toString(), share,
        "-p", port, "-U", "torture%" + password, "--option=torture:smbd=false"));
    if (!e.option().isEmpty()) {
      command.add("--option=" + e.option());
    }
    command.add(e.test());
    Path log = reports.resolve(e.test().replaceAll("[^A-Za-z0-9._-]", "_") + ".txt");
    Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    String verdict;
    if (!p.waitFor(TIME_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor();
      verdict = "no verdict within " + TIME_LIMIT.toSeconds() + " s";
    } else {
      verdict = verdict(p.exitValue(), Files.readAllLines(log, StandardCharsets.UTF_8));
    }
    if (verdict == null) {
      Files.delete(log);
      return null;
    }
    return verdict + " (output: " + log + ")";
  }

  /**
   * Grades one run on smbtorture's result lines, not only on its exit code.
   *
   * @return null for a pass, else why not
   */
  private static @Nullable String verdict(int exit, List<String> out) {
    Set<String> bad = new LinkedHashSet<>();
    boolean success = false;
    for (int i = 0; i < out.size(); i++) {
      String l = out.get(i);
      if (l.startsWith("success: ")) {
        success = true;
      } else if (l.startsWith("failure: ") || l.startsWith("error: ") || l.startsWith("skip: ")) {
        bad.add(l + (i + 1 < out.size() ? " " + out.get(i + 1).strip() : ""));
      }
    }
    if (!bad.isEmpty()) {
      return String.join("; ", bad);
    }
    if (exit != 0 || !success) {
      return "exit " + exit + (success ? "" : " without a success line");
    }
    return null;
  }
}
