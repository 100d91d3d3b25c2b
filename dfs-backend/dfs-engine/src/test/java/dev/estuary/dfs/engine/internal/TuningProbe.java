package dev.estuary.dfs.engine.internal;

import com.sun.management.OperatingSystemMXBean;
import dev.estuary.dfs.ObjectId;
import dev.estuary.dfs.Ownership;
import dev.estuary.dfs.RemoveKind;
import dev.estuary.dfs.Volume;
import dev.estuary.dfs.DirCursor;
import dev.estuary.dfs.DirPage;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A/B measurement of one {@link StoreTuning} setting (issue 10 round 4, bench/README.md): in a
 * fresh engine, {@code files} empty files in directories of 1,000 (engine-bench's "1000 dirs"
 * layout), created in name order, then stat'ed in a shuffled order, listed (3 passes) and
 * unlinked in name order; prints ops/s and the process's CPU per operation (RocksDB's background
 * threads included) of each phase. The metadata cache is kept small so that stat and unlink read
 * RocksDB, which is what the settings change. Not a test: run by hand with the test class path,
 * one JVM per setting, alternating settings.
 *
 * <p>Arguments: data directory, files, setting ({@code default}, {@code bloom=N}, {@code
 * partitioned}, {@code no-compact-on-deletion}, {@code direct-reads}), then engine options.
 */
public final class TuningProbe {
  private TuningProbe() {}

  public static void main(String[] args) {
    Path dir = Path.of(args[0]);
    int files = Integer.parseInt(args[1]);
    StoreTuning d = StoreTuning.DEFAULTS;
    String setting = args[2];
    StoreTuning tuning = switch (setting.replaceAll("=.*", "")) {
      case "default" -> d;
      case "bloom" -> new StoreTuning(Integer.parseInt(setting.substring(6)), d.partitionedIndexFilters(),
          d.compactOnDeletion(), d.directReads());
      case "partitioned" -> new StoreTuning(d.bloomBitsPerKey(), true, d.compactOnDeletion(), d.directReads());
      case "no-compact-on-deletion" -> new StoreTuning(d.bloomBitsPerKey(), d.partitionedIndexFilters(), false,
          d.directReads());
      case "direct-reads" -> new StoreTuning(d.bloomBitsPerKey(), d.partitionedIndexFilters(),
          d.compactOnDeletion(), true);
      default -> throw new IllegalArgumentException("setting: '" + setting + "'");
    };
    java.util.HashMap<String, String> options = new java.util.HashMap<>(Map.of("metadata-cache-mb", "16"));
    for (int i = 3; i < args.length; i++) {
      String[] kv = args[i].split("=", 2);
      options.put(kv[0], kv[1]);
    }
    Ownership owner = new Ownership(1000, 1000);
    EngineDfs dfs = EngineDfs.open(EngineFixture.context(dir, options), tuning);
    dfs.createVolume("vol", 0755, owner);
    Volume v = dfs.volume("vol");
    int perDir = 1000;
    int dirs = (files + perDir - 1) / perDir;
    ObjectId[] ids = new ObjectId[dirs];
    for (int i = 0; i < dirs; i++) {
      ids[i] = v.mkdir(v.root(), "d" + i, 0755, owner).id();
    }
    StringBuilder line = new StringBuilder(setting);
    Phase p = new Phase();
    for (int i = 0; i < files; i++) {
      v.create(ids[i / perDir], name(i), 0644, owner, true);
    }
    line.append(p.end("create", files));
    int[] order = new int[files];
    for (int i = 0; i < files; i++) {
      order[i] = i;
    }
    SplittableRandom r = new SplittableRandom(42);
    for (int i = files - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    p = new Phase();
    long sink = 0;
    for (int i : order) {
      sink += v.lookup(ids[i / perDir], name(i)).size();
    }
    line.append(p.end("stat", files));
    p = new Phase();
    long listed = 0;
    for (int pass = 0; pass < 3; pass++) {
      for (ObjectId id : ids) {
        DirCursor c = DirCursor.START;
        while (true) {
          DirPage page = v.readdir(id, c, 4096, false);
          listed += page.entries().size();
          if (page.end()) {
            break;
          }
          c = page.next();
        }
      }
    }
    line.append(p.end("readdir", listed));
    p = new Phase();
    for (int i = 0; i < files; i++) {
      v.remove(ids[i / perDir], name(i), RemoveKind.NOT_DIRECTORY);
    }
    line.append(p.end("unlink", files));
    // Listing the emptied directories: an iterator steps over the tombstones of their removed
    // entries until a compaction drops them. The cache is cleared first (as after a restart), or
    // it would answer from the listings it keeps.
    dfs.cache.clear();
    p = new Phase();
    long tombstones = 0;
    dfs.store.db().setPerfLevel(org.rocksdb.PerfLevel.ENABLE_COUNT);
    org.rocksdb.PerfContext pc = dfs.store.db().getPerfContext();
    pc.reset();
    for (ObjectId id : ids) {
      listed += v.readdir(id, DirCursor.START, 4096, false).entries().size();
    }
    tombstones = pc.getInternalDeleteSkippedCount();
    line.append(p.end("readdir-emptied", ids.length))
        .append(String.format(" (%,d tombstones stepped over)", tombstones));
    if (sink != 0 || listed != 3L * files) {
      throw new IllegalStateException("sizes " + sink + ", listed " + listed);
    }
    dfs.close();
    System.out.println(line);
  }

  private static String name(int i) {
    return String.format("file-%08d", i);
  }

  /** Wall time and process CPU of one phase. */
  private static final class Phase {
    private static final OperatingSystemMXBean OS =
        (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private final long t0 = System.nanoTime();
    private final long cpu0 = OS.getProcessCpuTime();

    String end(String what, long ops) {
      double s = (System.nanoTime() - t0) / 1e9;
      double cpuUs = (OS.getProcessCpuTime() - cpu0) / 1e3 / ops;
      return String.format("  %s %,.0f/s %.1fus", what, ops / s, cpuUs);
    }
  }
}
