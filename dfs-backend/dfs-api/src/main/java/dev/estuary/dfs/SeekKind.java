package dev.estuary.dfs;

/** What {@link FileHandle#seek} looks for ({@code lseek} {@code SEEK_DATA} / {@code SEEK_HOLE}). */
public enum SeekKind {
  /** The next offset at or after the given one that holds data. */
  DATA,
  /** The next offset at or after the given one inside a hole; the end of the file counts as a hole. */
  HOLE
}
