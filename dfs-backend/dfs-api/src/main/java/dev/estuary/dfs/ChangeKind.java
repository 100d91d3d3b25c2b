package dev.estuary.dfs;

/** What a {@link ChangeEvent} reports. */
public enum ChangeKind {
  /** A name was created: a file, directory or symlink, or an unlinked object was linked. */
  CREATED,
  /**
   * A name was removed, or replaced by a rename or link over it (the event names the replaced
   * object).
   */
  REMOVED,
  /**
   * An entry moved: {@link ChangeEvent#fromDirectory()}/{@link ChangeEvent#fromName()} is the old
   * place, {@link ChangeEvent#directory()}/{@link ChangeEvent#name()} the new one. An exchange gives
   * two.
   */
  RENAMED,
  /** File data changed: a write, truncate, punch, allocate, copy into it, or a size set. */
  MODIFIED,
  /** Attributes changed through {@link Volume#setAttributes} (mode, owner, times). */
  ATTRIBUTES,
  /** An extended attribute was set or removed. */
  XATTRS,
  /**
   * Events were lost because the subscriber fell behind its queue's capacity; everything may have
   * changed, so rescan (SMB answers {@code STATUS_NOTIFY_ENUM_DIR}, a lease holder breaks). Carries
   * no object, names or counter. Events after it are delivered again.
   */
  OVERFLOW
}
