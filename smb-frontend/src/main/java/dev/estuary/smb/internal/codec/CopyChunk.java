package dev.estuary.smb.internal.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The server-side copy payloads carried in {@link Ioctl} buffers: SRV_REQUEST_RESUME_KEY's response
 * ([MS-SMB2] 2.2.32.3), SRV_COPYCHUNK_COPY with its SRV_COPYCHUNK entries (2.2.31.1, 2.2.31.1.1) and
 * SRV_COPYCHUNK_RESPONSE (2.2.32.1).
 */
public final class CopyChunk {
  private CopyChunk() {}

  /** The size of a resume key (2.2.32.3). */
  public static final int RESUME_KEY_SIZE = 24;
  /** The size of SRV_COPYCHUNK_COPY before its chunks. */
  public static final int COPY_HEADER_SIZE = 32;
  /** The size of one SRV_COPYCHUNK. */
  public static final int CHUNK_SIZE = 24;
  /** The size of SRV_COPYCHUNK_RESPONSE. */
  public static final int RESPONSE_SIZE = 12;

  /**
   * SRV_REQUEST_RESUME_KEY response: the key and an empty context.
   *
   * @param resumeKey the 24-byte ResumeKey
   */
  public record ResumeKeyResponse(Bytes resumeKey) {
    /** Validates. */
    public ResumeKeyResponse {
      Objects.requireNonNull(resumeKey, "resumeKey");
      if (resumeKey.length() != RESUME_KEY_SIZE) {
        throw new IllegalArgumentException("resumeKey: " + resumeKey.length() + " bytes (expected: 24)");
      }
    }

    /** @return the output buffer: ResumeKey, ContextLength 0, and 4 bytes of Context as Windows sends */
    public Bytes encode() {
      ByteBuf b = Unpooled.buffer(32);
      resumeKey.writeTo(b);
      b.writeIntLE(0);
      b.writeIntLE(0);
      return Bytes.of(ByteBufUtil.getBytes(b));
    }

    /** Decodes an output buffer (clients; tests). */
    public static ResumeKeyResponse decode(Bytes output) throws SmbDecodeException {
      if (output.length() < RESUME_KEY_SIZE + 4) {
        throw new SmbDecodeException("SRV_REQUEST_RESUME_KEY output: " + output.length() + " bytes (expected: >= 28)");
      }
      return new ResumeKeyResponse(Bytes.of(java.util.Arrays.copyOf(output.toArray(), RESUME_KEY_SIZE)));
    }
  }

  /**
   * One SRV_COPYCHUNK.
   *
   * @param sourceOffset SourceOffset
   * @param targetOffset TargetOffset
   * @param length Length (unsigned 32-bit)
   */
  public record Chunk(long sourceOffset, long targetOffset, long length) {}

  /**
   * SRV_COPYCHUNK_COPY.
   *
   * @param sourceKey the SourceKey (a resume key)
   * @param chunks the chunks
   */
  public record Copy(Bytes sourceKey, List<Chunk> chunks) {
    /** Validates and copies. */
    public Copy {
      Objects.requireNonNull(sourceKey, "sourceKey");
      chunks = List.copyOf(chunks);
      if (sourceKey.length() != RESUME_KEY_SIZE) {
        throw new IllegalArgumentException("sourceKey: " + sourceKey.length() + " bytes (expected: 24)");
      }
    }

    /**
     * Decodes the IOCTL input. An input shorter than the header, or a ChunkCount not fitting the input, is
     * STATUS_INVALID_PARAMETER; the count is checked against the input before anything is allocated. The
     * handler checks the count against the server's limit first ({@link #chunkCount}), because that
     * failure answers with the limits (3.3.5.15.6).
     *
     * @param input the IOCTL input
     * @return the copy request
     */
    public static Copy decode(Bytes input) throws SmbDecodeException {
      int count = chunkCount(input);
      if ((long) COPY_HEADER_SIZE + (long) count * CHUNK_SIZE > input.length()) {
        throw new SmbDecodeException("SRV_COPYCHUNK_COPY ChunkCount: " + count + " (expected: fitting the "
            + input.length() + "-byte input)");
      }
      ByteBuf b = Unpooled.wrappedBuffer(input.asReadOnlyBuffer());
      List<Chunk> chunks = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        int at = COPY_HEADER_SIZE + i * CHUNK_SIZE;
        chunks.add(new Chunk(b.getLongLE(at), b.getLongLE(at + 8), b.getUnsignedIntLE(at + 16)));
      }
      return new Copy(Bytes.copyOf(b, 0, RESUME_KEY_SIZE), chunks);
    }

    /**
     * The ChunkCount of an input.
     *
     * @param input the IOCTL input
     * @return the count (unsigned; {@link Integer#MAX_VALUE} for anything larger)
     */
    public static int chunkCount(Bytes input) throws SmbDecodeException {
      if (input.length() < COPY_HEADER_SIZE) {
        throw new SmbDecodeException("SRV_COPYCHUNK_COPY input: " + input.length() + " bytes (expected: >= 32)");
      }
      long n = Unpooled.wrappedBuffer(input.asReadOnlyBuffer()).getUnsignedIntLE(24);
      return (int) Math.min(n, Integer.MAX_VALUE);
    }

    /** Encodes it (clients; tests). */
    public Bytes encode() {
      ByteBuf b = Unpooled.buffer(COPY_HEADER_SIZE + CHUNK_SIZE * chunks.size());
      sourceKey.writeTo(b);
      b.writeIntLE(chunks.size());
      b.writeIntLE(0);
      for (Chunk c : chunks) {
        b.writeLongLE(c.sourceOffset());
        b.writeLongLE(c.targetOffset());
        b.writeIntLE((int) c.length());
        b.writeIntLE(0);
      }
      return Bytes.of(ByteBufUtil.getBytes(b));
    }
  }

  /**
   * SRV_COPYCHUNK_RESPONSE. On success: chunks and bytes written; on STATUS_INVALID_PARAMETER for a
   * limit: the server's limits (3.3.5.15.6).
   *
   * @param chunksWritten ChunksWritten
   * @param chunkBytesWritten ChunkBytesWritten
   * @param totalBytesWritten TotalBytesWritten
   */
  public record Response(int chunksWritten, int chunkBytesWritten, int totalBytesWritten) {
    /** @return the output buffer */
    public Bytes encode() {
      ByteBuf b = Unpooled.buffer(RESPONSE_SIZE);
      b.writeIntLE(chunksWritten);
      b.writeIntLE(chunkBytesWritten);
      b.writeIntLE(totalBytesWritten);
      return Bytes.of(ByteBufUtil.getBytes(b));
    }

    /** Decodes an output buffer (clients; tests). */
    public static Response decode(Bytes output) throws SmbDecodeException {
      if (output.length() < RESPONSE_SIZE) {
        throw new SmbDecodeException("SRV_COPYCHUNK_RESPONSE: " + output.length() + " bytes (expected: 12)");
      }
      ByteBuf b = Unpooled.wrappedBuffer(output.asReadOnlyBuffer());
      return new Response(b.getIntLE(0), b.getIntLE(4), b.getIntLE(8));
    }
  }
}
