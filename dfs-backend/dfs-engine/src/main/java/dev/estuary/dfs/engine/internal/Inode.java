package dev.estuary.dfs.engine.internal;

import dev.estuary.dfs.Attributes;
import dev.estuary.dfs.ObjectId;
import dev.estuary.dfs.ObjectType;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The stored attributes of one object: the value of the {@code inodes} column family (encoded by
 * {@link Codec#encodeInode}). Immutable; the {@code with*} methods return modified copies.
 *
 * @param id the object id
 * @param type file, directory or symlink
 * @param flags {@link #INLINE}, {@link #ORPHAN}, {@link #XATTRS} and {@link #RETAINED}
 * @param mode permission bits
 * @param uid owner
 * @param gid group
 * @param size file length, directory entry count, or symlink target length
 * @param allocated bytes of storage used (files), as last persisted
 * @param atime access time
 * @param mtime modify time
 * @param ctime change time
 * @param btime birth time
 * @param change the change counter
 * @param subdirs for a directory the number of its entries that are directories (its link count is
 *     2 more), else 0
 * @param lastPosition for a directory the highest position it has given an entry ({@link
 *     #NO_POSITIONS_YET} before the first), else 0; positions are never given twice
 * @param position the position of the object's entry in {@code parent} (0 when unnamed): kept
 *     here so that every write of the inode can write the copy in its entry too ({@link
 *     Codec#encodeEntry(Inode)})
 * @param parent the parent directory, or null for the root and for unnamed objects
 * @param name the entry name in the parent, or null
 * @param target the symlink target, or null for other types
 */
public record Inode(
    ObjectId id,
    ObjectType type,
    int flags,
    int mode,
    int uid,
    int gid,
    long size,
    long allocated,
    Instant atime,
    Instant mtime,
    Instant ctime,
    Instant btime,
    long change,
    int subdirs,
    long lastPosition,
    long position,
    @Nullable ObjectId parent,
    @Nullable String name,
    @Nullable String target) {

  /** Flag: a file whose data lives in the {@code inline} column family, not in a data file. */
  public static final int INLINE = 1;
  /** Flag: the object has no name and is reclaimed at its last close or at start-up. */
  public static final int ORPHAN = 2;
  /** Flag: the object has (or had) extended attributes, so deleting it must delete them. */
  public static final int XATTRS = 4;
  /**
   * Flag: the file has a retention record ({@link Codec#encodeRetention}, kept in the {@code
   * xattrs} family under the object id alone, so every path that deletes an object's xattrs
   * deletes it too; {@link #XATTRS} is always set with it). Lets the remove, rename and write paths
   * skip the record's read for every file that never had one.
   */
  public static final int RETAINED = 8;
  /** {@link #lastPosition} of a directory that has given no position yet. */
  public static final long NO_POSITIONS_YET = dev.estuary.dfs.DirEntry.FIRST_POSITION - 1;

  /**
   * Returns whether the object may have extended attributes.
   *
   * @return true if an xattr was ever set
   */
  public boolean hasXattrs() {
    return (flags & XATTRS) != 0;
  }

  /**
   * Returns whether the file has a retention record.
   *
   * @return true if a retention or legal hold is stored
   */
  public boolean retained() {
    return (flags & RETAINED) != 0;
  }

  /**
   * Returns whether the data is inline.
   *
   * @return true for inline files
   */
  public boolean inline() {
    return (flags & INLINE) != 0;
  }

  /**
   * Returns whether the object is an orphan (unnamed, pending reclaim).
   *
   * @return true for orphans
   */
  public boolean orphan() {
    return (flags & ORPHAN) != 0;
  }

  /**
   * Returns the link count the API shows ({@link Attributes#linkCount()}).
   *
   * @return 2 + subdirectories for a directory, 0 for an unnamed object, else 1
   */
  public int linkCount() {
    if (type == ObjectType.DIRECTORY) {
      return 2 + subdirs;
    }
    return orphan() || parent == null ? 0 : 1;
  }

  /**
   * Converts to the API's attributes.
   *
   * @return the attributes
   */
  public Attributes toAttributes() {
    return new Attributes(id, type, mode, uid, gid, size, allocated, atime, mtime, ctime, btime, change,
        id.lo(), linkCount());
  }

  /**
   * Returns a copy with another back-pointer.
   *
   * @param newParent the new parent, or null
   * @param newName the new name, or null
   * @param newPosition the position of the new entry (0 when unnamed)
   * @param time the change time
   * @param newChange the change counter
   * @return the copy
   */
  public Inode withLocation(@Nullable ObjectId newParent, @Nullable String newName, long newPosition,
      Instant time, long newChange) {
    return new Inode(id, type, flags, mode, uid, gid, size, allocated, atime, mtime, time, btime,
        newChange, subdirs, lastPosition, newPosition, newParent, newName, target);
  }

  /**
   * Returns a copy with other flags.
   *
   * @param newFlags the flags
   * @return the copy
   */
  public Inode withFlags(int newFlags) {
    return new Inode(id, type, newFlags, mode, uid, gid, size, allocated, atime, mtime, ctime, btime,
        change, subdirs, lastPosition, position, parent, name, target);
  }

  /**
   * Returns a copy after a change of the entries of a directory.
   *
   * @param newSize the new entry count
   * @param time the modify and change time
   * @param newChange the change counter
   * @return the copy
   */
  public Inode withEntries(long newSize, Instant time, long newChange) {
    return new Inode(id, type, flags, mode, uid, gid, newSize, allocated, atime, time, time, btime,
        newChange, subdirs, lastPosition, position, parent, name, target);
  }

  /**
   * Returns a copy of a directory after an insert or removal of entries.
   *
   * @param newSize the new entry count
   * @param newSubdirs the new number of subdirectories
   * @param newLastPosition the highest position given so far
   * @param time the modify and change time
   * @param newChange the change counter
   * @return the copy
   */
  public Inode withEntries(long newSize, int newSubdirs, long newLastPosition, Instant time,
      long newChange) {
    return new Inode(id, type, flags, mode, uid, gid, newSize, allocated, atime, time, time, btime,
        newChange, newSubdirs, newLastPosition, position, parent, name, target);
  }

  /**
   * Returns a copy with the attribute change moved: only the change time and counter.
   *
   * @param time the change time
   * @param newChange the change counter
   * @return the copy
   */
  public Inode touched(Instant time, long newChange) {
    return new Inode(id, type, flags, mode, uid, gid, size, allocated, atime, mtime, time, btime,
        newChange, subdirs, lastPosition, position, parent, name, target);
  }

  /**
   * Returns a copy with new data attributes (from an open object).
   *
   * @param newSize size
   * @param newAllocated allocated bytes
   * @param newAtime access time
   * @param newMtime modify time
   * @param newCtime change time
   * @param newChange change counter
   * @param newFlags flags
   * @return the copy
   */
  public Inode withData(long newSize, long newAllocated, Instant newAtime, Instant newMtime,
      Instant newCtime, long newChange, int newFlags) {
    return new Inode(id, type, newFlags, mode, uid, gid, newSize, newAllocated, newAtime, newMtime,
        newCtime, btime, newChange, subdirs, lastPosition, position, parent, name, target);
  }

  /**
   * Returns a copy with owner attributes and times changed.
   *
   * @param newMode mode
   * @param newUid uid
   * @param newGid gid
   * @param newAtime access time
   * @param newMtime modify time
   * @param newBtime birth time
   * @param time change time
   * @param newChange change counter
   * @return the copy
   */
  public Inode withSet(int newMode, int newUid, int newGid, Instant newAtime, Instant newMtime,
      Instant newBtime, Instant time, long newChange) {
    return new Inode(id, type, flags, newMode, newUid, newGid, size, allocated, newAtime, newMtime,
        time, newBtime, newChange, subdirs, lastPosition, position, parent, name, target);
  }
}
