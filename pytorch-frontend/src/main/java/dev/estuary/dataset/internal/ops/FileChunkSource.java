package dev.estuary.dataset.internal.ops;

import dev.estuary.dataset.proto.DataChunk;
import dev.estuary.dfs.ObjectId;
import dev.estuary.dfs.Volume;

/**
 * Streams a byte range of one file as {@link DataChunk}s of at most the chunk size (Get,
 * ReadRange): the plain chunks of {@link RangeChunkSource}.
 */
final class FileChunkSource extends RangeChunkSource {
  private final boolean wholeSample;

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
    super(volume, path, id, start, length, chunkSize, metrics);
    this.wholeSample = wholeSample;
  }

  @Override
  Filled fill(DataChunk.Builder c) {
    return plain(c, (int) Math.min(chunkSize, end - position));
  }

  @Override
  void ended() {
    if (wholeSample) {
      metrics.sample();
    }
  }
}
