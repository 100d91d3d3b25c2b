package dev.estuary.dataset.internal.ops;

import com.google.protobuf.ByteString;
import dev.estuary.core.CheckedVolume;
import dev.estuary.dataset.internal.codec.CrcTable;
import dev.estuary.dataset.internal.codec.Echo;
import dev.estuary.dataset.internal.codec.RequestException;
import dev.estuary.dataset.proto.DataChunk;
import dev.estuary.dfs.Attributes;
import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.ErrorKind;
import dev.estuary.dfs.FileHandle;
import dev.estuary.dfs.ObjectId;
import io.grpc.Status;
import java.util.zip.CRC32C;
import org.jspecify.annotations.Nullable;

/**
 * Streams a range of a checkpoint with the CRC-32C stored when it was written ({@link CrcTable}):
 * chunks never cross a stored block's boundary; a chunk that is a whole block carries the stored
 * value without the server computing anything, and a chunk that is only part of a block (the ends
 * of a range, a chunk size below the block size, blocks merged in a large checkpoint's table)
 * carries the CRC-32C of its own bytes, after the server has checked the whole block against the
 * stored value: so every byte sent is covered by the writer's checksum. A file without a table, or
 * whose table no longer describes it (modified since by another protocol), streams as {@link
 * FileChunkSource} does, without checksums. The chunk loop is {@link RangeChunkSource}'s.
 */
final class CheckpointChunkSource extends RangeChunkSource {
  private @Nullable CrcTable table;
  /** The block last read whole and verified (partial chunks are cut from it), or null. */
  private byte @Nullable [] block;
  private long blockStart = -1;

  /**
   * Creates the source; the file is opened on the first poll.
   *
   * @param path the path as the client gave it, for messages
   * @param length bytes wanted from {@code start}, or -1 for everything to the end of the file
   */
  CheckpointChunkSource(
      CheckedVolume volume, String path, ObjectId id, long start, long length, int chunkSize, DatasetMetrics metrics) {
    super(volume, path, id, start, length, chunkSize, metrics);
  }

  @Override
  long opened(FileHandle h) {
    Attributes a = h.attributes();
    CrcTable t = null;
    try {
      t = CrcTable.decode(volume.getXattr(a.id(), CrcTable.XATTR));
    } catch (DfsException e) {
      if (e.kind() != ErrorKind.NO_SUCH_XATTR && e.kind() != ErrorKind.UNSUPPORTED) {
        throw e;
      }
    }
    table = t != null && t.describes(a.size(), CheckpointTarget.nanos(a.modifyTime())) ? t : null;
    return a.size();
  }

  @Override
  Filled fill(DataChunk.Builder c) {
    CrcTable t = table;
    if (t == null) {
      return plain(c, (int) Math.min(chunkSize, end - position));
    }
    long bs = t.blockSize();
    int index = (int) (position / bs);
    long bStart = index * bs;
    long bEnd = Math.min(bStart + bs, fileSize);
    long chunkEnd = Math.min(Math.min(position + chunkSize, bEnd), end);
    int n = (int) (chunkEnd - position);
    if (position == bStart && chunkEnd == bEnd) {
      // A whole block: the stored CRC-32C as is; the client's check covers disk and wire.
      c.setCrc32C(t.crc(index));
      return plain(c, n);
    }
    byte[] whole = verifiedBlock(t, index, bStart, (int) (bEnd - bStart));
    int from = (int) (position - bStart);
    int got = Math.min(n, whole.length - from);
    CRC32C crc = new CRC32C();
    crc.update(whole, from, got);
    c.setData(ByteString.copyFrom(whole, from, got)).setCrc32C((int) crc.getValue());
    return new Filled(got, n);
  }

  /** Reads a whole block once and checks it against the table (DATA_LOSS naming the range). */
  private byte[] verifiedBlock(CrcTable t, int index, long bStart, int n) {
    byte[] b = block;
    if (b != null && blockStart == bStart) {
      return b;
    }
    b = new byte[n];
    int got = readFully(bStart, b, n);
    CRC32C crc = new CRC32C();
    crc.update(b, 0, got);
    if (got != n || (int) crc.getValue() != t.crc(index)) {
      throw new RequestException(Status.Code.DATA_LOSS, "path: " + Echo.quote(path) + " bytes [" + bStart + ", "
          + (bStart + n) + "): CRC-32C " + hex((int) crc.getValue()) + " of " + got + " bytes read (expected: "
          + hex(t.crc(index)) + ", stored when the checkpoint was written; the stored data is damaged)");
    }
    block = b;
    blockStart = bStart;
    return b;
  }

  private static String hex(int crc) {
    return String.format("0x%08x", crc);
  }

  @Override
  public void close() {
    super.close();
    block = null;
  }
}
