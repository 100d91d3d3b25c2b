package dev.estuary.s3.internal.sse;

import dev.estuary.dfs.FileHandle;
import java.nio.ByteBuffer;

/**
 * Encrypts one segment ({@link BlockCipher}) as its plaintext streams in and writes the blocks to
 * a backend object from a given stored offset. One full block is held back until more data
 * arrives, since only then is it known not to be the segment's last.
 */
public final class EncryptingSink {
  private final FileHandle out;
  private final BlockCipher cipher;
  private final byte[] salt;
  private final ByteBuffer plain = ByteBuffer.allocate(BlockCipher.BLOCK);
  private final ByteBuffer sealed = ByteBuffer.allocate(BlockCipher.BLOCK + BlockCipher.TAG);
  private long cipherPos;
  private long blockIndex;
  private long plainLength;
  private boolean finished;

  /**
   * Creates the sink.
   *
   * @param out where the ciphertext goes
   * @param start the stored offset of the segment's first block
   * @param objectKey the object's key
   * @param salt the segment's salt
   */
  public EncryptingSink(FileHandle out, long start, byte[] objectKey, byte[] salt) {
    this.out = out;
    this.cipherPos = start;
    this.cipher = BlockCipher.encryptor(objectKey, salt);
    this.salt = salt.clone();
  }

  /**
   * Returns the finished segment's description.
   *
   * @return its plaintext length and salt
   */
  public SseRecord.Segment segment() {
    if (!finished) {
      throw new IllegalStateException("segment not finished");
    }
    return new SseRecord.Segment(plainLength, salt);
  }

  /**
   * Encrypts and writes plaintext.
   *
   * @param src the plaintext, consumed
   */
  public void write(ByteBuffer src) {
    if (finished) {
      throw new IllegalStateException("segment already finished");
    }
    while (src.hasRemaining()) {
      if (!plain.hasRemaining()) {
        flush(false);
      }
      int n = Math.min(plain.remaining(), src.remaining());
      ByteBuffer part = src.slice(src.position(), n);
      plain.put(part);
      src.position(src.position() + n);
      plainLength += n;
    }
  }

  /**
   * Encrypts the held-back block as the segment's last.
   *
   * @return the segment's plaintext length
   */
  public long finish() {
    if (!finished) {
      finished = true;
      if (plain.position() > 0) {
        flush(true);
      }
    }
    return plainLength;
  }

  /**
   * Returns the stored offset after the last block written.
   *
   * @return the end of the ciphertext so far
   */
  public long cipherEnd() {
    return cipherPos;
  }

  private void flush(boolean last) {
    plain.flip();
    sealed.clear();
    cipher.block(blockIndex++, last, plain, sealed);
    sealed.flip();
    while (sealed.hasRemaining()) {
      cipherPos += out.write(cipherPos, sealed);
    }
    plain.clear();
  }
}
