package dev.estuary.dfs.engine.internal;

import dev.estuary.dfs.ObjectId;
import dev.estuary.dfs.Ownership;
import dev.estuary.dfs.RemoveKind;
import dev.estuary.dfs.Volume;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.PerfContext;
import org.rocksdb.PerfLevel;
import org.rocksdb.RocksDB;

/**
 * Diagnosis of unlink at scale (issue 10): creates {@code dirs x perDir} empty files, then removes
 * them in name order as bench/engine-scale does, printing the rate and RocksDB's state every
 * {@code every} removals. Not a test: run by hand with the test class path.
 */
public final class UnlinkProbe {
  private UnlinkProbe() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    int dirs = Integer.parseInt(args[1]);
    int perDir = Integer.parseInt(args[2]);
    int every = Integer.parseInt(args[3]);
    Map<String, String> options = new HashMap<>();
    for (int i = 4; i < args.length; i++) {
      String[] kv = args[i].split("=", 2);
      options.put(kv[0], kv[1]);
    }
    Ownership owner = new Ownership(1000, 1000);
    EngineDfs dfs = (EngineDfs) EngineFixture.open(dir, options);
    RocksDB db = dfs.store.db();
    dfs.createVolume("vol", 0755, owner);
    Volume v = dfs.volume("vol");
    ObjectId[] ids = new ObjectId[dirs];
    for (int d = 0; d < dirs; d++) {
      ids[d] = v.mkdir(v.root(), "d" + d, 0755, owner).id();
    }
    long t0 = System.nanoTime();
    long n = 0;
    long tick = System.nanoTime();
    for (int d = 0; d < dirs; d++) {
      for (int f = 0; f < perDir; f++) {
        v.create(ids[d], String.format("f%07d", f), 0644, owner, true);
        if (++n % every == 0) {
          long now = System.nanoTime();
          System.out.printf("create %,d: %,.0f/s%n", n, every / ((now - tick) / 1e9));
          tick = now;
        }
      }
    }
    System.out.printf("create total %,.0f/s%n", n / ((System.nanoTime() - t0) / 1e9));
    // Same process (the metadata cache holds the last-created names): drop the cache's advantage.
    dfs.cache.clear();
    db.setPerfLevel(PerfLevel.ENABLE_TIME_EXCEPT_FOR_MUTEX);
    PerfContext pc = db.getPerfContext();
    pc.reset();
    n = 0;
    t0 = System.nanoTime();
    tick = System.nanoTime();
    long cpu0 = cpu();
    for (int d = 0; d < dirs; d++) {
      for (int f = 0; f < perDir; f++) {
        v.remove(ids[d], String.format("f%07d", f), RemoveKind.NOT_DIRECTORY);
        if (++n % every == 0) {
          long now = System.nanoTime();
          long cpu = cpu();
          System.out.printf("unlink %,d: %,.0f/s  cpu %.1f us/op  skippedDel/op %.1f skippedKey/op %.1f"
                  + " blockReads/op %.2f memtableGet us/op %.2f sstGet us/op %.2f walWrite us/op %.2f"
                  + " memtableWrite us/op %.2f writeDelay us/op %.2f%n",
              n, every / ((now - tick) / 1e9), (cpu - cpu0) / 1e3 / every,
              pc.getInternalDeleteSkippedCount() / (double) every,
              pc.getInternalKeySkippedCount() / (double) every,
              pc.getBlockReadCount() / (double) every,
              pc.getFromMemtableTime() / 1e3 / every,
              pc.getFromOutputFilesTime() / 1e3 / every,
              pc.getWriteWalTime() / 1e3 / every,
              pc.getWriteMemtableTime() / 1e3 / every,
              pc.getWriteDelayTime() / 1e3 / every);
          for (String fam : new String[] {"entries", "inodes", "positions", "folded"}) {
            ColumnFamilyHandle h = switch (fam) {
              case "entries" -> dfs.store.entries;
              case "inodes" -> dfs.store.inodes;
              case "positions" -> dfs.store.positions;
              default -> dfs.store.folded;
            };
            System.out.printf("  %-9s levels %s  deletes(mem) %s  pendingCompaction %s MiB  L0 %s%n", fam,
                db.getProperty(h, "rocksdb.num-files-at-level0") + "/"
                    + db.getProperty(h, "rocksdb.num-files-at-level1") + "/"
                    + db.getProperty(h, "rocksdb.num-files-at-level2") + "/"
                    + db.getProperty(h, "rocksdb.num-files-at-level3") + "/"
                    + db.getProperty(h, "rocksdb.num-files-at-level4") + "/"
                    + db.getProperty(h, "rocksdb.num-files-at-level5") + "/"
                    + db.getProperty(h, "rocksdb.num-files-at-level6"),
                db.getProperty(h, "rocksdb.num-deletes-active-mem-table"),
                db.getLongProperty(h, "rocksdb.estimate-pending-compaction-bytes") >> 20,
                db.getProperty(h, "rocksdb.num-files-at-level0"));
          }
          pc.reset();
          tick = now;
          cpu0 = cpu;
        }
      }
    }
    System.out.printf("unlink total %,.0f/s%n", n / ((System.nanoTime() - t0) / 1e9));
    System.out.println(db.getProperty(dfs.store.entries, "rocksdb.stats"));
    dfs.close();
  }

  private static long cpu() {
    return java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
  }
}
