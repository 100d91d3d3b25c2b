package dev.estuary.smb.internal.codec;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/** Small encoding helpers shared by the message records. */
final class Wire {
  private Wire() {}

  static byte[] utf16(String s) {
    return s.getBytes(StandardCharsets.UTF_16LE);
  }

  /** Zero-pads {@code out} so that {@code out.writerIndex() - headerStart} is a multiple of 8. */
  static void pad8(ByteBuf out, int headerStart) {
    int rel = out.writerIndex() - headerStart;
    out.writeZero((8 - (rel & 7)) & 7);
  }

  static int align8(int n) {
    return (n + 7) & ~7;
  }

  /** Writes a 2-byte body with a Reserved 2: the four-byte bodies of ECHO, LOGOFF, FLUSH responses... */
  static void small(ByteBuf out) {
    out.writeShortLE(4);
    out.writeShortLE(0);
  }

  /** Decodes a 4-byte "StructureSize 4 + Reserved" body. */
  static void expectSmall(BodyReader r, String command) throws SmbDecodeException {
    r.expectStructure(command, 4);
  }
}
