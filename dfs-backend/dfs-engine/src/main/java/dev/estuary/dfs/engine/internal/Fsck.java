package dev.estuary.dfs.engine.internal;

import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.DfsProvider;
import dev.estuary.dfs.ErrorKind;
import dev.estuary.dfs.FsckReport;
import dev.estuary.dfs.ObjectId;
import dev.estuary.dfs.ObjectType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;

/**
 * The offline consistency check of an engine data directory ({@code EngineProvider.fsck}). Opens
 * the metadata store itself (so a running engine makes it fail with {@link ErrorKind#BUSY}), loads
 * every inode, then checks entries against back-pointers, directory entry and subdirectory counts,
 * the position and case-insensitive indexes ({@link FsckIndexes}), orphans, data files and object
 * counts, repairing each finding when asked.
 */
public final class Fsck {
  private static final int PROGRESS_EVERY = 10_000;
  private static final String LOST_FOUND = "lost+found";

  private final MetaStore store;
  private final Path objectsDir;
  private final boolean repair;
  private final Consumer<String> progress;
  private final DfsProvider.Context context;
  private final List<String> problems = new ArrayList<>();
  private final Map<Long, VolumeRecord> volumes = new HashMap<>();
  private final Map<ObjectId, Inode> inodes = new HashMap<>();
  private final Set<ObjectId> orphanKeys = new HashSet<>();
  private final FsckIndexes indexes;
  private long repaired;
  private long checked;

  private Fsck(DfsProvider.Context context, MetaStore store, Path objectsDir, boolean repair,
      Consumer<String> progress) {
    this.context = context;
    this.store = store;
    this.objectsDir = objectsDir;
    this.repair = repair;
    this.progress = progress;
    this.indexes = new FsckIndexes(store, repair, this::problem);
  }

  /**
   * Checks a stopped data directory.
   *
   * @param context where the engine lives
   * @param repair whether to fix what is found
   * @param progress receives a line every {@value #PROGRESS_EVERY} objects
   * @return the findings
   */
  public static FsckReport run(DfsProvider.Context context, boolean repair, Consumer<String> progress) {
    EngineConfig config = EngineConfig.parse(context.options());
    Path root = context.dataDirectory().toAbsolutePath();
    Path meta = root.resolve("engine").resolve("meta");
    Path objects = root.resolve("engine").resolve("objects");
    if (!Files.isDirectory(meta)) {
      throw new DfsException(ErrorKind.NOT_FOUND, "data directory " + root + " holds no engine (expected: " + meta + ")");
    }
    try (MetaStore store = MetaStore.open(meta, root, config.blockCacheBytes())) {
      Fsck fsck = new Fsck(context, store, objects, repair, progress);
      fsck.check();
      store.syncWal();
      return new FsckReport(fsck.checked, fsck.problems, fsck.repaired);
    } catch (RocksDBException e) {
      throw MetaStore.ioError("fsck", e);
    } catch (IOException e) {
      throw new DfsException(ErrorKind.IO_ERROR, "fsck of " + root + " failed: " + e, e);
    }
  }

  private void problem(String what, boolean fixed) {
    problems.add(what);
    if (fixed) {
      repaired++;
    }
  }

  private void write(WriteBatch batch) {
    store.write(batch);
  }

  private void check() throws RocksDBException, IOException {
    store.checkFormat(context.dataDirectory().toAbsolutePath());
    try (RocksIterator it = store.db().newIterator(store.volumes)) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        VolumeRecord r = Codec.decodeVolume(new String(it.key(), StandardCharsets.UTF_8), it.value());
        volumes.put(r.volId(), r);
      }
    }
    try (RocksIterator it = store.db().newIterator(store.orphans)) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        orphanKeys.add(Codec.readId(it.key(), 0));
      }
    }
    loadInodes();
    Map<ObjectId, Long> entryCounts = checkEntries();
    Map<ObjectId, Long> lastPositions = new HashMap<>();
    for (Inode inode : inodes.values()) {
      if (inode.type() == ObjectType.DIRECTORY) {
        lastPositions.put(inode.id(), inode.lastPosition());
      }
    }
    indexes.reposition(lastPositions, inodes);
    checkObjects(entryCounts);
    indexes.checkRecords();
    checkDataFiles();
    checkCounts();
    progress.accept("fsck: checked " + checked + " objects, " + problems.size() + " problems, "
        + repaired + " repaired");
  }

  private void loadInodes() throws RocksDBException {
    try (RocksIterator it = store.db().newIterator(store.inodes)) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        ObjectId id = Codec.readId(it.key(), 0);
        Inode inode = Codec.decodeInode(id, it.value());
        checked++;
        if (checked % PROGRESS_EVERY == 0) {
          progress.accept("fsck: loaded " + checked + " objects");
        }
        if (!volumes.containsKey(id.hi())) {
          boolean fix = repair;
          if (fix) {
            try (WriteBatch b = new WriteBatch()) {
              deleteKeys(b, id);
              write(b);
            }
          }
          problem("object " + id + " belongs to no volume", fix);
          continue;
        }
        inodes.put(id, inode);
      }
    }
  }

  /** Checks every entry; returns the number of valid entries per directory. */
  private Map<ObjectId, Long> checkEntries() throws RocksDBException {
    Map<ObjectId, Long> counts = new HashMap<>();
    try (RocksIterator it = store.db().newIterator(store.entries)) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        byte[] key = it.key();
        ObjectId parent = Codec.readId(key, 0);
        String name = Codec.keyName(key);
        MetaCache.Entry entry = null;
        try {
          entry = Codec.decodeEntry(it.value());
        } catch (DfsException e) {
          // Reported below as an entry naming nothing.
        }
        ObjectId child = entry == null ? null : entry.id();
        Inode dir = inodes.get(parent);
        Inode inode = child == null ? null : inodes.get(child);
        if (dir == null || dir.type() != ObjectType.DIRECTORY || inode == null || inode.orphan()) {
          String why = dir == null || dir.type() != ObjectType.DIRECTORY ? "its directory is missing"
              : entry == null ? "its value of " + it.value().length + " bytes cannot be decoded"
              : inode == null ? "it names a missing object " + child : "it names orphan " + child;
          if (repair) {
            try (WriteBatch b = new WriteBatch()) {
              b.delete(store.entries, key);
              if (entry != null) {
                b.delete(store.positions, Codec.positionKey(parent, entry.position()));
                b.delete(store.folded, Codec.foldedKey(parent, name));
              }
              write(b);
            }
          }
          problem("entry '" + name + "' in " + parent + ": " + why, repair);
          continue;
        }
        counts.merge(parent, 1L, Long::sum);
        // A misplaced entry gets a new position, in its inode too, in FsckIndexes#reposition.
        boolean placed = indexes.checkEntry(dir, name, entry);
        if (!parent.equals(inode.parent()) || !name.equals(inode.name())
            || (placed && inode.position() != entry.position())) {
          String why = "entry '" + name + "' in " + parent + " at position " + entry.position()
              + " names " + child + " whose back-pointer is " + inode.parent() + "/" + inode.name()
              + " at position " + inode.position();
          if (repair) {
            Inode fixed = inode.withLocation(parent, name, entry.position(), inode.ctime(), inode.change());
            inodes.put(child, fixed);
            try (WriteBatch b = new WriteBatch()) {
              store.putInode(b, fixed);
              write(b);
            }
          }
          problem(why, repair);
        } else if (placed && it.value().length != Codec.ENTRY_BYTES
            && (inode.type() == ObjectType.DIRECTORY
                || !Arrays.equals(it.value(), Codec.encodeEntry(inode)))) {
          // The copy of the inode in the entry (Codec#encodeEntry(Inode)) is written with the
          // inode in every batch; a copy that differs would give lookups stale attributes.
          if (repair) {
            try (WriteBatch b = new WriteBatch()) {
              b.put(store.entries, key, inode.type() == ObjectType.DIRECTORY
                  ? Codec.encodeEntry(child, inode.type(), entry.position()) : Codec.encodeEntry(inode));
              write(b);
            }
          }
          problem("entry '" + name + "' in " + parent + " carries a copy of " + child
              + " that differs from its inode", repair);
        }
      }
    }
    return counts;
  }

  private void checkObjects(Map<ObjectId, Long> entryCounts) throws RocksDBException, IOException {
    Set<ObjectId> roots = new HashSet<>();
    for (VolumeRecord v : volumes.values()) {
      roots.add(v.root());
      if (!inodes.containsKey(v.root())) {
        problem("volume '" + v.name() + "' has no root directory " + v.root(), false);
      }
    }
    for (Inode inode : new ArrayList<>(inodes.values())) {
      ObjectId id = inode.id();
      if (inode.orphan() || orphanKeys.contains(id)) {
        if (repair) {
          try (WriteBatch b = new WriteBatch()) {
            deleteKeys(b, id);
            write(b);
          }
          Files.deleteIfExists(dataPath(id));
          inodes.remove(id);
        }
        problem("object " + id + " is an orphan pending reclaim", repair);
        continue;
      }
      if (!roots.contains(id) && !isNamed(inode)) {
        if (repair) {
          relink(inode);
        }
        problem("object " + id + " (" + inode.type() + ") has no name", repair);
      }
      if (inode.type() == ObjectType.DIRECTORY) {
        long n = entryCounts.getOrDefault(id, 0L);
        int subdirs = indexes.subdirs.getOrDefault(id, 0);
        long last = Math.max(inode.lastPosition(), indexes.maxPositions.getOrDefault(id, 0L));
        // Positions given by the repair of misplaced entries move the last one with them.
        long repairedLast = Math.max(last, repair ? indexes.givenPositions.getOrDefault(id, 0L) : 0L);
        if (n != inode.size()) {
          problem("directory " + id + " records " + inode.size() + " entries but has " + n, repair);
        }
        if (subdirs != inode.subdirs()) {
          problem("directory " + id + " records " + inode.subdirs() + " subdirectories but has "
              + subdirs, repair);
        }
        if (last != inode.lastPosition()) {
          problem("directory " + id + " records last position " + inode.lastPosition()
              + " but has an entry at " + last, repair);
        }
        if (repair && (n != inode.size() || subdirs != inode.subdirs()
            || repairedLast != inode.lastPosition())) {
          putInode(inode.withEntries(n, subdirs, repairedLast, inode.mtime(), inode.change()));
        }
      }
      if (inode.type() == ObjectType.FILE && !inode.inline() && !Files.exists(dataPath(id))) {
        if (repair) {
          Files.createDirectories(dataPath(id).getParent());
          int fd;
          Files.createFile(dataPath(id));
          fd = Natives.open(dataPath(id), Natives.O_RDWR);
          try {
            Natives.ftruncate(fd, inode.size(), id);
          } finally {
            Natives.close(fd);
          }
        }
        problem("file " + id + " has lost its data file (recreated as a hole)", repair);
      }
    }
    for (ObjectId id : orphanKeys) {
      if (!inodes.containsKey(id) && volumes.containsKey(id.hi())) {
        if (repair) {
          try (WriteBatch b = new WriteBatch()) {
            b.delete(store.orphans, Codec.idKey(id));
            write(b);
          }
        }
        problem("orphan mark of missing object " + id, repair);
      }
    }
  }

  private boolean isNamed(Inode inode) {
    if (inode.parent() == null || inode.name() == null) {
      return false;
    }
    byte[] e = store.get(store.entries, Codec.nameKey(inode.parent(), inode.name()));
    return e != null && Codec.readId(e, 0).equals(inode.id());
  }

  /** Moves an unnamed live object into lost+found of its volume, named by its id. */
  private void relink(Inode inode) throws RocksDBException {
    VolumeRecord v = volumes.get(inode.id().hi());
    Inode root = inodes.get(v.root());
    if (root == null) {
      return;
    }
    Instant now = context.clock().instant();
    byte[] lfKey = Codec.nameKey(v.root(), LOST_FOUND);
    byte[] lfEntry = store.get(store.entries, lfKey);
    Inode lf;
    if (lfEntry == null) {
      IdAllocator ids = new IdAllocator(store, 1);
      ObjectId lfId = new ObjectId(v.volId(), ids.next());
      Inode newRoot = root.withEntries(root.size() + 1, root.subdirs() + 1, root.lastPosition() + 1,
          now, root.change() + 1);
      lf = new Inode(lfId, ObjectType.DIRECTORY, 0, 0700, 0, 0, 0, 0, now, now, now, now, inode.change(),
          0, Inode.NO_POSITIONS_YET, newRoot.lastPosition(), v.root(), LOST_FOUND, null);
      inodes.put(root.id(), newRoot);
      try (WriteBatch b = new WriteBatch()) {
        putEntry(b, v.root(), LOST_FOUND, new MetaCache.Entry(lfId, ObjectType.DIRECTORY,
            newRoot.lastPosition()));
        store.putInode(b, lf);
        store.putInode(b, newRoot);
        write(b);
      }
      inodes.put(lfId, lf);
      bumpCount(v.volId());
    } else {
      lf = inodes.get(Codec.readId(lfEntry, 0));
    }
    String name = inode.id().toString();
    Inode newLf = lf.withEntries(lf.size() + 1,
        lf.subdirs() + (inode.type() == ObjectType.DIRECTORY ? 1 : 0), lf.lastPosition() + 1, now,
        lf.change() + 1);
    Inode moved = inode.withLocation(lf.id(), name, newLf.lastPosition(), now, inode.change() + 1);
    inodes.put(moved.id(), moved);
    inodes.put(lf.id(), newLf);
    try (WriteBatch b = new WriteBatch()) {
      putEntry(b, lf.id(), name, new MetaCache.Entry(moved.id(), moved.type(), newLf.lastPosition()));
      store.putInode(b, moved);
      store.putInode(b, newLf);
      write(b);
    }
  }

  /** Writes an entry with its position and case-insensitive index records, as {@link Txn} does. */
  private void putEntry(WriteBatch b, ObjectId parent, String name, MetaCache.Entry e)
      throws RocksDBException {
    byte[] value = Codec.encodeEntry(e.id(), e.type(), e.position());
    b.put(store.entries, Codec.nameKey(parent, name), value);
    b.put(store.positions, Codec.positionKey(parent, e.position()),
        Codec.encodePositioned(e.id(), e.type(), name));
    b.put(store.folded, Codec.foldedKey(parent, name), value);
  }

  private void bumpCount(long volId) throws RocksDBException {
    byte[] key = EngineVolume.countKey(volId);
    byte[] old = store.get(store.meta, key);
    try (WriteBatch b = new WriteBatch()) {
      b.put(store.meta, key, Codec.encodeLong((old == null ? 0 : Codec.decodeLong(old)) + 1));
      write(b);
    }
  }

  private void putInode(Inode inode) throws RocksDBException {
    inodes.put(inode.id(), inode);
    try (WriteBatch b = new WriteBatch()) {
      store.putInode(b, inode);
      write(b);
    }
  }

  private void deleteKeys(WriteBatch b, ObjectId id) throws RocksDBException {
    byte[] key = Codec.idKey(id);
    b.delete(store.inodes, key);
    b.deleteRange(store.xattrs, key, Codec.prefixEnd(key));
    b.delete(store.inline, key);
    b.delete(store.orphans, key);
  }

  private Path dataPath(ObjectId id) {
    return objectsDir.resolve(EngineVolume.volumeDirName(id.hi()))
        .resolve(HexFormat.of().toHexDigits((byte) id.lo())).resolve(id.toString());
  }

  private void checkDataFiles() throws IOException {
    if (!Files.isDirectory(objectsDir)) {
      return;
    }
    try (DirectoryStream<Path> vols = Files.newDirectoryStream(objectsDir)) {
      for (Path vol : vols) {
        long volId;
        try {
          volId = HexFormat.fromHexDigitsToLong(vol.getFileName().toString());
        } catch (RuntimeException e) {
          volId = -1;
        }
        if (!volumes.containsKey(volId)) {
          if (repair) {
            EngineDfs.deleteTree(vol);
          }
          problem("data directory " + vol + " belongs to no volume", repair);
          continue;
        }
        try (DirectoryStream<Path> fans = Files.newDirectoryStream(vol)) {
          for (Path fan : fans) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(fan)) {
              for (Path file : files) {
                checkDataFile(file);
              }
            }
          }
        }
      }
    }
  }

  private void checkDataFile(Path file) throws IOException {
    ObjectId id;
    try {
      id = ObjectId.parse(file.getFileName().toString());
    } catch (DfsException e) {
      id = null;
    }
    Inode inode = id == null ? null : inodes.get(id);
    if (inode == null || inode.inline() || inode.type() != ObjectType.FILE) {
      if (repair) {
        Files.deleteIfExists(file);
      }
      problem("data file " + file + " belongs to no file object (leaked storage)", repair);
    }
  }

  private void checkCounts() throws RocksDBException {
    Map<Long, Long> counts = new HashMap<>();
    for (Inode inode : inodes.values()) {
      counts.merge(inode.id().hi(), 1L, Long::sum);
    }
    for (VolumeRecord v : volumes.values()) {
      byte[] key = EngineVolume.countKey(v.volId());
      byte[] stored = store.get(store.meta, key);
      long have = stored == null ? -1 : Codec.decodeLong(stored);
      long want = counts.getOrDefault(v.volId(), 0L);
      if (have != want) {
        if (repair) {
          try (WriteBatch b = new WriteBatch()) {
            b.put(store.meta, key, Codec.encodeLong(want));
            write(b);
          }
        }
        problem("volume '" + v.name() + "' records " + have + " objects but has " + want, repair);
      }
    }
  }
}
