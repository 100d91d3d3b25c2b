package dev.estuary.s3.internal.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.estuary.dfs.Dfs;
import dev.estuary.dfs.DfsProvider;
import dev.estuary.dfs.FileHandle;
import dev.estuary.dfs.OpenMode;
import dev.estuary.dfs.Ownership;
import dev.estuary.dfs.Volume;
import dev.estuary.dfs.engine.EngineProvider;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The block format over the embedded engine: segments of any length written by {@link
 * EncryptingSink} in pieces of any size read back at every offset by {@link DecryptingReader};
 * a flipped bit, a wrong key, a dropped last block or swapped blocks do not decrypt.
 */
class BlockFormatTest {
  @TempDir Path tmp;
  private Dfs dfs;
  private Volume v;
  private final byte[] key = new byte[32];

  @BeforeEach
  void open() {
    dfs = new EngineProvider().open(new DfsProvider.Context(tmp, Clock.systemUTC(),
        new SimpleMeterRegistry(), Map.of()));
    dfs.createVolume("vol", 0755, new Ownership(0, 0));
    v = dfs.volume("vol");
    new Random(1).nextBytes(key);
  }

  @AfterEach
  void close() {
    dfs.close();
  }

  private record Written(FileHandle h, SseRecord record, byte[] plain) {}

  private Written write(int... segmentSizes) {
    FileHandle h = v.open(v.createUnlinked(0600, new Ownership(0, 0)).id(), OpenMode.READ_WRITE);
    List<SseRecord.Segment> segs = new ArrayList<>();
    byte[] all = new byte[Arrays.stream(segmentSizes).sum()];
    new Random(segmentSizes.length).nextBytes(all);
    long cipherPos = 0;
    int plainPos = 0;
    Random pieces = new Random(7);
    for (int n : segmentSizes) {
      byte[] salt = new byte[BlockCipher.SALT];
      pieces.nextBytes(salt);
      EncryptingSink sink = new EncryptingSink(h, cipherPos, key, salt);
      int done = 0;
      while (done < n) {
        int piece = Math.min(n - done, 1 + pieces.nextInt(100_000));
        sink.write(ByteBuffer.wrap(all, plainPos + done, piece));
        done += piece;
      }
      sink.finish();
      segs.add(sink.segment());
      cipherPos = sink.cipherEnd();
      plainPos += n;
    }
    return new Written(h, new SseRecord(SseRecord.Scheme.APPLIANCE, new byte[0], 1, new byte[0],
        segs), all);
  }

  private static byte[] read(DecryptingReader r, long from, int length) {
    ByteBuffer b = ByteBuffer.allocate(length);
    while (b.hasRemaining()) {
      if (r.read(from + b.position(), b) < 0) {
        break;
      }
    }
    return Arrays.copyOf(b.array(), b.position());
  }

  @Test
  void segmentsReadBackAtAnyOffset() {
    Written w = write(BlockCipher.BLOCK * 2, 0, 1, 200_000, BlockCipher.BLOCK - 1);
    try (FileHandle h = w.h()) {
      assertThat(h.size()).isEqualTo(BlockCipher.cipherLength(BlockCipher.BLOCK * 2)
          + BlockCipher.cipherLength(1) + BlockCipher.cipherLength(200_000)
          + BlockCipher.cipherLength(BlockCipher.BLOCK - 1));
      DecryptingReader r = new DecryptingReader(h, key, w.record());
      assertThat(r.size()).isEqualTo(w.plain().length);
      assertThat(read(r, 0, w.plain().length)).isEqualTo(w.plain());
      Random rnd = new Random(3);
      for (int i = 0; i < 200; i++) {
        int from = rnd.nextInt(w.plain().length);
        int len = 1 + rnd.nextInt(Math.min(300_000, w.plain().length - from));
        assertThat(read(r, from, len)).as("%d+%d", from, len)
            .isEqualTo(Arrays.copyOfRange(w.plain(), from, from + len));
      }
      assertThat(r.read(w.plain().length, ByteBuffer.allocate(1))).isEqualTo(-1);
    }
  }

  @Test
  void alteredDataOrAWrongKeyDoesNotDecrypt() {
    Written w = write(150_000);
    try (FileHandle h = w.h()) {
      h.write(70_000, ByteBuffer.wrap(new byte[] {42}));
      DecryptingReader r = new DecryptingReader(h, key, w.record());
      assertThat(read(r, 0, 1000)).hasSize(1000);
      assertThatThrownBy(() -> read(r, 65_540, 10)).isInstanceOf(SecurityException.class);
      byte[] other = key.clone();
      other[0] ^= 1;
      assertThatThrownBy(() -> read(new DecryptingReader(h, other, w.record()), 0, 10))
          .isInstanceOf(SecurityException.class);
    }
  }

  @Test
  void aSegmentCutShortAtABlockBoundaryDoesNotDecrypt() {
    // Two full blocks; the record claims only the first: its block was not written as the last.
    Written w = write(BlockCipher.BLOCK * 2);
    try (FileHandle h = w.h()) {
      SseRecord cut = w.record().withSegments(List.of(new SseRecord.Segment(BlockCipher.BLOCK,
          w.record().segments().getFirst().salt())));
      assertThatThrownBy(() -> read(new DecryptingReader(h, key, cut), 0, 10))
          .isInstanceOf(SecurityException.class);
    }
  }

  @Test
  void recordRoundTrips() {
    SseRecord r = new SseRecord(SseRecord.Scheme.CUSTOMER, new byte[48], 0, new byte[0],
        List.of(new SseRecord.Segment(5, new byte[16]), new SseRecord.Segment(0, new byte[16])));
    SseRecord back = SseRecord.decode(r.encode());
    assertThat(back.scheme()).isEqualTo(SseRecord.Scheme.CUSTOMER);
    assertThat(back.plainSize()).isEqualTo(5);
    assertThat(back.segments()).hasSize(2);
    assertThatThrownBy(() -> SseRecord.decode(new byte[] {2})).hasMessageContaining("version");
  }
}
