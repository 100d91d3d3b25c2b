package dev.estuary.dfs.remote;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.dfs.FileHandle;
import dev.estuary.dfs.ObjectId;
import dev.estuary.dfs.OpenMode;
import dev.estuary.dfs.Volume;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reads and writes larger than a chunk travel as streams of chunks, whole and in order. */
class RemoteStreamingTest {
  private static final int CHUNK = 64 * 1024;

  @TempDir Path dir;

  private static RemoteDfs connect(ServedEngine e) {
    return RemoteDfs.connect(e.endpoint(),
        RemoteOptions.DEFAULTS.withDeadline(Duration.ofSeconds(60)).withChunkSize(CHUNK));
  }

  @Test
  void oneWriteAndOneReadOfManyChunks_keepEveryByte() throws Exception {
    try (ServedEngine e = new ServedEngine(dir); RemoteDfs client = connect(e)) {
      Volume v = client.volume(ServedEngine.VOLUME);
      ObjectId f = v.create(v.root(), "big", 0644, ServedEngine.OWNER, true).id();
      byte[] data = new byte[5 * (1 << 20) + 3];
      new SplittableRandom(7).nextBytes(data);
      try (FileHandle h = v.open(f, OpenMode.READ_WRITE)) {
        ByteBuffer src = ByteBuffer.allocateDirect(data.length).put(data).flip();
        assertThat(h.write(10, src)).isEqualTo(data.length);
        assertThat(src.hasRemaining()).isFalse();
        ByteBuffer dst = ByteBuffer.allocate(data.length + 100);
        assertThat(h.read(10, dst)).isEqualTo(data.length);
        assertThat(ByteBuffer.wrap(dst.array(), 0, data.length)).isEqualTo(ByteBuffer.wrap(data));
        assertThat(h.read(10L + data.length, ByteBuffer.allocate(8))).isEqualTo(-1);
        assertThat(h.size()).isEqualTo(10L + data.length);
      }
    }
  }

  @Test
  void transferOfASparseGibibyte_arrivesChunkByChunk() throws Exception {
    long size = 1L << 30;
    try (ServedEngine e = new ServedEngine(dir); RemoteDfs client = connect(e)) {
      Volume v = client.volume(ServedEngine.VOLUME);
      ObjectId f = v.create(v.root(), "sparse", 0644, ServedEngine.OWNER, true).id();
      try (FileHandle h = v.open(f, OpenMode.READ_WRITE)) {
        h.truncate(size);
        h.write(size - 4, ByteBuffer.wrap(new byte[] {1, 2, 3, 4}));
        long[] seen = {0, 0, 0};
        WritableByteChannel sink = new WritableByteChannel() {
          @Override
          public int write(ByteBuffer src) {
            int n = src.remaining();
            seen[0] += n;
            seen[1] = Math.max(seen[1], n);
            while (src.hasRemaining()) {
              seen[2] += src.get() & 0xff;
            }
            return n;
          }

          @Override
          public boolean isOpen() {
            return true;
          }

          @Override
          public void close() {
          }
        };
        assertThat(h.transferTo(0, size + 100, sink)).isEqualTo(size);
        assertThat(seen[0]).isEqualTo(size);
        assertThat(seen[1]).as("largest piece handed to the channel").isLessThanOrEqualTo(CHUNK);
        assertThat(seen[2]).as("sum of the bytes: the four at the end").isEqualTo(10);
      }
    }
  }
}
