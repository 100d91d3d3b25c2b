package dev.estuary.dfs;

/** The kinds of object a volume holds. There are no hard links (daos.md §2.3). */
public enum ObjectType {
  /** A regular file: a sparse byte array whose size is derived from its data. */
  FILE,
  /** A directory: a sorted map from names to objects. */
  DIRECTORY,
  /** A symbolic link: holds a target path, never followed by the backend except in {@link Volume#resolve}. */
  SYMLINK
}
