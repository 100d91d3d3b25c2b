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
 * Streams a byte range of one file as {@link DataChunk}s of at most the chunk size, reading one
 * chunk per poll, so at most one chunk per call is in memory on this side. Each chunk is read into
 * a fresh heap array that the message wraps without a copy. Heap rather than direct on purpose: the
 * JDK reads a heap buffer through its own cached direct buffer, and protobuf writes a heap-backed
 * {@code bytes} field to gRPC's transport buffer in one copy, while a direct-backed one goes through
 * {@code CodedOutputStream}'s small heap buffer piece by piece: the same number of copies or more.
 */
final class FileChunkSource implements MessageSource<DataChunk> {
  private final Volume volume;
  private final String path;
  private final ObjectId id;
  private final long start;
  private final long length;
  private final int chunkSize;
  private final DatasetMetrics metrics;
  private final boolean wholeSample;
  private @Nullable FileHandle handle;
  private long fileSize;
  private long end;
  private long position;
  private boolean done;

  /**
   * Creates the source; the file is opened on the first poll.
   *
   * @param path the path as the client gave it, for messages
   * @param length bytes wanted from {@code start}, or -1 for everything to the end of the file
   * @param wholeSample whether to count one sample in the metrics when done
   */
  FileChunkSource(
      Volume volume, String path, ObjectId id, long start, long length, int chunkSize, DatasetMetrics metrics,
      boolean wholeSample) {
    this.volume = volume;
    this.path = path;
    this.id = id;
    this.start = start;
    this.length = length;
    this.chunkSize = chunkSize;
    this.metrics = metrics;
    this.wholeSample = wholeSample;
  }

  @Override
  public @Nullable DataChunk poll() {
    if (done) {
      return null;
    }
    try {
      return read();
    } catch (DfsException e) {
      // Removed or replaced since it was resolved, say: named by path, not by object id.
      throw BackendError.at(e, volume, "path", path);
    }
  }

  private DataChunk read() {
    FileHandle h = handle;
    if (h == null) {
      h = volume.open(id, OpenMode.READ);
      handle = h;
      fileSize = h.size();
      long wantedEnd = length < 0 ? fileSize : Math.min(fileSize, satAdd(start, length));
      end = Math.max(start, wantedEnd);
      position = start;
    }
    int n = (int) Math.min(chunkSize, end - position);
    byte[] buf = new byte[n];
    int got = 0;
    ByteBuffer dst = ByteBuffer.wrap(buf);
    while (dst.hasRemaining()) {
      int r = h.read(position + got, dst);
      if (r < 0) {
        break;
      }
      got += r;
    }
    DataChunk.Builder c = DataChunk.newBuilder()
        .setOffset(position)
        .setFileSize(fileSize)
        .setData(UnsafeByteOperations.unsafeWrap(buf, 0, got));
    position += got;
    // A file that shrank while being read ends early instead of looping.
    boolean last = position >= end || got < n;
    c.setLast(last);
    metrics.bytesRead(got);
    if (last) {
      done = true;
      if (wholeSample) {
        metrics.sample();
      }
      close();
    }
    return c.build();
  }

  @Override
  public boolean finished() {
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
