package dev.estuary.dfs;

/** What a {@link Volume#watch} subscription sees. */
public enum WatchScope {
  /**
   * One object: its data modified, its attributes or extended attributes changed, its name removed
   * or renamed (what SMB lease breaks and NFS delegation recalls need).
   */
  OBJECT,
  /**
   * One directory's entries (SMB CHANGE_NOTIFY): entries created, removed or renamed, and the data,
   * attributes or extended attributes of entries changed; also the removal or rename of the
   * directory itself.
   */
  DIRECTORY,
  /** Like {@link #DIRECTORY}, for the directory and every directory below it (SMB {@code WATCH_TREE}). */
  SUBTREE
}
