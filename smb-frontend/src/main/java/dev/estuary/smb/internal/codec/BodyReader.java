package dev.estuary.smb.internal.codec;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * Bounds-checked reads of one SMB2 message. Every read names its field and fails with an
 * {@link SmbDecodeException} (STATUS_INVALID_PARAMETER) instead of reading outside the message, so a hostile
 * offset or length can neither read another message's bytes nor make the decoder allocate more than the
 * message holds. Offsets of variable buffers are relative to the start of the SMB2 header, as on the wire.
 */
public final class BodyReader {
  private final ByteBuf buf;
  private final int base;
  private final int length;

  /**
   * A reader over the message whose header starts at absolute {@code base} of {@code buf} and that is
   * {@code length} bytes long (header included).
   */
  public BodyReader(ByteBuf buf, int base, int length) {
    if (base < 0 || length < Smb2Header.SIZE || (long) base + length > buf.writerIndex()) {
      throw new IllegalArgumentException("message [" + base + ", +" + length + ") (expected: inside the buffer "
          + buf.writerIndex() + " bytes, >= 64 bytes)");
    }
    this.buf = buf;
    this.base = base;
    this.length = length;
  }

  /** Bytes after the header. */
  public int bodyLength() {
    return length - Smb2Header.SIZE;
  }

  /** Whole message length, header included. */
  public int messageLength() {
    return length;
  }

  /**
   * Checks StructureSize ({@code [MS-SMB2]}: "MUST be set to N") and that the fixed part, StructureSize
   * rounded down to even (the odd bit only says a variable buffer follows), is present.
   */
  public void expectStructure(String command, int structureSize) throws SmbDecodeException {
    if (bodyLength() < 2) {
      throw new SmbDecodeException(command + ": " + bodyLength() + " body bytes (expected: >= "
          + (structureSize & ~1) + ")");
    }
    int actual = u16(0);
    if (actual != structureSize) {
      throw new SmbDecodeException(command + " StructureSize: " + actual + " (expected: " + structureSize + ")");
    }
    need(command, 0, structureSize & ~1);
  }

  /** Checks that body bytes {@code [rel, rel + size)} exist. */
  public void need(String field, int rel, long size) throws SmbDecodeException {
    if (rel < 0 || size < 0 || rel + size > bodyLength()) {
      throw new SmbDecodeException(field + ": body bytes [" + rel + ", " + (rel + size) + ") (expected: within "
          + bodyLength() + " body bytes)");
    }
  }

  /** Unsigned byte at body offset {@code rel}. */
  public int u8(int rel) throws SmbDecodeException {
    need("byte", rel, 1);
    return buf.getUnsignedByte(base + Smb2Header.SIZE + rel);
  }

  /** Unsigned little-endian 16-bit value at body offset {@code rel}. */
  public int u16(int rel) throws SmbDecodeException {
    need("u16", rel, 2);
    return buf.getUnsignedShortLE(base + Smb2Header.SIZE + rel);
  }

  /** Little-endian 32-bit value at body offset {@code rel}. */
  public int i32(int rel) throws SmbDecodeException {
    need("u32", rel, 4);
    return buf.getIntLE(base + Smb2Header.SIZE + rel);
  }

  /** Unsigned little-endian 32-bit value at body offset {@code rel}. */
  public long u32(int rel) throws SmbDecodeException {
    return Integer.toUnsignedLong(i32(rel));
  }

  /** Little-endian 64-bit value at body offset {@code rel}. */
  public long i64(int rel) throws SmbDecodeException {
    need("u64", rel, 8);
    return buf.getLongLE(base + Smb2Header.SIZE + rel);
  }

  /** {@code n} bytes at body offset {@code rel}. */
  public Bytes fixed(int rel, int n) throws SmbDecodeException {
    need("bytes", rel, n);
    return Bytes.copyOf(buf, base + Smb2Header.SIZE + rel, n);
  }

  /** A FileId (16 bytes) at body offset {@code rel}. */
  public FileId fileId(int rel) throws SmbDecodeException {
    return new FileId(i64(rel), i64(rel + 8));
  }

  /**
   * A variable buffer given by an Offset (from the header start) and a Length field. An empty buffer is
   * accepted whatever its offset (clients send offset 0 or the end of the fixed part); a non-empty one must
   * lie after the header, inside the message, and be at most {@code max} bytes.
   */
  public Bytes buffer(String field, long offset, long len, long max) throws SmbDecodeException {
    checkBuffer(field, offset, len, max);
    return len == 0 ? Bytes.EMPTY : Bytes.copyOf(buf, base + (int) offset, (int) len);
  }

  /** Validates a buffer as {@link #buffer} does, without copying it. */
  public void checkBuffer(String field, long offset, long len, long max) throws SmbDecodeException {
    if (len == 0) {
      return;
    }
    if (len < 0 || len > max) {
      throw new SmbDecodeException(field + " length: " + len + " (expected: 0.." + max + ")");
    }
    if (offset < Smb2Header.SIZE || offset + len > length) {
      throw new SmbDecodeException(field + ": offset " + offset + " length " + len + " (expected: within "
          + Smb2Header.SIZE + ".." + length + " of the message)");
    }
  }

  /** A UTF-16LE string buffer (names, paths); odd lengths are malformed. */
  public String utf16(String field, long offset, long len, long maxBytes) throws SmbDecodeException {
    if ((len & 1) != 0) {
      throw new SmbDecodeException(field + " length: " + len + " (expected: even, UTF-16LE)");
    }
    checkBuffer(field, offset, len, maxBytes);
    return len == 0 ? "" : buf.toString(base + (int) offset, (int) len, StandardCharsets.UTF_16LE);
  }
}
