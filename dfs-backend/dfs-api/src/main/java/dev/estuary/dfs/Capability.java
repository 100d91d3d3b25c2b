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
  CASE_INSENSITIVE_LOOKUP
}
