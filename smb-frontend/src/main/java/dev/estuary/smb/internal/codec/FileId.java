package dev.estuary.smb.internal.codec;

import io.netty.buffer.ByteBuf;

/**
 * SMB2_FILEID ([MS-SMB2] 2.2.14.1): the persistent and volatile halves of an open's handle.
 *
 * @param persistent Persistent
 * @param volatileId Volatile
 */
public record FileId(long persistent, long volatileId) {
  /** All ones: "the FileId of the previous operation" inside a related compound ([MS-SMB2] 3.3.5.2.7.2). */
  public static final FileId RELATED = new FileId(-1L, -1L);
  /** All zeros, used where no open applies. */
  public static final FileId NONE = new FileId(0L, 0L);

  /** Whether this is the all-ones compound placeholder. */
  public boolean isRelatedPlaceholder() {
    return persistent == -1L && volatileId == -1L;
  }

  /** Writes the 16 bytes. */
  public void encode(ByteBuf out) {
    out.writeLongLE(persistent);
    out.writeLongLE(volatileId);
  }
}
