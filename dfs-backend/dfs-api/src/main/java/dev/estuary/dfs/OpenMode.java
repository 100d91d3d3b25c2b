package dev.estuary.dfs;

/** The access a {@link FileHandle} grants; a handle rejects the other direction with {@link ErrorKind#READ_ONLY} or {@link ErrorKind#NOT_PERMITTED}. */
public enum OpenMode {
  /** Read only. */
  READ,
  /** Write only. */
  WRITE,
  /** Read and write. */
  READ_WRITE;

  /**
   * Returns whether reads are allowed.
   *
   * @return true for {@link #READ} and {@link #READ_WRITE}
   */
  public boolean canRead() {
    return this != WRITE;
  }

  /**
   * Returns whether writes are allowed.
   *
   * @return true for {@link #WRITE} and {@link #READ_WRITE}
   */
  public boolean canWrite() {
    return this != READ;
  }
}
