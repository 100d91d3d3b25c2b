package dev.estuary.dfs.engine.internal;

import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.DirEntry;
import dev.estuary.dfs.ObjectId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;

/**
 * The part of {@link Fsck} that checks the two indexes every entry has besides {@code entries}
 * ({@link Codec}): its {@code positions} record and its {@code folded} record, both ways (every
 * entry has both records, and every record belongs to an entry that agrees), and that each
 * directory's inode counts its subdirectories and covers its entries' positions.
 */
final class FsckIndexes {
  /** Receives a finding and whether it was repaired. */
  interface Problems {
    void report(String what, boolean fixed);
  }

  private record Misplaced(ObjectId parent, String name, MetaCache.Entry entry) {}

  private final MetaStore store;
  private final boolean repair;
  private final Problems problems;
  /** Directory subdirectory counts found in the entries. */
  final Map<ObjectId, Integer> subdirs = new HashMap<>();
  /** Highest entry position found per directory, among the entries holding a position of their own. */
  final Map<ObjectId, Long> maxPositions = new HashMap<>();
  /** Highest position given per directory by {@link #reposition}, part of that repair. */
  final Map<ObjectId, Long> givenPositions = new HashMap<>();
  private final List<Misplaced> misplaced = new ArrayList<>();

  FsckIndexes(MetaStore store, boolean repair, Problems problems) {
    this.store = store;
    this.repair = repair;
    this.problems = problems;
  }

  /**
   * Checks the index records of one valid entry of directory {@code dir} and counts it.
   *
   * @param dir the directory's inode
   * @param name the entry name
   * @param entry the decoded entry value
   * @return false if the entry holds no position of its own and gets a new one in {@link
   *     #reposition}
   */
  boolean checkEntry(Inode dir, String name, MetaCache.Entry entry) throws RocksDBException {
    ObjectId parent = dir.id();
    if (entry.type() == dev.estuary.dfs.ObjectType.DIRECTORY) {
      subdirs.merge(parent, 1, Integer::sum);
    }
    long position = entry.position();
    byte[] positioned = Codec.encodePositioned(entry.id(), entry.type(), name);
    byte[] stored = position < DirEntry.FIRST_POSITION ? null
        : store.get(store.positions, Codec.positionKey(parent, position));
    String where = "entry '" + name + "' in " + parent;
    if (position < DirEntry.FIRST_POSITION
        || (stored != null && !Arrays.equals(stored, positioned))) {
      // Another entry holds the position (or it is not one): give this one a new position once
      // the highest of the directory is known.
      misplaced.add(new Misplaced(parent, name, entry));
      problems.report(where + " has position " + position + ", "
          + (stored == null ? "which is reserved" : "also held by '" + Codec.positionedName(stored) + "'")
          + " (expected: a position of its own)", repair);
      return false;
    }
    maxPositions.merge(parent, position, Math::max);
    if (stored == null) {
      if (repair) {
        put(store.positions, Codec.positionKey(parent, position), positioned);
      }
      problems.report(where + " has no position record " + position, repair);
    }
    byte[] value = Codec.encodeEntry(entry.id(), entry.type(), position);
    byte[] folded = store.get(store.folded, Codec.foldedKey(parent, name));
    if (!Arrays.equals(folded, value)) {
      if (repair) {
        put(store.folded, Codec.foldedKey(parent, name), value);
      }
      problems.report(where + (folded == null ? " has no" : " disagrees with its")
          + " case-insensitive index record", repair);
    }
    return true;
  }

  /**
   * Gives the entries found holding another entry's position (or none) a new position above every
   * one of their directory (recorded in {@link #givenPositions}).
   *
   * @param lastPositions each directory's recorded last position
   * @param inodes the inodes by id, whose entry positions move with the repair
   */
  void reposition(Map<ObjectId, Long> lastPositions, Map<ObjectId, Inode> inodes) throws RocksDBException {
    for (Misplaced m : misplaced) {
      long next = Math.max(givenPositions.getOrDefault(m.parent(), 0L),
          Math.max(maxPositions.getOrDefault(m.parent(), 0L),
              lastPositions.getOrDefault(m.parent(), Inode.NO_POSITIONS_YET))) + 1;
      givenPositions.put(m.parent(), next);
      if (repair) {
        MetaCache.Entry e = m.entry();
        byte[] value = Codec.encodeEntry(e.id(), e.type(), next);
        try (WriteBatch b = new WriteBatch()) {
          b.put(store.entries, Codec.nameKey(m.parent(), m.name()), value);
          b.put(store.positions, Codec.positionKey(m.parent(), next),
              Codec.encodePositioned(e.id(), e.type(), m.name()));
          b.put(store.folded, Codec.foldedKey(m.parent(), m.name()), value);
          Inode inode = inodes.get(e.id());
          if (inode != null) {
            // The inode records its entry's position (and the entry its copy): both move.
            Inode moved = inode.withLocation(m.parent(), m.name(), next, inode.ctime(), inode.change());
            inodes.put(moved.id(), moved);
            store.putInode(b, moved);
          }
          store.write(b);
        }
      }
    }
  }

  /** Checks that every position and folded record belongs to an entry that agrees with it. */
  void checkRecords() throws RocksDBException {
    try (RocksIterator it = store.db().newIterator(store.positions)) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        byte[] key = it.key();
        String why;
        if (key.length != 24) {
          why = "position record of " + key.length + " bytes (expected: 24)";
        } else {
          ObjectId parent = Codec.readId(key, 0);
          long position = Codec.getLong(key, 16);
          byte[] value = it.value();
          String name = value.length < 18 ? "?" : Codec.positionedName(value);
          MetaCache.Entry e = entry(parent, name);
          if (e != null && e.position() == position && value.length >= 18
              && Arrays.equals(value, Codec.encodePositioned(e.id(), e.type(), name))) {
            continue;
          }
          why = "position record " + position + " in " + parent + " names '" + name + "', "
              + (e == null ? "which does not exist" : "whose entry has position " + e.position());
        }
        delete(store.positions, key);
        problems.report(why, repair);
      }
    }
    try (RocksIterator it = store.db().newIterator(store.folded)) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        byte[] key = it.key();
        String why;
        try {
          ObjectId parent = Codec.readId(key, 0);
          String name = Codec.foldedKeyName(key);
          MetaCache.Entry e = entry(parent, name);
          if (e != null && Arrays.equals(key, Codec.foldedKey(parent, name))
              && Arrays.equals(it.value(), Codec.encodeEntry(e.id(), e.type(), e.position()))) {
            continue;
          }
          why = "case-insensitive index record of '" + name + "' in " + parent + " "
              + (e == null ? "names no entry" : "disagrees with its entry");
        } catch (DfsException | IndexOutOfBoundsException e) {
          why = "case-insensitive index record of " + key.length + " bytes cannot be decoded";
        }
        delete(store.folded, key);
        problems.report(why, repair);
      }
    }
  }

  private MetaCache.@Nullable Entry entry(ObjectId parent, String name) {
    byte[] v = store.get(store.entries, Codec.nameKey(parent, name));
    if (v == null || v.length < Codec.ENTRY_BYTES) {
      return null;
    }
    return Codec.decodeEntry(v);
  }

  private void put(org.rocksdb.ColumnFamilyHandle cf, byte[] key, byte[] value)
      throws RocksDBException {
    try (WriteBatch b = new WriteBatch()) {
      b.put(cf, key, value);
      store.write(b);
    }
  }

  private void delete(org.rocksdb.ColumnFamilyHandle cf, byte[] key) throws RocksDBException {
    if (!repair) {
      return;
    }
    try (WriteBatch b = new WriteBatch()) {
      b.delete(cf, key);
      store.write(b);
    }
  }
}
