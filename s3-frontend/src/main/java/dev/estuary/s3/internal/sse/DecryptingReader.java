package dev.estuary.s3.internal.sse;

import dev.estuary.dfs.FileHandle;
import java.nio.ByteBuffer;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Reads an encrypted object's plaintext at any offset: finds the segment and block holding it,
 * reads and authenticates that whole block ({@link BlockCipher}) and copies out what was asked.
 * The last block decrypted is kept, so sequential reads decrypt each block once. Not thread-safe.
 */
public final class DecryptingReader {
  private final FileHandle in;
  private final byte[] objectKey;
  private final List<SseRecord.Segment> segments;
  private final long[] plainStart;
  private final long[] cipherStart;
  private final long size;
  private final ByteBuffer sealed = ByteBuffer.allocate(BlockCipher.BLOCK + BlockCipher.TAG);
  private final ByteBuffer plain = ByteBuffer.allocate(BlockCipher.BLOCK);
  private int cachedSegment = -1;
  private long cachedBlock = -1;
  private @Nullable BlockCipher cachedCipher;
  private int cipherSegment = -1;

  /**
   * Creates the reader.
   *
   * @param in the object's handle
   * @param objectKey its key
   * @param record its record
   */
  public DecryptingReader(FileHandle in, byte[] objectKey, SseRecord record) {
    this.in = in;
    this.objectKey = objectKey.clone();
    this.segments = record.segments();
    int n = segments.size();
    plainStart = new long[n + 1];
    cipherStart = new long[n + 1];
    for (int i = 0; i < n; i++) {
      long len = segments.get(i).plainLength();
      plainStart[i + 1] = plainStart[i] + len;
      cipherStart[i + 1] = cipherStart[i] + BlockCipher.cipherLength(len);
    }
    size = plainStart[n];
  }

  /**
   * Returns the plaintext size.
   *
   * @return the size
   */
  public long size() {
    return size;
  }

  /**
   * Returns the stored size the segments add up to, which the object's file must have.
   *
   * @return the ciphertext size
   */
  public long cipherSize() {
    return cipherStart[segments.size()];
  }

  /**
   * Reads plaintext.
   *
   * @param position the plaintext offset
   * @param dst where the bytes go
   * @return the bytes read, or -1 at the end
   * @throws SecurityException when a block does not authenticate
   */
  public int read(long position, ByteBuffer dst) {
    if (position >= size) {
      return -1;
    }
    int seg = segmentAt(position);
    long within = position - plainStart[seg];
    long block = within / BlockCipher.BLOCK;
    if (seg != cachedSegment || block != cachedBlock) {
      load(seg, block);
    }
    int off = (int) (within - block * BlockCipher.BLOCK);
    int n = Math.min(dst.remaining(), plain.limit() - off);
    dst.put(dst.position(), plain, off, n);
    dst.position(dst.position() + n);
    return n;
  }

  private int segmentAt(long position) {
    int lo = 0;
    int hi = segments.size() - 1;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (plainStart[mid] <= position) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    // Skip empty segments that start at the same offset.
    while (plainStart[lo + 1] <= position) {
      lo++;
    }
    return lo;
  }

  private void load(int seg, long block) {
    long len = segments.get(seg).plainLength();
    long blocks = (len + BlockCipher.BLOCK - 1) / BlockCipher.BLOCK;
    int plainLen = (int) Math.min(BlockCipher.BLOCK, len - block * BlockCipher.BLOCK);
    long pos = cipherStart[seg] + block * (BlockCipher.BLOCK + BlockCipher.TAG);
    sealed.clear().limit(plainLen + BlockCipher.TAG);
    while (sealed.hasRemaining()) {
      int r = in.read(pos + sealed.position(), sealed);
      if (r < 0) {
        cachedSegment = -1;
        throw new SecurityException("encrypted object is shorter than its record says (block "
            + block + " of segment " + seg + ")");
      }
    }
    sealed.flip();
    if (cipherSegment != seg) {
      cachedCipher = BlockCipher.decryptor(objectKey, segments.get(seg).salt());
      cipherSegment = seg;
    }
    plain.clear();
    cachedSegment = -1;
    java.util.Objects.requireNonNull(cachedCipher).block(block, block == blocks - 1, sealed, plain);
    plain.flip();
    cachedSegment = seg;
    cachedBlock = block;
  }
}
