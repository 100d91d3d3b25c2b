package dev.estuary.bench.internal;

import dev.estuary.dfs.Dfs;
import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.DfsProvider;
import dev.estuary.dfs.DirCursor;
import dev.estuary.dfs.DirPage;
import dev.estuary.dfs.ErrorKind;
import dev.estuary.dfs.FileHandle;
import dev.estuary.dfs.ObjectId;
import dev.estuary.dfs.OpenMode;
import dev.estuary.dfs.Ownership;
import dev.estuary.dfs.RemoveKind;
import dev.estuary.dfs.Volume;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * The engine JVM of the scale benchmark ({@link dev.estuary.bench.ScaleBench}): one process per
 * step, started with a fixed heap by the parent, reporting {@code result KEY VALUE} lines on
 * standard output and progress on standard error. Steps:
 *
 * <ul>
 *   <li>{@code load}: opens a fresh engine, creates the tree ({@link Shape}), then stats a random
 *       sample of names, waits for RocksDB's compactions to settle and stats another, lists every
 *       directory, reports memory and the data directory's size, and stops cleanly;
 *   <li>{@code inflight}: opens the engine (timed: start-up after a clean stop), starts writes
 *       (files with data written and not synced, handles left open, removals not synced), prints
 *       {@code ready} and waits to be killed with SIGKILL;
 *   <li>{@code unlink}: opens the engine (timed: start-up after SIGKILL), checks a sample of names,
 *       removes every file and directory, and stops cleanly.
 * </ul>
 *
 * <p>Usage: {@code ScaleEngine STEP DATA_DIR SCALE [KEY=VALUE engine options...]}.
 */
public final class ScaleEngine {
  private static final Ownership OWNER = new Ownership(1000, 1000);
  private static final String VOLUME = "scale";
  /** Files the in-flight step writes and leaves unsynced when it is killed. */
  static final int INFLIGHT_FILES = 1000;
  private static final int INFLIGHT_BYTES = 128 * 1024;
  /** Longest wait for RocksDB's compactions to settle before the settled stat pass. */
  private static final long SETTLE_LIMIT_MS = 15 * 60_000;

  private final PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
  private final Shape shape;
  private final Path dataDir;
  private final Map<String, String> options;
  private final MeterRegistry registry = new SimpleMeterRegistry();

  private ScaleEngine(Shape shape, Path dataDir, Map<String, String> options) {
    this.shape = shape;
    this.dataDir = dataDir;
    this.options = options;
  }

  /**
   * Runs one step.
   *
   * @param args step, data directory, scale, then engine options
   */
  public static void main(String[] args) {
    if (args.length < 3) {
      throw new IllegalArgumentException(
          "args: " + List.of(args) + " (expected: STEP DATA_DIR SCALE [KEY=VALUE...])");
    }
    Map<String, String> options = new HashMap<>();
    for (int i = 3; i < args.length; i++) {
      int eq = args[i].indexOf('=');
      options.put(args[i].substring(0, eq), args[i].substring(eq + 1));
    }
    ScaleEngine e = new ScaleEngine(Shape.of(Double.parseDouble(args[2])), Path.of(args[1]), options);
    switch (args[0]) {
      case "load" -> e.load();
      case "inflight" -> e.inflight();
      case "unlink" -> e.unlink();
      default -> throw new IllegalArgumentException(
          "step: '" + args[0] + "' (expected: load, inflight or unlink)");
    }
  }

  private Dfs open(Path dir, MeterRegistry meters) {
    for (DfsProvider p : ServiceLoader.load(DfsProvider.class)) {
      if (p.name().equals("engine")) {
        return p.open(new DfsProvider.Context(dir, Clock.systemUTC(), meters, options));
      }
    }
    throw new IllegalStateException("provider: 'engine' (expected on the class path)");
  }

  /**
   * Opens the engine and reports how long that took. An engine on an empty scratch directory is
   * opened and closed first (reported as {@code first.open.ms}): it loads RocksDB's native library
   * and the classes, a cost of the JVM's first open, not of the store's size.
   */
  private Dfs openTimed(String key) {
    Path scratch = dataDir.resolveSibling(dataDir.getFileName() + "-first-open");
    long t0 = System.nanoTime();
    open(scratch, new SimpleMeterRegistry()).close();
    result("first.open.ms", (System.nanoTime() - t0) / 1e6);
    Trees.delete(scratch);
    t0 = System.nanoTime();
    Dfs dfs = open(dataDir, registry);
    result(key, (System.nanoTime() - t0) / 1e6);
    return dfs;
  }

  private void load() {
    Dfs dfs = openTimed("startup.empty.ms");
    dfs.createVolume(VOLUME, 0755, OWNER);
    Volume v = dfs.volume(VOLUME);
    ObjectId[] dirs = new ObjectId[shape.dirCount() + 1];
    for (int d = 0; d < shape.dirCount(); d++) {
      dirs[d] = v.mkdir(v.root(), Shape.dirName(d), 0755, OWNER).id();
    }
    dirs[shape.dirCount()] = v.mkdir(v.root(), Shape.BIG, 0755, OWNER).id();

    Progress p = new Progress("create", shape.files());
    long i = 0;
    for (int d = 0; d <= shape.dirCount(); d++) {
      int n = shape.filesIn(d);
      for (int f = 0; f < n; f++) {
        v.create(dirs[d], Shape.fileName(f), 0644, OWNER, true);
        p.tick(++i);
      }
    }
    result("create.ops", p.rate());

    // Stat: names drawn at random over the whole tree (each file equally likely), right after the
    // creates, while RocksDB still compacts what they wrote; then again once it has settled.
    result("stat.ops", stat(v, dirs, "stat", 42));
    settle();
    result("stat.settled.ops", stat(v, dirs, "stat, settled", 43));

    p = new Progress("readdir", shape.files());
    long listed = 0;
    for (ObjectId dir : dirs) {
      listed += list(v, dir);
      p.tick(listed);
    }
    check(listed == shape.files(), "readdir: " + listed + " entries (expected: " + shape.files() + ")");
    result("readdir.ops", p.rate());

    memory("load");
    long t0 = System.nanoTime();
    dfs.close();
    result("close.ms", (System.nanoTime() - t0) / 1e6);
    long bytes = directoryBytes(dataDir);
    result("data.bytes", bytes);
    result("data.bytes.per.object", bytes / (double) shape.files());
  }

  private double stat(Volume v, ObjectId[] dirs, String label, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    long sample = shape.statSample();
    Progress p = new Progress(label, sample);
    long sink = 0;
    for (long j = 0; j < sample; j++) {
      long k = random.nextLong(shape.files());
      int d = shape.dirOf(k);
      sink += v.lookup(dirs[d], Shape.fileName(shape.indexInDir(k))).size();
      p.tick(j + 1);
    }
    check(sink == 0, label + ": total size " + sink + " of empty files (expected: 0)");
    return p.rate();
  }

  /**
   * Waits, untimed, until RocksDB has no compaction debt and no background job left (the gauges
   * {@code estuary.engine.rocksdb.compaction.pending} and {@code background.jobs}, zero at three
   * polls in a row, since a job can start just after another ends), at most {@link
   * #SETTLE_LIMIT_MS}; reports how long that took and the debt it started from.
   */
  private void settle() {
    Gauge pending = registry.find("estuary.engine.rocksdb.compaction.pending").gauge();
    Gauge jobs = registry.find("estuary.engine.rocksdb.background.jobs").gauge();
    check(pending != null && jobs != null, "gauges of RocksDB's background work (expected: the engine's)");
    long t0 = System.nanoTime();
    result("settle.pending.bytes", pending.value());
    int quiet = 0;
    long nextReport = 0;
    while (quiet < 3) {
      long ms = (System.nanoTime() - t0) / 1_000_000;
      if (ms > SETTLE_LIMIT_MS) {
        System.err.printf(Locale.ROOT, "settle: still %.0f MiB pending after %d s; going on%n",
            pending.value() / (1 << 20), ms / 1000);
        break;
      }
      if (ms >= nextReport) {
        System.err.printf(Locale.ROOT, "settle: %.0f MiB of compaction pending, %.0f jobs running (%d s)%n",
            pending.value() / (1 << 20), jobs.value(), ms / 1000);
        nextReport = ms + 5_000;
      }
      quiet = pending.value() == 0 && jobs.value() == 0 ? quiet + 1 : 0;
      try {
        Thread.sleep(200); // a poll of a condition only RocksDB's threads change
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for RocksDB to settle", e);
      }
    }
    result("settle.ms", (System.nanoTime() - t0) / 1e6);
  }

  private void inflight() {
    Dfs dfs = openTimed("startup.clean.ms");
    Volume v = dfs.volume(VOLUME);
    ObjectId root = v.root();
    ObjectId dir = v.lookup(root, Shape.dirName(0)).id();
    ObjectId scratch = v.mkdir(root, "inflight", 0755, OWNER).id();
    // Writes in flight: data files (past the inline threshold) written, never synced, handles open.
    byte[] bytes = new byte[INFLIGHT_BYTES];
    new SplittableRandom(7).nextBytes(bytes);
    ByteBuffer data = ByteBuffer.allocateDirect(INFLIGHT_BYTES).put(bytes);
    List<FileHandle> open = new ArrayList<>();
    for (int i = 0; i < INFLIGHT_FILES; i++) {
      ObjectId id = v.create(scratch, "w" + i, 0644, OWNER, true).id();
      FileHandle h = v.open(id, OpenMode.WRITE);
      data.clear();
      h.write(0, data);
      open.add(h);
    }
    // Removals not synced: the first tenth of a directory. The engine writes removes in runs
    // (Txn.defer), so a run still waiting when the process is killed may come back, whole.
    for (int f = 0; f < Math.min(100, shape.filesIn(0)); f++) {
      v.remove(dir, Shape.fileName(f), RemoveKind.NOT_DIRECTORY);
    }
    memory("inflight");
    out.println("ready");
    // Killed with SIGKILL by the parent; a clean exit here would be a bug in the parent.
    while (true) {
      try {
        Thread.sleep(60_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void unlink() {
    Dfs dfs = openTimed("startup.killed.ms");
    Volume v = dfs.volume(VOLUME);
    ObjectId root = v.root();
    // The in-flight files: each one there, with the length its data file has.
    ObjectId scratch = v.lookup(root, "inflight").id();
    for (int i = 0; i < INFLIGHT_FILES; i++) {
      long size = v.lookup(scratch, "w" + i).size();
      // Written, never synced nor written back: the start-up repair takes the data file's length.
      check(size == INFLIGHT_BYTES,
          "in-flight file w" + i + ": size " + size + " after SIGKILL (expected: " + INFLIGHT_BYTES + ")");
      v.remove(scratch, "w" + i, RemoveKind.NOT_DIRECTORY);
    }
    v.remove(root, "inflight", RemoveKind.DIRECTORY);
    ObjectId[] dirs = new ObjectId[shape.dirCount() + 1];
    for (int d = 0; d < shape.dirCount(); d++) {
      dirs[d] = v.lookup(root, Shape.dirName(d)).id();
    }
    dirs[shape.dirCount()] = v.lookup(root, Shape.BIG).id();
    // The unsynced removals of the killed step: each either done or, for the last run the engine
    // had not written yet, undone, never one without those after it (the WAL keeps their order).
    int removedBefore = Math.min(100, shape.filesIn(0));
    int back = 0;
    for (int f = 0; f < removedBefore; f++) {
      if (exists(v, dirs[0], Shape.fileName(f))) {
        back++;
        v.remove(dirs[0], Shape.fileName(f), RemoveKind.NOT_DIRECTORY);
      } else {
        check(back == 0, "removal of " + Shape.fileName(f) + " survived SIGKILL after an earlier one was lost"
            + " (expected: a lost run of removals is the last one)");
      }
    }
    result("unlink.lost.by.kill", back);
    Progress p = new Progress("unlink", shape.files() - removedBefore);
    long i = 0;
    for (int d = 0; d <= shape.dirCount(); d++) {
      int n = shape.filesIn(d);
      for (int f = d == 0 ? removedBefore : 0; f < n; f++) {
        v.remove(dirs[d], Shape.fileName(f), RemoveKind.NOT_DIRECTORY);
        p.tick(++i);
      }
    }
    result("unlink.ops", p.rate());
    for (int d = 0; d < shape.dirCount(); d++) {
      v.remove(root, Shape.dirName(d), RemoveKind.DIRECTORY);
    }
    v.remove(root, Shape.BIG, RemoveKind.DIRECTORY);
    check(v.statfs().objects() == 1,
        "objects after unlink: " + v.statfs().objects() + " (expected: 1, the root)");
    memory("unlink");
    dfs.close();
  }

  private static boolean exists(Volume v, ObjectId dir, String name) {
    try {
      v.lookup(dir, name);
      return true;
    } catch (DfsException e) {
      if (e.kind() != ErrorKind.NOT_FOUND) {
        throw e;
      }
      return false;
    }
  }

  private static long list(Volume v, ObjectId dir) {
    long n = 0;
    DirCursor cursor = DirCursor.START;
    while (true) {
      DirPage page = v.readdir(dir, cursor, EngineSide.PAGE, false);
      n += page.entries().size();
      if (page.end()) {
        return n;
      }
      cursor = page.next();
    }
  }

  /** Reports the process's resident memory, the heap after a GC and RocksDB's memory. */
  private void memory(String when) {
    System.gc();
    Runtime rt = Runtime.getRuntime();
    result(when + ".heap.used.bytes", rt.totalMemory() - rt.freeMemory());
    result(when + ".rss.bytes", procStatus("VmRSS"));
    result(when + ".rss.peak.bytes", procStatus("VmHWM"));
    for (String kind : List.of("block-cache", "memtables", "table-readers")) {
      Gauge g = registry.find("estuary.engine.rocksdb.memory").tag("kind", kind).gauge();
      result(when + ".rocksdb." + kind + ".bytes", g == null ? -1 : g.value());
    }
    Gauge cache = registry.find("estuary.engine.metadata.cache.bytes").gauge();
    result(when + ".metadata.cache.bytes", cache == null ? -1 : cache.value());
    Gauge hits = registry.find("estuary.engine.metadata.cache.hit.ratio").gauge();
    result(when + ".metadata.cache.hit.ratio", hits == null ? -1 : hits.value());
  }

  private static long procStatus(String field) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith(field + ":")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
    return -1;
  }

  /** Bytes of the files under a directory (their lengths; RocksDB's files are not sparse). */
  static long directoryBytes(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).mapToLong(f -> {
        try {
          return Files.size(f);
        } catch (IOException e) {
          return 0; // deleted while walked (a RocksDB log rolled over): not part of the store
        }
      }).sum();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void result(String key, double value) {
    out.println(String.format(Locale.ROOT, "result %s %.3f", key, value));
  }

  private static void check(boolean ok, String message) {
    if (!ok) {
      throw new IllegalStateException(message);
    }
  }

  /** The tree of one scale: {@code dirCount} directories of 1,000 files, plus one of {@code bigDir}. */
  record Shape(int dirCount, int bigDir) {
    static final int PER_DIR = 1000;
    static final String BIG = "big";

    static Shape of(double scale) {
      return new Shape(Math.max(1, (int) Math.round(10_000 * scale)),
          Math.max(PER_DIR, (int) Math.round(1_000_000 * scale)));
    }

    long files() {
      return (long) dirCount * PER_DIR + bigDir;
    }

    long statSample() {
      return Math.min(files(), 1_000_000);
    }

    int filesIn(int d) {
      return d == dirCount ? bigDir : PER_DIR;
    }

    int dirOf(long k) {
      return k >= (long) dirCount * PER_DIR ? dirCount : (int) (k / PER_DIR);
    }

    int indexInDir(long k) {
      return k >= (long) dirCount * PER_DIR ? (int) (k - (long) dirCount * PER_DIR) : (int) (k % PER_DIR);
    }

    static String dirName(int d) {
      return String.format(Locale.ROOT, "d%05d", d);
    }

    static String fileName(int f) {
      return String.format(Locale.ROOT, "f%07d", f);
    }
  }

  /** Times a phase and prints progress to standard error every 5 s. */
  private static final class Progress {
    private final String name;
    private final long total;
    private final long start = System.nanoTime();
    private long nextReport = start + 5_000_000_000L;
    private long done;

    Progress(String name, long total) {
      this.name = name;
      this.total = total;
    }

    void tick(long n) {
      done = n;
      if ((n & 1023) == 0) {
        long now = System.nanoTime();
        if (now >= nextReport) {
          nextReport = now + 5_000_000_000L;
          System.err.printf(Locale.ROOT, "scale-bench: %s %,d of %,d (%.0f/s)%n", name, n, total,
              n / ((now - start) / 1e9));
        }
      }
    }

    double rate() {
      return done / ((System.nanoTime() - start) / 1e9);
    }
  }
}
