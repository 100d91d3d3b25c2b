package dev.estuary.s3.internal.ops;

import dev.estuary.dfs.FileHandle;
import dev.estuary.s3.internal.error.S3ErrorCode;
import dev.estuary.s3.internal.error.S3Exception;
import dev.estuary.s3.internal.sse.DecryptingReader;
import dev.estuary.s3.internal.sse.EncryptingSink;
import dev.estuary.s3.internal.sse.Encryption;
import dev.estuary.s3.internal.sse.SseRecord;
import java.nio.ByteBuffer;
import org.jspecify.annotations.Nullable;

/**
 * Copies (CopyObject, UploadPartCopy) where the source or the target is encrypted: the source's
 * plaintext is read (decrypted with its key), digested, and written (encrypted with the target's
 * key) through a bounded buffer. Ciphertext is never copied as it is between keys.
 */
final class SseCopy {
  private SseCopy() {}

  /**
   * Copies a plaintext range of the source into a new object.
   *
   * @param src the source
   * @param offset the first plaintext byte
   * @param length the byte count
   * @param dst the target, empty
   * @param target the target's encryption, or null for a plaintext target
   * @param integrity fed every plaintext byte
   * @return the target's segment, or null for a plaintext target
   */
  static SseRecord.@Nullable Segment copy(CopySource src, long offset, long length,
      FileHandle dst, Encryption.@Nullable Target target, Integrity integrity) {
    DecryptingReader reader = src.sse() == null ? null : src.sse().reader(src.handle());
    EncryptingSink sink = target == null ? null : target.segment(dst, 0);
    ByteBuffer buf = ByteBuffer.allocate(ObjectWriter.CHUNK);
    long done = 0;
    try {
      while (done < length) {
        buf.clear().limit((int) Math.min(buf.capacity(), length - done));
        while (buf.hasRemaining()) {
          long at = offset + done + buf.position();
          int n = reader != null ? reader.read(at, buf) : src.handle().read(at, buf);
          if (n < 0) {
            throw new S3Exception(S3ErrorCode.INTERNAL_ERROR,
                "copy source shrank during the copy");
          }
        }
        buf.flip();
        integrity.update(buf);
        int n = buf.remaining();
        if (sink != null) {
          sink.write(buf);
        } else {
          while (buf.hasRemaining()) {
            dst.write(done + buf.position(), buf);
          }
        }
        done += n;
      }
    } catch (SecurityException e) {
      throw new S3Exception(S3ErrorCode.INTERNAL_ERROR, "encrypted copy source "
          + src.key().key() + " does not decrypt: " + e.getMessage() + " (altered on disk?)", e);
    }
    if (sink == null) {
      return null;
    }
    sink.finish();
    return sink.segment();
  }
}
