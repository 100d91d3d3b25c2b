package dev.estuary.smb.internal.codec;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;
import java.util.List;

/**
 * Direct-TCP transport framing ([MS-SMB2] 2.1, [MS-SMB] 2.1): each message is preceded by a zero byte and
 * a 24-bit big-endian length. Emits one retained slice per frame (the SMB2 message, compound or transform
 * without the four-byte prefix). The length is checked against {@code maxFrame} from the prefix alone,
 * before any byte of the payload is buffered, so a hostile prefix cannot make the server allocate.
 */
public final class DirectTcpFrameDecoder extends ByteToMessageDecoder {
  /** Smallest legal payload: an SMB1 or SMB2 header needs at least 32 bytes; 0 would be a keep-alive. */
  public static final int MIN_FRAME = 32;

  private final int maxFrame;

  /** A decoder refusing frames longer than {@code maxFrame} bytes. */
  public DirectTcpFrameDecoder(int maxFrame) {
    if (maxFrame < MIN_FRAME || maxFrame > 0xFFFFFF) {
      throw new IllegalArgumentException("maxFrame: " + maxFrame + " (expected: " + MIN_FRAME + "..16777215)");
    }
    this.maxFrame = maxFrame;
    // A large WRITE arrives in many socket reads. Merging them into one buffer grows it by reallocation
    // and copy, again and again up to 8 MiB, and every frame handed on as a retained slice pins that
    // buffer, so the next read copies all that is left into a new one. Composing the reads instead keeps
    // each received buffer as it is; the frame is a slice over them.
    setCumulator(COMPOSITE_CUMULATOR);
  }

  /**
   * The frame cap for given limits: the largest payload plus headers and a WRITE's fixed part, so an
   * 8 MiB WRITE fits; compounds of small messages fit easily.
   */
  public static int maxFrameFor(CodecLimits limits) {
    int payload = Math.max(limits.maxTransactSize(), Math.max(limits.maxReadSize(), limits.maxWriteSize()));
    return Math.min(0xFFFFFF, payload + 4096);
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    while (in.readableBytes() >= 4) {
      int at = in.readerIndex();
      int zero = in.getUnsignedByte(at);
      if (zero != 0) {
        // Not Direct TCP (a NetBIOS session request has type 0x81): the stream cannot be resynchronised.
        in.skipBytes(in.readableBytes());
        throw new CorruptedFrameException("Direct TCP prefix: first byte " + zero + " (expected: 0)");
      }
      int len = in.getUnsignedMedium(at + 1);
      if (len < MIN_FRAME || len > maxFrame) {
        in.skipBytes(in.readableBytes());
        throw new TooLongFrameException("Direct TCP length: " + len + " (expected: " + MIN_FRAME + ".."
            + maxFrame + ")");
      }
      if (in.readableBytes() < 4 + len) {
        return;
      }
      in.skipBytes(4);
      out.add(in.readRetainedSlice(len));
    }
  }
}
