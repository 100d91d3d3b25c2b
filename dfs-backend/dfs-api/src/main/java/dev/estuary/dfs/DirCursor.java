package dev.estuary.dfs;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * An opaque, resumable position in a directory listing. Listings are in a stable sorted order
 * (UTF-8 byte order of names), and a cursor stays valid across concurrent inserts and removals and
 * across restarts: resuming returns every entry that sorts after the last one returned and still
 * exists, whatever happened in between. This is stronger than libdfs's anchors, whose order is the
 * hash order of the directory object (daos.md §2.9); S3 listing and SMB resume-by-name need it.
 * NFS cookies and other 64-bit resume points use {@link Volume#readdirByPosition} instead.
 *
 * <p>Callers may store {@link #toBytes()} (an NFS cookie table, an S3 continuation token) and
 * rebuild the cursor with {@link #fromBytes(byte[])}; its content is implementation-defined.
 */
public final class DirCursor {
  /** The position before the first entry. */
  public static final DirCursor START = new DirCursor(new byte[0]);

  private final byte[] bytes;

  private DirCursor(byte[] bytes) {
    this.bytes = bytes;
  }

  /**
   * Rebuilds a cursor from {@link #toBytes()}.
   *
   * @param bytes the stored form; an empty array is {@link #START}
   * @return the cursor
   */
  public static DirCursor fromBytes(byte[] bytes) {
    return bytes.length == 0 ? START : new DirCursor(bytes.clone());
  }

  /**
   * Returns the stored form of this cursor.
   *
   * @return a copy of the cursor's bytes
   */
  public byte[] toBytes() {
    return bytes.clone();
  }

  /**
   * Returns whether this is the start of the listing.
   *
   * @return true for {@link #START}
   */
  public boolean isStart() {
    return bytes.length == 0;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DirCursor c && Arrays.equals(bytes, c.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return "DirCursor[" + HexFormat.of().formatHex(bytes) + "]";
  }
}
