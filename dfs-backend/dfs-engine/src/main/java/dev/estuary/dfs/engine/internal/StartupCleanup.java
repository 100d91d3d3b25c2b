package dev.estuary.dfs.engine.internal;

import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.ErrorKind;
import dev.estuary.dfs.ObjectId;
import dev.estuary.dfs.ObjectType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
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
 * removes orphans left by a crash"). Its work is bounded by what was in flight, never by the size
 * of the store (issue 10: no full scan at start-up):
 *
 * <ul>
 *   <li>reclaims every orphan (objects removed while open, unlinked objects never linked): the
 *       {@code orphans} column family;
 *   <li>repairs every object on the start-up work list ({@link PendingObjects}): deletes the data
 *       file of an object whose inode is gone, takes the data file's length as the size of one
 *       whose writes were in flight (adopting the data file of an inline file that had moved its
 *       data there, {@link #adoptOrDelete}), with a new change counter (the last
 *       write-back may have been lost, and a client may have seen a counter above the stored one
 *       for data that is still there, {@code Attributes#change});
 *   <li>deletes the directories of deleted volumes (one directory listing of {@code objects}).
 * </ul>
 *
 * <p>Object counts are stored in every batch that changes them, so nothing is recounted. Damage
 * outside the work list (a data file nobody announced: a power cut that lost the WAL's tail with
 * the mark) is {@code fsck}'s to find. Its writes are not fsynced: each is redone by the next
 * start-up if a crash loses it (the marks are cleared in the batch that repairs them).
 */
final class StartupCleanup {
  private static final Logger LOG = LoggerFactory.getLogger(StartupCleanup.class);

  /** Most repairs written in one batch, to bound its memory. */
  private static final int FIX_BATCH = 4096;

  private final EngineDfs dfs;
  private final MetaStore store;
  private final Map<Long, Long> countDelta = new HashMap<>();
  private int orphans;
  private int pendingSeen;
  private int strayFiles;
  private int resized;

  StartupCleanup(EngineDfs dfs) {
    this.dfs = dfs;
    this.store = dfs.store;
  }

  void run(boolean wasClean) {
    long started = System.nanoTime();
    try {
      reclaimOrphans();
      repairPending();
      deleteStrayVolumes();
    } catch (RocksDBException e) {
      throw MetaStore.ioError("start-up cleanup", e);
    } catch (IOException e) {
      throw new DfsException(ErrorKind.IO_ERROR,
          "start-up cleanup of " + dfs.objectsDir + " failed: " + e, e);
    }
    if (orphans + pendingSeen + strayFiles > 0 || !wasClean) {
      LOG.info("engine start-up at {} after {} shutdown: reclaimed {} orphan objects, repaired {} "
          + "objects in flight ({} data files deleted, {} sizes corrected) in {} ms",
          dfs.dataDirectory, wasClean ? "a clean" : "an unclean", orphans, pendingSeen, strayFiles,
          resized, (System.nanoTime() - started) / 1_000_000);
    }
  }

  /**
   * Deletes every orphan's metadata; a file's data file is marked {@link PendingObjects#DELETING}
   * in the same batch, so the next step deletes it (now, or at the next start-up).
   */
  private void reclaimOrphans() throws RocksDBException {
    try (RocksIterator it = store.db().newIterator(store.orphans);
        WriteBatch batch = new WriteBatch()) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        byte[] key = it.key();
        ObjectId id = Codec.readId(key, 0);
        byte[] value = store.get(store.inodes, key);
        batch.delete(store.inodes, key);
        batch.deleteRange(store.xattrs, key, Codec.prefixEnd(key));
        batch.delete(store.inline, key);
        batch.delete(store.orphans, key);
        if (value != null) {
          countDelta.merge(id.hi(), -1L, Long::sum);
          if (Codec.decodeInode(id, value).type() == ObjectType.FILE) {
            batch.put(store.pending, key, new byte[] {PendingObjects.DELETING});
          }
        }
        orphans++;
        if (batch.count() >= FIX_BATCH) {
          store.write(batch);
          batch.clear();
        }
      }
      for (Map.Entry<Long, Long> e : countDelta.entrySet()) {
        byte[] countKey = EngineVolume.countKey(e.getKey());
        byte[] old = store.get(store.meta, countKey);
        if (old != null) {
          batch.put(store.meta, countKey, Codec.encodeLong(Codec.decodeLong(old) + e.getValue()));
        }
      }
      if (batch.count() > 0) {
        store.write(batch);
      }
    }
  }

  /** Repairs every object on the work list and clears its mark. */
  private void repairPending() throws IOException, RocksDBException {
    try (RocksIterator it = store.db().newIterator(store.pending);
        WriteBatch fixes = new WriteBatch()) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        byte[] key = it.key();
        ObjectId id = Codec.readId(key, 0);
        pendingSeen++;
        Path file = EngineVolume.dataPath(dfs.objectsDir, id);
        byte[] value = store.get(store.inodes, key);
        Inode inode = value == null ? null : Codec.decodeInode(id, value);
        if (inode == null) {
          // Its inode is gone (deleted, the data file waiting for the WAL sync): the file holds
          // nothing anyone can reach.
          if (Files.deleteIfExists(file)) {
            strayFiles++;
          }
        } else if (inode.inline()) {
          adoptOrDelete(key, inode, file, fixes);
        } else {
          long length;
          try {
            length = Files.size(file);
          } catch (NoSuchFileException e) {
            length = -1;
          }
          if (length >= 0) {
            if (length != inode.size()) {
              resized++;
            }
            // Through putInode: a named file's entry carries a copy of its attributes.
            store.putInode(fixes, inode.withData(length, inode.allocated(),
                inode.atime(), inode.mtime(), inode.ctime(), dfs.nextChange(), inode.flags()));
          }
        }
        fixes.delete(store.pending, key);
        if (fixes.count() >= FIX_BATCH) {
          store.write(fixes);
          fixes.clear();
        }
      }
      if (fixes.count() > 0) {
        store.write(fixes);
      }
    }
  }

  /**
   * An inline file whose data moved to a data file (past the inline threshold) before the crash
   * and whose write-back was lost: the data file holds the inline bytes (copied when it was made)
   * plus the writes after. It becomes the file's data if it begins with the stored inline bytes,
   * so nothing stored is lost (after a power cut a data file that was never synced may hold less);
   * otherwise it is deleted and the stored inline data stands.
   */
  private void adoptOrDelete(byte[] key, Inode inode, Path file, WriteBatch fixes)
      throws IOException, RocksDBException {
    if (!Files.exists(file)) {
      return;
    }
    byte[] stored = inode.size() == 0 ? new byte[0] : store.get(store.inline, key);
    long length = Files.size(file);
    boolean keeps = stored != null && length >= stored.length;
    if (keeps && stored.length > 0) {
      byte[] head = new byte[stored.length];
      try (FileChannel ch = FileChannel.open(file)) {
        ByteBuffer b = ByteBuffer.wrap(head);
        while (b.hasRemaining() && ch.read(b, b.position()) >= 0) {
          // until the head is read (the length was checked above)
        }
      }
      keeps = Arrays.equals(head, stored);
    }
    if (!keeps) {
      Files.delete(file);
      strayFiles++;
      return;
    }
    resized++;
    store.putInode(fixes, inode.withData(length, length, inode.atime(),
        inode.mtime(), inode.ctime(), dfs.nextChange(), inode.flags() & ~Inode.INLINE));
    fixes.delete(store.inline, key);
  }

  /** Deletes the data directory of every volume that no longer exists (a deletion cut short). */
  private void deleteStrayVolumes() throws IOException, RocksDBException {
    Set<String> volumeDirs = new HashSet<>();
    try (RocksIterator it = store.db().newIterator(store.volumes)) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        volumeDirs.add(EngineVolume.volumeDirName(Codec.decodeVolume("?", it.value()).volId()));
      }
    }
    try (DirectoryStream<Path> vols = Files.newDirectoryStream(dfs.objectsDir)) {
      for (Path vol : vols) {
        if (!volumeDirs.contains(vol.getFileName().toString())) {
          EngineDfs.deleteTree(vol);
          strayFiles++;
        }
      }
    }
  }
}
