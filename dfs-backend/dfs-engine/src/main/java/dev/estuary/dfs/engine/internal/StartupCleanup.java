package dev.estuary.dfs.engine.internal;

import dev.estuary.dfs.ObjectId;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the engine does at every start-up, before serving (DESIGN §4, "at start-up the engine
 * removes orphans left by a crash"): reclaims every orphan (objects removed while open, unlinked
 * objects never linked), deletes data files that have no inode or whose inode keeps its data
 * inline (crash left-overs) and the directories of deleted volumes, and after an unclean shutdown
 * takes each data file's length as its size and gives it a new change counter (the last attribute
 * write-back may have been lost).
 * Its writes are not fsynced: each of them is redone by the next start-up if a crash loses it.
 */
final class StartupCleanup {
  private static final Logger LOG = LoggerFactory.getLogger(StartupCleanup.class);

  /** Most inode fixes written in one batch, to bound its memory. */
  private static final int FIX_BATCH = 4096;

  private final EngineDfs dfs;
  private final MetaStore store;
  private final Map<Long, Long> countDelta = new HashMap<>();
  private int orphans;
  private int strayFiles;
  private int resized;

  StartupCleanup(EngineDfs dfs) {
    this.dfs = dfs;
    this.store = dfs.store;
  }

  void run(boolean wasClean) {
    try {
      reclaimOrphans();
      scanDataFiles(wasClean);
      if (!wasClean) {
        recount();
      } else if (!countDelta.isEmpty()) {
        try (WriteBatch batch = new WriteBatch()) {
          for (Map.Entry<Long, Long> e : countDelta.entrySet()) {
            byte[] key = EngineVolume.countKey(e.getKey());
            byte[] old = store.get(store.meta, key);
            if (old != null) {
              batch.put(store.meta, key, Codec.encodeLong(Codec.decodeLong(old) + e.getValue()));
            }
          }
          store.write(batch);
        }
      }
    } catch (RocksDBException e) {
      throw MetaStore.ioError("start-up cleanup", e);
    } catch (IOException e) {
      throw new dev.estuary.dfs.DfsException(dev.estuary.dfs.ErrorKind.IO_ERROR,
          "start-up scan of " + dfs.objectsDir + " failed: " + e, e);
    }
    if (orphans + strayFiles + resized > 0) {
      LOG.info("engine start-up at {}: reclaimed {} orphan objects, deleted {} stray data files, "
          + "corrected {} sizes", dfs.dataDirectory, orphans, strayFiles, resized);
    }
  }

  /** Counts the objects of every volume again: counts are stored lazily and a crash loses them. */
  private void recount() throws RocksDBException {
    Map<Long, Long> counts = new HashMap<>();
    try (RocksIterator it = store.db().newIterator(store.volumes)) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        counts.put(Codec.decodeVolume("?", it.value()).volId(), 0L);
      }
    }
    try (RocksIterator it = store.db().newIterator(store.inodes)) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        counts.computeIfPresent(Codec.getLong(it.key(), 0), (k, n) -> n + 1);
      }
    }
    try (WriteBatch batch = new WriteBatch()) {
      for (Map.Entry<Long, Long> e : counts.entrySet()) {
        batch.put(store.meta, EngineVolume.countKey(e.getKey()), Codec.encodeLong(e.getValue()));
      }
      store.write(batch);
    }
  }

  private void reclaimOrphans() throws RocksDBException {
    try (RocksIterator it = store.db().newIterator(store.orphans);
        WriteBatch batch = new WriteBatch()) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        byte[] key = it.key();
        ObjectId id = Codec.readId(key, 0);
        byte[] inode = store.get(store.inodes, key);
        batch.delete(store.inodes, key);
        batch.deleteRange(store.xattrs, key, Codec.prefixEnd(key));
        batch.delete(store.inline, key);
        batch.delete(store.orphans, key);
        if (inode != null) {
          countDelta.merge(id.hi(), -1L, Long::sum);
        }
        orphans++;
      }
      if (batch.count() > 0) {
        store.write(batch);
      }
    }
  }

  private void scanDataFiles(boolean wasClean) throws IOException, RocksDBException {
    Set<String> volumeDirs = new HashSet<>();
    try (RocksIterator it = store.db().newIterator(store.volumes)) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        volumeDirs.add(EngineVolume.volumeDirName(Codec.decodeVolume("?", it.value()).volId()));
      }
    }
    try (DirectoryStream<Path> vols = Files.newDirectoryStream(dfs.objectsDir);
        WriteBatch fixes = new WriteBatch()) {
      for (Path vol : vols) {
        if (!volumeDirs.contains(vol.getFileName().toString())) {
          EngineDfs.deleteTree(vol);
          strayFiles++;
          continue;
        }
        try (DirectoryStream<Path> fans = Files.newDirectoryStream(vol)) {
          for (Path fan : fans) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(fan)) {
              for (Path file : files) {
                checkFile(file, wasClean, fixes);
              }
            }
          }
        }
      }
      if (fixes.count() > 0) {
        store.write(fixes);
      }
    }
  }

  private void checkFile(Path file, boolean wasClean, WriteBatch fixes) throws IOException, RocksDBException {
    String name = file.getFileName().toString();
    ObjectId id;
    try {
      id = ObjectId.parse(name);
    } catch (RuntimeException e) {
      Files.deleteIfExists(file);
      strayFiles++;
      return;
    }
    byte[] key = Codec.idKey(id);
    byte[] value = store.get(store.inodes, key);
    Inode inode = value == null ? null : Codec.decodeInode(id, value);
    if (inode == null || inode.inline()) {
      Files.deleteIfExists(file);
      strayFiles++;
      return;
    }
    if (!wasClean) {
      // Writes reach the data file at once but its change counter only at the next write-back,
      // which the crash may have lost: a client may have seen a counter above the stored one, for
      // data that is still there. A new counter, above every one of the crashed run, keeps the
      // counter from going back or standing still over a change (Attributes#change).
      long length = Files.size(file);
      if (length != inode.size()) {
        resized++;
      }
      store.putInode(fixes, inode.withData(length, inode.allocated(),
          inode.atime(), inode.mtime(), inode.ctime(), dfs.nextChange(), inode.flags()));
      if (fixes.count() >= FIX_BATCH) {
        store.write(fixes);
        fixes.clear();
      }
    }
  }
}
