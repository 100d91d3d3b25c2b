package dev.estuary.smb.internal.codec;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageEncoder;
import java.util.List;

/** Prepends the Direct-TCP four-byte prefix (zero, 24-bit big-endian length) to each outgoing message. */
public final class DirectTcpFrameEncoder extends MessageToMessageEncoder<ByteBuf> {
  /** An encoder. */
  public DirectTcpFrameEncoder() {
    super(ByteBuf.class);
  }

  @Override
  protected void encode(ChannelHandlerContext ctx, ByteBuf msg, List<Object> out) {
    int len = msg.readableBytes();
    if (len > 0xFFFFFF) {
      throw new IllegalArgumentException("frame: " + len + " bytes (expected: <= 16777215)");
    }
    ByteBuf prefix = ctx.alloc().buffer(4);
    prefix.writeByte(0);
    prefix.writeMedium(len);
    out.add(prefix);
    out.add(msg.retain());
  }
}
