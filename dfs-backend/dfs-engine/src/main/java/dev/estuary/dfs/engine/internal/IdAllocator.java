package dev.estuary.dfs.engine.internal;

import java.util.concurrent.atomic.AtomicLong;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/**
 * Hands out 64-bit serials (the low half of object ids, and volume ids) that are never reused,
 * even after a crash. Serials are reserved in blocks: the block's end (the high-water mark) is
 * written with an fsync before any serial of the block is handed out, and a restart begins at the
 * persisted mark, so serials handed out before a crash are skipped, never repeated.
 */
public final class IdAllocator {
  static final byte[] KEY = "id-hwm".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  private final MetaStore store;
  private final long blockSize;
  private final AtomicLong next;
  private volatile long limit;

  /**
   * Starts allocating after the persisted high-water mark.
   *
   * @param store the metadata store
   * @param blockSize serials reserved per persisted block, {@code >= 1}
   */
  public IdAllocator(MetaStore store, long blockSize) {
    this.store = store;
    this.blockSize = blockSize;
    byte[] hwm = store.get(store.meta, KEY);
    long start = hwm == null ? 1 : Codec.decodeLong(hwm);
    this.next = new AtomicLong(start);
    this.limit = start;
  }

  /**
   * Starts allocating after the persisted high-water mark, with the first block reserved in {@code
   * batch}: the caller must write it with an fsync before handing out any id (the engine does so
   * with its start-up epoch, sparing an fsync per open).
   *
   * @param store the metadata store
   * @param blockSize serials reserved per persisted block, {@code >= 1}
   * @param batch receives the reservation of the first block
   * @throws RocksDBException if the batch refuses the write
   */
  public IdAllocator(MetaStore store, long blockSize, WriteBatch batch) throws RocksDBException {
    this(store, blockSize);
    long newLimit = limit + blockSize;
    batch.put(store.meta, KEY, Codec.encodeLong(newLimit));
    limit = newLimit;
  }

  /**
   * Returns a serial never handed out before.
   *
   * @return the serial, {@code >= 1}
   */
  public long next() {
    long id = next.getAndIncrement();
    if (id >= limit) {
      reserve(id);
    }
    return id;
  }

  private synchronized void reserve(long id) {
    if (id < limit) {
      return;
    }
    long newLimit = Math.max(limit, id + 1) + blockSize;
    try (WriteBatch batch = new WriteBatch()) {
      batch.put(store.meta, KEY, Codec.encodeLong(newLimit));
      store.write(batch, true);
    } catch (org.rocksdb.RocksDBException e) {
      throw MetaStore.ioError("id reservation", e);
    }
    limit = newLimit;
  }

  /**
   * Returns the persisted high-water mark (for tests and fsck).
   *
   * @return the first serial of the next block
   */
  public long highWaterMark() {
    return limit;
  }
}
