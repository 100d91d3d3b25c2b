package dev.estuary.dataset.internal.ops;

import com.google.protobuf.UnsafeByteOperations;
import dev.estuary.dataset.proto.DataChunk;
import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.FileHandle;
import dev.estuary.dfs.ObjectId;
import dev.estuary.dfs.OpenMode;
import dev.estuary.dfs.Volume;
import java.nio.ByteBuffer;
import org.jspecify.annotations.Nullable;

/**
 * The chunk loop {@link FileChunkSource} and {@link CheckpointChunkSource} share: streams a byte
 * range of one file as {@link DataChunk}s, one chunk read per poll (so at most one chunk per call
 * is in memory on this side), the file opened on the first poll and closed after the last chunk;
 * a file that shrank while being read ends early instead of looping. Subclasses decide what one
 * chunk holds ({@link #fill}). Each chunk is read into a fresh heap array that the message wraps
 * without a copy: heap rather than direct on purpose, since the engine reads a heap array straight
 * from the page cache ({@code pread} into the array) and protobuf writes a heap-backed {@code
 * bytes} field to gRPC's transport buffer in one copy, while a direct-backed one goes through a
 * small heap buffer piece by piece (one copy more).
 */
abstract class RangeChunkSource implements MessageSource<DataChunk> {
  /** What {@link #fill} put into a chunk: bytes read, and bytes it meant to read. */
  record Filled(int got, int wanted) {}

  final Volume volume;
  final String path;
  private final ObjectId id;
  private final long start;
  private final long length;
  final int chunkSize;
  final DatasetMetrics metrics;
  private @Nullable FileHandle handle;
  long fileSize;
  long end;
  long position;
  private boolean done;

  /**
   * Creates the source; the file is opened on the first poll.
   *
   * @param path the path as the client gave it, for messages
   * @param length bytes wanted from {@code start}, or -1 for everything to the end of the file
   */
  RangeChunkSource(
      Volume volume, String path, ObjectId id, long start, long length, int chunkSize, DatasetMetrics metrics) {
    this.volume = volume;
    this.path = path;
    this.id = id;
    this.start = start;
    this.length = length;
    this.chunkSize = chunkSize;
    this.metrics = metrics;
  }

  /**
   * Called once the file is open, before the first chunk.
   *
   * @param h the open file
   * @return the file's size now
   */
  long opened(FileHandle h) {
    return h.size();
  }

  /**
   * Fills one chunk from {@link #position} (below {@link #end}): its data and any per-chunk fields.
   *
   * @param c the chunk, offset and file size already set
   * @return bytes put in, and bytes meant (fewer read than meant: the file shrank)
   */
  abstract Filled fill(DataChunk.Builder c);

  /** Called after the last chunk, before the file is closed. */
  void ended() {}

  @Override
  public final @Nullable DataChunk poll() {
    if (done) {
      return null;
    }
    try {
      return next();
    } catch (DfsException e) {
      // Removed or replaced since it was resolved, say: named by path, not by object id.
      throw BackendError.at(e, volume, "path", path);
    }
  }

  private DataChunk next() {
    if (handle == null) {
      FileHandle h = volume.open(id, OpenMode.READ);
      handle = h;
      fileSize = opened(h);
      long wantedEnd = length < 0 ? fileSize : Math.min(fileSize, satAdd(start, length));
      end = Math.max(start, wantedEnd);
      position = start;
    }
    DataChunk.Builder c = DataChunk.newBuilder().setOffset(position).setFileSize(fileSize);
    Filled f = position < end ? fill(c) : new Filled(0, 0);
    position += f.got();
    boolean last = position >= end || f.got() < f.wanted();
    c.setLast(last);
    metrics.bytesRead(f.got());
    if (last) {
      done = true;
      ended();
      close();
    }
    return c.build();
  }

  /**
   * The plain chunk: up to the chunk size from {@link #position}, wrapped without a copy.
   *
   * @param c the chunk
   * @param n bytes to read
   * @return what was read
   */
  final Filled plain(DataChunk.Builder c, int n) {
    byte[] buf = new byte[n];
    int got = readFully(position, buf, n);
    c.setData(UnsafeByteOperations.unsafeWrap(buf, 0, got));
    return new Filled(got, n);
  }

  /**
   * Reads up to {@code n} bytes at {@code at} into the start of {@code buf}.
   *
   * @return bytes read (fewer at the end of the file)
   */
  final int readFully(long at, byte[] buf, int n) {
    FileHandle h = handle;
    if (h == null) {
      throw new IllegalStateException("not open");
    }
    ByteBuffer dst = ByteBuffer.wrap(buf, 0, n);
    int got = 0;
    while (dst.hasRemaining()) {
      int r = h.read(at + got, dst);
      if (r < 0) {
        break;
      }
      got += r;
    }
    return got;
  }

  @Override
  public final boolean finished() {
    return done;
  }

  @Override
  public void close() {
    FileHandle h = handle;
    if (h != null) {
      h.close();
    }
  }

  private static long satAdd(long a, long b) {
    long r = a + b;
    return r < 0 ? Long.MAX_VALUE : r;
  }
}
