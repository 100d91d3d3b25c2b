package dev.estuary.dfs.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.dfs.Capability;
import dev.estuary.dfs.CaseFolding;
import dev.estuary.dfs.CaseLookup;
import dev.estuary.dfs.DirEntry;
import dev.estuary.dfs.DirPositionPage;
import dev.estuary.dfs.FsckReport;
import dev.estuary.dfs.ObjectId;
import dev.estuary.dfs.contract.crash.CrashLedger;
import dev.estuary.dfs.contract.crash.CrashModel;
import dev.estuary.dfs.contract.crash.CrashWriter;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The SIGKILL crash test: a child JVM ({@link CrashWriter}) publishes and rewrites objects and
 * acknowledges each step in a ledger only after the backend's sync returned (for names, the cheap
 * sequence {@link dev.estuary.dfs.FileHandle#syncData()}, then the namespace change, then {@link
 * dev.estuary.dfs.Volume#syncNamespace()}); this test kills it
 * at random moments, reopens the backend in-process and checks that every acknowledged byte is
 * there, that no name shows a torn object, and that {@link dev.estuary.dfs.DfsProvider#fsck}
 * finds no leaked storage. Needs {@link Capability#UNLINKED_OBJECTS} and a provider that {@link
 * java.util.ServiceLoader} finds by {@link dev.estuary.dfs.DfsProvider#name()}.
 */
public abstract class CrashContract extends DfsContractSupport {

  /**
   * Returns how many kill rounds to run.
   *
   * @return 12 by default
   */
  protected int crashRounds() {
    return 12;
  }

  /** Rounds always run, however slow the machine; later ones only within {@link #BUDGET_NANOS}. */
  private static final int MIN_ROUNDS = 6;

  private static final long BUDGET_NANOS = TimeUnit.SECONDS.toNanos(40);

  @Test
  @Timeout(value = 300, unit = TimeUnit.SECONDS)
  void sigkillDuringWrites_losesNoAcknowledgedByteAndLeaksNothing() throws Exception {
    assumeCapability(Capability.UNLINKED_OBJECTS);
    ObjectId dir = mkdir(root, CrashLedger.DIRECTORY).id();
    boolean retention = dfs.capabilities().contains(Capability.RETENTION);
    CrashModel model = new CrashModel(dfs.capabilities().contains(Capability.XATTRS), retention);
    dfs.close();
    SplittableRandom random = new SplittableRandom(0xC0FFEE);
    List<String> log = new ArrayList<>();
    long started = System.nanoTime();

    for (int round = 0;
        round < crashRounds()
            && (round < MIN_ROUNDS || System.nanoTime() - started < BUDGET_NANOS);
        round++) {
      Path ledger = scratchDirectory().resolve("ledger-" + round + ".txt");
      long seed = random.nextLong();
      long killAfterMillis = 300 + random.nextInt(1200);
      runAndKill(ledger, seed, killAfterMillis, round);

      List<CrashLedger.Entry> entries = CrashLedger.read(ledger);
      dfs = provider().open(context());
      volume = dfs.volume(VOLUME);
      root = volume.root();
      List<String> problems = model.verifyAndSettle(volume, dir, entries);
      assertThat(problems)
          .as("round %d (seed %x, killed after %d ms, %d ledger lines)", round, seed,
              killAfterMillis, entries.size())
          .isEmpty();
      assertListingsAgree(dir, "round " + round);
      model.recordCounters(volume, dir);
      dfs.close();

      // Start-up reclaims what each crash left; a leak would survive into the final check too.
      if (round % 4 == 3) {
        assertFsckClean("after round " + round);
      }
      log.add("round " + round + ": " + entries.size() + " ledger lines");
    }
    assertFsckClean("after " + log.size() + " rounds");
    // The rounds must have exercised every kind of step, or the checks above proved little.
    List<String> steps = new ArrayList<>(List.of("publish", "created", "ack", "removed", "renamed"));
    if (retention) {
      steps.add("protected");
    }
    for (String step : steps) {
      assertThat(model.count(step)).as("%s steps: %s; %s", step, model.summary(), log).isPositive();
    }
  }

  /**
   * After recovery the three ways to reach an entry agree: the name-ordered listing, the listing
   * by position (each entry once, positions increasing) and, when offered, the case-insensitive
   * lookup.
   */
  private void assertListingsAgree(ObjectId dir, String when) {
    List<DirEntry> byName = listAll(dir, 1000, false);
    List<DirEntry> byPosition = new ArrayList<>();
    long after = DirEntry.NO_POSITION;
    while (true) {
      DirPositionPage page = volume.readdirByPosition(dir, after, 1000, false);
      byPosition.addAll(page.entries());
      after = page.last();
      if (page.end()) {
        break;
      }
    }
    assertThat(byPosition).as("listing by position %s", when)
        .containsExactlyInAnyOrderElementsOf(byName);
    for (int i = 1; i < byPosition.size(); i++) {
      assertThat(byPosition.get(i).position()).as("positions %s", when)
          .isGreaterThan(byPosition.get(i - 1).position());
    }
    if (dfs.capabilities().contains(Capability.CASE_INSENSITIVE_LOOKUP)) {
      for (DirEntry e : byName) {
        CaseLookup found = volume.lookupIgnoreCase(dir, CaseFolding.fold(e.name()));
        if (!found.collision()) {
          assertThat(found.entry().id()).as("case-insensitive lookup of %s %s", e.name(), when)
              .isEqualTo(e.id());
        }
      }
    }
  }

  private void assertFsckClean(String when) {
    FsckReport report = provider().fsck(context(), false, line -> {});
    assertThat(report.problems()).as("fsck %s", when).isEmpty();
    assertThat(report.clean()).as("fsck %s", when).isTrue();
  }

  /**
   * Starts the writer, waits until it is ready, lets it write, then kills it with SIGKILL. A
   * backend whose data lives in another process (the remote backend's engine daemon) overrides it
   * to kill that process instead, running {@link CrashWriter#run} as its client.
   *
   * @param ledger where the writer records its steps
   * @param seed the writer's seed
   * @param killAfterMillis how long to let it write
   * @param round the round number, for messages and file names
   * @throws Exception if the child cannot be run
   */
  protected void runAndKill(Path ledger, long seed, long killAfterMillis, int round)
      throws Exception {
    Path stderr = scratchDirectory().resolve("writer-" + round + ".err");
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse(javaFromHome()));
    command.add("--enable-native-access=ALL-UNNAMED");
    command.add("-Xmx256m");
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-XX:+UseSerialGC");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(CrashWriter.class.getName());
    command.add(provider().name());
    command.add(dataDirectory().toString());
    command.add(ledger.toString());
    command.add(Long.toString(seed));
    command.add(VOLUME);
    for (Map.Entry<String, String> o : options().entrySet()) {
      command.add(o.getKey() + "=" + o.getValue());
    }
    Process child =
        new ProcessBuilder(command)
            .redirectError(stderr.toFile())
            .redirectInput(ProcessBuilder.Redirect.PIPE)
            .start();
    CompletableFuture<Boolean> ready = new CompletableFuture<>();
    Thread drain =
        Thread.ofVirtual()
            .start(
                () -> {
                  try (BufferedReader r =
                      new BufferedReader(
                          new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line = r.readLine(); line != null; line = r.readLine()) {
                      if (line.equals("ready")) {
                        ready.complete(true);
                      }
                    }
                  } catch (IOException e) {
                    // The pipe closes when the child dies; nothing more to read.
                  }
                  ready.complete(false);
                });
    try {
      boolean started = ready.get(60, TimeUnit.SECONDS);
      assertThat(started).as("writer ready in round %d; stderr: %s", round, tail(stderr)).isTrue();
      Thread.sleep(killAfterMillis);
      assertThat(child.isAlive())
          .as("writer still running when killed in round %d; stderr: %s", round, tail(stderr))
          .isTrue();
    } finally {
      child.destroyForcibly();
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
      drain.join(10_000);
    }
  }

  private static String javaFromHome() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static String tail(Path file) {
    try {
      String s = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
      return s.length() > 4000 ? "..." + s.substring(s.length() - 4000) : s;
    } catch (IOException e) {
      return "(unreadable: " + e + ")";
    }
  }
}
