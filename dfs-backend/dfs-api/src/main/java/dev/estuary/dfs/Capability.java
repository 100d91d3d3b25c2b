package dev.estuary.dfs;

/**
 * Optional facets of the contract. An implementation lists the ones it really offers in {@link
 * Dfs#capabilities()}; calls outside them fail with {@link ErrorKind#UNSUPPORTED}, never with a
 * fake success. The contract test suite tests exactly the advertised ones.
 */
public enum Capability {
  /** Extended attributes on every object type. */
  XATTRS,
  /** Sparse files: {@link FileHandle#punchHole} and {@link FileHandle#seek} report real holes. */
  HOLES,
  /** {@link FileHandle#allocate} reserves space on storage. */
  ALLOCATE,
  /** {@link FileHandle#copyTo} copies inside the backend without passing the bytes through the caller. */
  COPY_RANGE,
  /** {@link FileHandle#transferTo} can send to a socket without copying through the Java heap. */
  ZERO_COPY,
  /** {@link RenameMode#EXCHANGE}. */
  RENAME_EXCHANGE,
  /** {@link Volume#createUnlinked} and {@link Volume#link}: write first, publish the name atomically later. */
  UNLINKED_OBJECTS,
  /** {@link Volume#lookupIgnoreCase}: lookup ignoring case through an index, never a scan. */
  CASE_INSENSITIVE_LOOKUP,
  /**
   * {@link Volume#watch}: change events for a directory, a subtree or one object, for changes made
   * through any {@link Volume} instance of the backend.
   */
  WATCH,
  /**
   * Byte-range locks held by the backend ({@link LockSession#tryLock}, {@link LockSession#lock},
   * {@link LockSession#test}, {@link LockSession#unlock}), shared by every frontend.
   */
  LOCKS,
  /**
   * Share reservations held by the backend ({@link LockSession#reserve}): SMB share modes and NFS
   * OPEN {@code share_access}/{@code share_deny}, shared by every frontend. A separate facet from
   * {@link #LOCKS} because a backend can offer one without the other; both live in a {@link
   * LockSession}.
   */
  SHARE_MODES,
  /**
   * Write-once files ({@link Volume#getRetention}, {@link Volume#setRetention}, {@link
   * Volume#setLegalHold}): a file under retention or legal hold cannot be removed, replaced or
   * changed through any protocol, the backend refuses with {@link ErrorKind#RETAINED}. What S3
   * Object Lock is built on.
   */
  RETENTION
}
