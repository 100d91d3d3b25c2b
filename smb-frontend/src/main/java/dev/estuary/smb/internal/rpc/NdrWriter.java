package dev.estuary.smb.internal.rpc;

import dev.estuary.smb.internal.codec.Bytes;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;

/**
 * Writes NDR 2.0 stub data, little-endian ([C706] 14.2). Alignment is relative to the stub's start, which
 * sits at an 8-aligned offset of every REQUEST and RESPONSE PDU. Unique pointers get referent ids counting
 * up from 0x00020000 as Windows numbers them; callers write deferred pointees in NDR order themselves.
 */
final class NdrWriter {
  private final ByteBuf out = Unpooled.buffer();
  private int nextReferent = 0x00020000;

  /** Pads to a multiple of {@code n}. */
  void align(int n) {
    out.writeZero((n - (out.writerIndex() % n)) % n);
  }

  /** An unsigned long (aligned to 4). */
  void u32(long v) {
    align(4);
    out.writeIntLE((int) v);
  }

  /** A unique or full pointer's referent id: a fresh non-zero id, or 0 for null. */
  void pointer(boolean present) {
    u32(present ? take() : 0);
  }

  private int take() {
    int id = nextReferent;
    nextReferent += 4;
    return id;
  }

  /**
   * A conformant varying string of wchar_t with its terminating NUL, as {@code [string] wchar_t*} points
   * to (14.3.4): maximum count, offset 0, actual count, then the UTF-16LE characters.
   */
  void string(String s) {
    byte[] chars = s.getBytes(StandardCharsets.UTF_16LE);
    int count = chars.length / 2 + 1;
    u32(count);
    u32(0);
    u32(count);
    out.writeBytes(chars);
    out.writeShortLE(0);
  }

  /** @return the stub bytes written so far */
  Bytes toBytes() {
    return Bytes.of(ByteBufUtil.getBytes(out));
  }
}
