package dev.estuary.dfs;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Which attributes {@link Volume#setAttributes} changes; a null component is left as it is (libdfs
 * {@code dfs_osetattr} with its {@code DFS_SET_ATTR_*} flags). Changing anything moves the object's
 * change counter and change time.
 *
 * @param mode new permission bits within {@code 07777}, or null
 * @param uid new owner, or null
 * @param gid new group, or null
 * @param size new size for a file (truncate or extend with a hole), or null; invalid for other types
 * @param accessTime new access time, or null
 * @param modifyTime new modification time, or null
 * @param birthTime new creation time (SMB may set it), or null
 */
public record SetAttributes(
    @Nullable Integer mode,
    @Nullable Integer uid,
    @Nullable Integer gid,
    @Nullable Long size,
    @Nullable Instant accessTime,
    @Nullable Instant modifyTime,
    @Nullable Instant birthTime) {

  /** Validates the components. */
  public SetAttributes {
    if (mode != null && (mode & ~07777) != 0) {
      throw new DfsException(
          ErrorKind.INVALID_ARGUMENT,
          "mode: 0" + Integer.toOctalString(mode) + " (expected: permission bits within 07777)");
    }
    if (size != null && size < 0) {
      throw new DfsException(ErrorKind.INVALID_ARGUMENT, "size: " + size + " (expected: >= 0)");
    }
  }

  /**
   * Returns a builder with nothing set.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns whether no attribute would change.
   *
   * @return true when every component is null
   */
  public boolean isEmpty() {
    return mode == null
        && uid == null
        && gid == null
        && size == null
        && accessTime == null
        && modifyTime == null
        && birthTime == null;
  }

  /** Builds a {@link SetAttributes}; every setter is optional. */
  public static final class Builder {
    private @Nullable Integer mode;
    private @Nullable Integer uid;
    private @Nullable Integer gid;
    private @Nullable Long size;
    private @Nullable Instant accessTime;
    private @Nullable Instant modifyTime;
    private @Nullable Instant birthTime;

    private Builder() {}

    /**
     * Sets the permission bits.
     *
     * @param mode bits within {@code 07777}
     * @return this builder
     */
    public Builder mode(int mode) {
      this.mode = mode;
      return this;
    }

    /**
     * Sets the owner.
     *
     * @param uid the user id
     * @return this builder
     */
    public Builder uid(int uid) {
      this.uid = uid;
      return this;
    }

    /**
     * Sets the group.
     *
     * @param gid the group id
     * @return this builder
     */
    public Builder gid(int gid) {
      this.gid = gid;
      return this;
    }

    /**
     * Sets the size of a file.
     *
     * @param size the new size, {@code >= 0}
     * @return this builder
     */
    public Builder size(long size) {
      this.size = size;
      return this;
    }

    /**
     * Sets the access time.
     *
     * @param time the new access time
     * @return this builder
     */
    public Builder accessTime(Instant time) {
      this.accessTime = time;
      return this;
    }

    /**
     * Sets the modification time.
     *
     * @param time the new modification time
     * @return this builder
     */
    public Builder modifyTime(Instant time) {
      this.modifyTime = time;
      return this;
    }

    /**
     * Sets the creation time.
     *
     * @param time the new creation time
     * @return this builder
     */
    public Builder birthTime(Instant time) {
      this.birthTime = time;
      return this;
    }

    /**
     * Builds the immutable value.
     *
     * @return the attributes to set
     */
    public SetAttributes build() {
      return new SetAttributes(mode, uid, gid, size, accessTime, modifyTime, birthTime);
    }
  }
}
