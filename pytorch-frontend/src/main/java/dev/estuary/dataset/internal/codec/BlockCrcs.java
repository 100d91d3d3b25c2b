package dev.estuary.dataset.internal.codec;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * The CRC-32C of each fixed-size block of a byte stream that arrives in pieces of any size (a
 * WriteCheckpoint stream): what {@link CrcTable} stores. Not thread-safe.
 */
public final class BlockCrcs {
  private final int blockSize;
  private final CRC32C current = new CRC32C();
  private int inBlock;
  private int[] crcs = new int[64];
  private int count;

  /**
   * Creates an empty accumulator.
   *
   * @param blockSize bytes per block, a power of two
   */
  public BlockCrcs(int blockSize) {
    if (Integer.bitCount(blockSize) != 1) {
      throw new IllegalArgumentException("blockSize: " + blockSize + " (expected: a power of two)");
    }
    this.blockSize = blockSize;
  }

  /**
   * Adds the next bytes of the stream; {@code data}'s position is left unchanged.
   *
   * @param data the bytes
   */
  public void update(ByteBuffer data) {
    int pos = data.position();
    int end = data.limit();
    while (pos < end) {
      int n = Math.min(end - pos, blockSize - inBlock);
      current.update(data.slice(pos, n));
      pos += n;
      inBlock += n;
      if (inBlock == blockSize) {
        push((int) current.getValue());
        current.reset();
        inBlock = 0;
      }
    }
  }

  /**
   * Returns the block size.
   *
   * @return bytes per block
   */
  public int blockSize() {
    return blockSize;
  }

  /**
   * Returns the CRC-32C of every block so far, the last one possibly partial.
   *
   * @return a new array
   */
  public int[] finish() {
    int[] out = Arrays.copyOf(crcs, count + (inBlock > 0 ? 1 : 0));
    if (inBlock > 0) {
      out[count] = (int) current.getValue();
    }
    return out;
  }

  private void push(int crc) {
    if (count == crcs.length) {
      crcs = Arrays.copyOf(crcs, crcs.length * 2);
    }
    crcs[count++] = crc;
  }
}
