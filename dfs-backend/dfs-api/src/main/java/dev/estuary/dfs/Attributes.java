package dev.estuary.dfs;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * A snapshot of an object's attributes, as {@code stat} would report them. Immutable; a later
 * modification does not change an instance already returned. Times keep nanosecond precision
 * (SMB needs 100 ns units, NFS nanoseconds) exactly as set or as read from the clock.
 *
 * @param id the object's permanent id
 * @param type file, directory or symlink
 * @param mode the permission bits and set-id/sticky bits ({@code 07777}); never the type bits
 * @param uid the owning user id
 * @param gid the owning group id
 * @param size for a file the byte length (one past the highest written byte, holes included); for
 *     a symlink the length of its target in UTF-8 bytes; for a directory its number of entries
 * @param allocatedBytes bytes of storage the object occupies (holes excluded), for SMB's
 *     AllocationSize and NFS's {@code space_used}
 * @param accessTime last access time; implementations may keep it equal to {@code modifyTime}
 *     unless it is set explicitly (relatime-like, as libdfs does not store atime)
 * @param modifyTime last change of the content (data for files, entries for directories)
 * @param changeTime last change of the content or of any attribute or xattr
 * @param birthTime creation time (SMB CreationTime, NFS {@code time_create})
 * @param change a counter that moves forward on every modification of the object (data, entries,
 *     attributes or xattrs), does not move without one (reading, listing and syncing leave it
 *     alone), and never goes back, even across restarts and crashes: NFS's {@code change}
 *     attribute and the S3 ETag fallback. Distinct from the times, which clients may set: setting a
 *     time moves the counter like any other change. After a crash it may also have moved for an
 *     object whose last modifications could not be told apart from none (never backwards)
 * @param fileNumber the object's number within its volume: positive, unique among the volume's
 *     objects, never reused after the object is gone, fixed for the object's life and across
 *     restarts; what NFS shows as {@code fileid} and SMB as {@code IndexNumber} / {@code FileId}
 * @param linkCount the number of names the object has, as {@code st_nlink}: 1 for a named file or
 *     symlink (there are no hard links), 0 for one without a name ({@link Volume#createUnlinked},
 *     or removed while open), and {@code 2 + the number of subdirectories} for a directory (its
 *     entry in the parent, its own {@code .}, and each subdirectory's {@code ..})
 */
public record Attributes(
    ObjectId id,
    ObjectType type,
    int mode,
    int uid,
    int gid,
    long size,
    long allocatedBytes,
    Instant accessTime,
    Instant modifyTime,
    Instant changeTime,
    Instant birthTime,
    long change,
    long fileNumber,
    int linkCount) {

  /** Validates the components. */
  public Attributes {
    requireNonNull(id, "id");
    requireNonNull(type, "type");
    requireNonNull(accessTime, "accessTime");
    requireNonNull(modifyTime, "modifyTime");
    requireNonNull(changeTime, "changeTime");
    requireNonNull(birthTime, "birthTime");
    if ((mode & ~07777) != 0) {
      throw new IllegalArgumentException(
          "mode: 0" + Integer.toOctalString(mode) + " (expected: permission bits within 07777)");
    }
    if (fileNumber <= 0) {
      throw new IllegalArgumentException("fileNumber: " + fileNumber + " (expected: positive)");
    }
    if (linkCount < 0) {
      throw new IllegalArgumentException("linkCount: " + linkCount + " (expected: 0 or more)");
    }
  }

  /**
   * Returns whether this is a directory.
   *
   * @return {@code type() == DIRECTORY}
   */
  public boolean isDirectory() {
    return type == ObjectType.DIRECTORY;
  }

  /**
   * Returns whether this is a regular file.
   *
   * @return {@code type() == FILE}
   */
  public boolean isFile() {
    return type == ObjectType.FILE;
  }

  /**
   * Returns whether this is a symbolic link.
   *
   * @return {@code type() == SYMLINK}
   */
  public boolean isSymlink() {
    return type == ObjectType.SYMLINK;
  }
}
