package dev.estuary.dataset.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.dataset.internal.codec.BlockCrcs;
import dev.estuary.dataset.internal.codec.Crc32cMath;
import dev.estuary.dataset.internal.codec.CrcTable;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

/** The CRC-32C arithmetic and the stored block table of checkpoints (issue 14). */
class CrcTableTest {
  private static int crc(byte[] b, int off, int len) {
    CRC32C c = new CRC32C();
    c.update(b, off, len);
    return (int) c.getValue();
  }

  @Test
  void combiningTwoPiecesGivesTheCrcOfBoth() {
    Random r = new Random(1);
    byte[] data = new byte[100_000];
    r.nextBytes(data);
    for (int split : new int[] {0, 1, 7, 4096, 65_537, 99_999, 100_000}) {
      int a = crc(data, 0, split);
      int b = crc(data, split, data.length - split);
      assertThat(Crc32cMath.combine(a, b, data.length - split)).as("split at %d", split)
          .isEqualTo(crc(data, 0, data.length));
    }
  }

  @Test
  void blockCrcsOfAStreamInAnyPiecesAndTheWholeFromThem() {
    Random r = new Random(2);
    byte[] data = new byte[10 * 1024 + 77];
    r.nextBytes(data);
    BlockCrcs blocks = new BlockCrcs(1024);
    for (int off = 0; off < data.length; ) {
      int n = Math.min(data.length - off, 1 + r.nextInt(3000));
      blocks.update(ByteBuffer.wrap(data, off, n));
      off += n;
    }
    int[] crcs = blocks.finish();
    assertThat(crcs).hasSize(11);
    for (int i = 0; i < crcs.length; i++) {
      assertThat(crcs[i]).isEqualTo(crc(data, i * 1024, Math.min(1024, data.length - i * 1024)));
    }
    assertThat(CrcTable.whole(1024, crcs, data.length)).isEqualTo(crc(data, 0, data.length));
    assertThat(CrcTable.whole(1024, new int[0], 0)).isEqualTo(crc(data, 0, 0));
  }

  @Test
  void aTableTooLargeForAnXattrMergesBlocksPairwise() {
    int bs = 16;
    int count = CrcTable.MAX_BLOCKS * 2 + 3; // needs two doublings: 16 -> 32 -> 64 bytes per block
    byte[] data = new byte[count * bs - 5];
    new Random(3).nextBytes(data);
    int[] crcs = new int[count];
    for (int i = 0; i < count; i++) {
      crcs[i] = crc(data, i * bs, Math.min(bs, data.length - i * bs));
    }
    CrcTable t = CrcTable.of(bs, crcs, data.length, 42);
    assertThat(t.blockSize()).isEqualTo(64);
    assertThat(t.crcs()).hasSize(CrcTable.blocks(data.length, 64));
    for (int i = 0; i < t.crcs().length; i++) {
      assertThat(t.crc(i)).as("merged block %d", i).isEqualTo(crc(data, i * 64, Math.min(64, data.length - i * 64)));
    }
    byte[] stored = t.encode();
    assertThat(stored.length).isLessThanOrEqualTo(65536);
    assertThat(CrcTable.decode(stored)).isEqualTo(t);
    assertThat(t.describes(data.length, 42)).isTrue();
    assertThat(t.describes(data.length, 43)).isFalse();
    assertThat(t.describes(data.length + 1, 42)).isFalse();
  }

  @Test
  void valuesThatAreNotATableAreIgnored() {
    byte[] good = CrcTable.of(1 << 20, new int[] {5, 6}, (1 << 20) + 1, 9).encode();
    assertThat(CrcTable.decode(good)).isNotNull();
    assertThat(CrcTable.decode(new byte[0])).isNull();
    byte[] version = good.clone();
    version[0] = 2;
    assertThat(CrcTable.decode(version)).isNull();
    assertThat(CrcTable.decode(Arrays.copyOf(good, good.length - 1))).as("truncated").isNull();
    byte[] count = good.clone();
    count[21] = 3; // three blocks claimed for a two-block size
    assertThat(CrcTable.decode(count)).isNull();
  }
}
