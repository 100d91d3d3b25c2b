package dev.estuary.dfs;

/** What {@link Volume#remove} may remove, so a caller can express {@code unlink} or {@code rmdir} without a racy lookup first. */
public enum RemoveKind {
  /** A file, a symlink or an empty directory. */
  ANY,
  /** A file or symlink; a directory gives {@link ErrorKind#IS_DIRECTORY} ({@code unlink}). */
  NOT_DIRECTORY,
  /** An empty directory; anything else gives {@link ErrorKind#NOT_DIRECTORY} ({@code rmdir}). */
  DIRECTORY
}
