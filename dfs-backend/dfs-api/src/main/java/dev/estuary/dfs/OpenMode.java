package dev.estuary.dfs;

/**
 * The access a {@link FileHandle} grants. A write, truncate, punch, allocate or copy into a handle
 * without write access gives {@link ErrorKind#READ_ONLY}; a read, transfer or copy from a handle
 * without read access gives {@link ErrorKind#NOT_PERMITTED}.
 */
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
