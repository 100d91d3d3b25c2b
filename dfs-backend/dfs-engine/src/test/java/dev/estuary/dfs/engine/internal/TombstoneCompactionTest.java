package dev.estuary.dfs.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.dfs.Dfs;
import dev.estuary.dfs.ObjectId;
import dev.estuary.dfs.Ownership;
import dev.estuary.dfs.RemoveKind;
import dev.estuary.dfs.Volume;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.FlushOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.TableProperties;

/**
 * Tombstones of a directory emptied in name order do not stay behind (issue 10 round 4): the
 * table the removals are flushed into is dense with tombstones, the compact-on-deletion collector
 * ({@link StoreTuning#compactOnDeletion()}) marks it, and RocksDB compacts it with the table holding
 * the deleted keys, dropping both. Without the collector, two tables in level 0 (below its
 * compaction trigger of four) would keep every key and every tombstone indefinitely.
 */
class TombstoneCompactionTest {
  @TempDir Path dir;

  /**
   * More removals than the {@link StoreTuning#DELETION_TRIGGER}: the flushed table holds them
   * within one {@link StoreTuning#DELETION_WINDOW}. (With the collector off and 40,768 files,
   * 81,537 keys and tombstones were still there after the minute; with it on, only the one entry
   * that should be.)
   */
  private static final int FILES = (int) StoreTuning.DELETION_TRIGGER + 4_000;

  @Test
  void aDirectoryEmptiedInNameOrderLeavesNoTombstones() throws Exception {
    try (Dfs d = EngineFixture.open(dir, Map.of("flush-interval-ms", "3600000"))) {
      EngineDfs dfs = (EngineDfs) d;
      Volume v = dfs.volume(dfs.createVolume("vol", 0755, Ownership.ROOT).name());
      ObjectId big = v.mkdir(v.root(), "big", 0755, Ownership.ROOT).id();
      for (int i = 0; i < FILES; i++) {
        v.create(big, name(i), 0644, Ownership.ROOT, true);
      }
      flush(dfs, dfs.store.entries);
      assertThat(keysInTables(dfs, dfs.store.entries)).as("entries in tables after the creates")
          .isGreaterThanOrEqualTo(FILES);
      for (int i = 0; i < FILES; i++) {
        v.remove(big, name(i), RemoveKind.NOT_DIRECTORY);
      }
      flush(dfs, dfs.store.entries);
      // A condition, not a sleep: RocksDB's background compaction drops the keys and tombstones.
      long deadline = System.nanoTime() + 60_000_000_000L;
      long left = keysInTables(dfs, dfs.store.entries);
      while (left > 1 && System.nanoTime() < deadline) {
        Thread.onSpinWait();
        Thread.yield();
        left = keysInTables(dfs, dfs.store.entries);
      }
      // What stays is the entry of 'big' itself, in the root.
      assertThat(left).as("keys and tombstones left in the entries tables after emptying 'big'")
          .isEqualTo(1);
      assertThat(v.readdir(big, dev.estuary.dfs.DirCursor.START, 10, false).entries()).isEmpty();
    }
  }

  private static String name(int i) {
    return String.format("file-%08d", i);
  }

  private static void flush(EngineDfs dfs, ColumnFamilyHandle cf) throws RocksDBException {
    // A change still deferred in the shared batch goes to RocksDB first.
    dfs.flushPending();
    try (FlushOptions f = new FlushOptions().setWaitForFlush(true)) {
      dfs.store.db().flush(f, cf);
    }
  }

  /** Entries (keys and tombstones) in the family's live tables. */
  private static long keysInTables(EngineDfs dfs, ColumnFamilyHandle cf) throws RocksDBException {
    long n = 0;
    for (TableProperties p : dfs.store.db().getPropertiesOfAllTables(cf).values()) {
      n += p.getNumEntries(); // tombstones included
    }
    return n;
  }
}
