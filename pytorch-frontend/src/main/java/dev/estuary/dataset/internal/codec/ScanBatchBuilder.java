package dev.estuary.dataset.internal.codec;

import com.google.protobuf.UnsafeByteOperations;
import dev.estuary.dataset.proto.ScanResponse;
import java.nio.ByteBuffer;

/**
 * Packs scan entries into the columns of a {@link ScanResponse} (paths, sizes, 16-byte object ids),
 * a batch at most {@code maxEntries} long and cut early near {@link #SOFT_MAX_BYTES} so a message
 * stays well under gRPC's default 4 MiB receive limit. Not thread-safe.
 */
public final class ScanBatchBuilder {
  /** Payload bytes after which a batch is full whatever its entry count. */
  public static final int SOFT_MAX_BYTES = 1 << 20;

  private final int maxEntries;
  private final boolean withIds;
  private ScanResponse.Builder builder = ScanResponse.newBuilder();
  private ByteBuffer ids;
  private int count;
  private int bytes;

  /**
   * Creates a builder.
   *
   * @param maxEntries most entries per message
   * @param withIds whether to fill the object id column
   */
  public ScanBatchBuilder(int maxEntries, boolean withIds) {
    this.maxEntries = maxEntries;
    this.withIds = withIds;
    this.ids = ByteBuffer.allocate(withIds ? 16 * Math.min(maxEntries, 4096) : 0);
  }

  /**
   * Adds an entry.
   *
   * @param path the path relative to the scan root
   * @param size the file size
   * @param idHi high 64 bits of the object id
   * @param idLo low 64 bits of the object id
   * @return true when the batch is full and should be taken with {@link #take()}
   */
  public boolean add(String path, long size, long idHi, long idLo) {
    builder.addPaths(path);
    builder.addSizes(size);
    if (withIds) {
      if (ids.remaining() < 16) {
        ByteBuffer bigger = ByteBuffer.allocate(ids.capacity() * 2);
        ids.flip();
        bigger.put(ids);
        ids = bigger;
      }
      ids.putLong(idHi).putLong(idLo);
    }
    count++;
    // path bytes (ASCII estimate) + tag/length + varint size + id.
    bytes += path.length() + 4 + 10 + (withIds ? 16 : 0);
    return count >= maxEntries || bytes >= SOFT_MAX_BYTES;
  }

  /**
   * Returns the number of entries not yet taken.
   *
   * @return the count
   */
  public int size() {
    return count;
  }

  /**
   * Returns the batch built so far (possibly empty) and starts a new one.
   *
   * @return the message builder, with the entries' columns set; the caller may set the summary
   */
  public ScanResponse.Builder take() {
    ScanResponse.Builder out = builder;
    if (withIds && count > 0) {
      out.setObjectIds(UnsafeByteOperations.unsafeWrap(ids.array(), 0, ids.position()));
      ids = ByteBuffer.allocate(ids.capacity());
    }
    builder = ScanResponse.newBuilder();
    count = 0;
    bytes = 0;
    return out;
  }
}
