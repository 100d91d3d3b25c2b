package dev.estuary.smb.internal.codec;

import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * An immutable byte string, so message records stay immutable (style §7: immutable messages). Decoding
 * copies once out of the Netty buffer, which also frees the record from the buffer's reference count.
 */
public final class Bytes {
  /** The empty byte string. */
  public static final Bytes EMPTY = new Bytes(new byte[0]);

  private final byte[] data;

  private Bytes(byte[] data) {
    this.data = data;
  }

  /** A copy of {@code data}. */
  public static Bytes of(byte... data) {
    return data.length == 0 ? EMPTY : new Bytes(data.clone());
  }

  /** Parses hex (whitespace ignored), for tests and constants. */
  public static Bytes hex(String hex) {
    return new Bytes(HexFormat.of().parseHex(hex.replaceAll("\\s+", "")));
  }

  /** Copies {@code length} bytes at absolute {@code index} of {@code buf} (caller has bounds-checked). */
  public static Bytes copyOf(ByteBuf buf, int index, int length) {
    if (length == 0) {
      return EMPTY;
    }
    byte[] b = new byte[length];
    buf.getBytes(index, b);
    return new Bytes(b);
  }

  /** {@code length} zero bytes. */
  public static Bytes zeros(int length) {
    return length == 0 ? EMPTY : new Bytes(new byte[length]);
  }

  /** Number of bytes. */
  public int length() {
    return data.length;
  }

  /** Whether there are no bytes. */
  public boolean isEmpty() {
    return data.length == 0;
  }

  /** The byte at {@code i}. */
  public byte get(int i) {
    return data[i];
  }

  /** A fresh copy of the bytes. */
  public byte[] toArray() {
    return data.clone();
  }

  /** A read-only view, for the JDK crypto APIs without a copy. */
  public ByteBuffer asReadOnlyBuffer() {
    return ByteBuffer.wrap(data).asReadOnlyBuffer();
  }

  /** Writes the bytes to {@code out}. */
  public void writeTo(ByteBuf out) {
    out.writeBytes(data);
  }

  /** Constant-time comparison, for MACs and proofs. */
  public boolean constantTimeEquals(Bytes other) {
    return MessageDigest.isEqual(data, other.data);
  }

  /** Lower-case hex. */
  public String toHex() {
    return HexFormat.of().formatHex(data);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Bytes b && Arrays.equals(data, b.data);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return data.length <= 32 ? "Bytes[" + toHex() + "]" : "Bytes[" + data.length + " bytes]";
  }
}
