package dev.estuary.smb.internal.auth;

import dev.estuary.smb.internal.codec.Bytes;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An AV_PAIR list ([MS-NLMP] 2.2.2.1): AvId (2), AvLen (2), Value, ended by MsvAvEOL.
 *
 * @param pairs the pairs in order, without the terminating MsvAvEOL
 */
public record AvPairs(List<AvPairs.Pair> pairs) {
  /** MsvAvEOL. */
  public static final int EOL = 0;
  /** MsvAvNbComputerName. */
  public static final int NB_COMPUTER_NAME = 1;
  /** MsvAvNbDomainName. */
  public static final int NB_DOMAIN_NAME = 2;
  /** MsvAvDnsComputerName. */
  public static final int DNS_COMPUTER_NAME = 3;
  /** MsvAvDnsDomainName. */
  public static final int DNS_DOMAIN_NAME = 4;
  /** MsvAvFlags. */
  public static final int FLAGS = 6;
  /** MsvAvTimestamp. */
  public static final int TIMESTAMP = 7;
  /** MsvAvFlags bit: the AUTHENTICATE message carries a MIC. */
  public static final int FLAG_MIC_PRESENT = 0x2;
  /** Most pairs read; clients send about ten. */
  public static final int MAX_PAIRS = 64;

  /**
   * One pair.
   *
   * @param id AvId
   * @param value Value
   */
  public record Pair(int id, Bytes value) {
    /** Validates. */
    public Pair {
      Objects.requireNonNull(value, "value");
    }
  }

  /** Copies the list. */
  public AvPairs {
    pairs = List.copyOf(pairs);
  }

  /** The first value with {@code id}, or null. */
  public @Nullable Bytes get(int id) {
    for (Pair p : pairs) {
      if (p.id() == id) {
        return p.value();
      }
    }
    return null;
  }

  /** MsvAvFlags as an int, 0 if absent. */
  public int flags() {
    Bytes v = get(FLAGS);
    return v == null || v.length() != 4 ? 0
        : (v.get(0) & 0xFF) | (v.get(1) & 0xFF) << 8 | (v.get(2) & 0xFF) << 16 | (v.get(3) & 0xFF) << 24;
  }

  /** A UTF-16LE pair. */
  public static Pair text(int id, String s) {
    return new Pair(id, Bytes.of(s.getBytes(StandardCharsets.UTF_16LE)));
  }

  /** Decodes a list; it must end with MsvAvEOL inside the bytes. */
  public static AvPairs decode(Bytes data) throws AuthException {
    ByteBuf b = Unpooled.wrappedBuffer(data.asReadOnlyBuffer());
    List<Pair> out = new ArrayList<>();
    while (true) {
      if (b.readableBytes() < 4) {
        throw new AuthException(dev.estuary.smb.internal.codec.NtStatus.INVALID_PARAMETER,
            "AV_PAIR list: no MsvAvEOL (expected: a terminated list)");
      }
      int id = b.readUnsignedShortLE();
      int len = b.readUnsignedShortLE();
      if (id == EOL) {
        return new AvPairs(out);
      }
      if (len > b.readableBytes() || out.size() == MAX_PAIRS) {
        throw new AuthException(dev.estuary.smb.internal.codec.NtStatus.INVALID_PARAMETER,
            "AV_PAIR " + id + " length: " + len + " (expected: <= " + b.readableBytes() + ", at most "
                + MAX_PAIRS + " pairs)");
      }
      byte[] v = new byte[len];
      b.readBytes(v);
      out.add(new Pair(id, Bytes.of(v)));
    }
  }

  /** Encodes the list with its MsvAvEOL. */
  public Bytes encode() {
    ByteBuf b = Unpooled.buffer();
    for (Pair p : pairs) {
      b.writeShortLE(p.id());
      b.writeShortLE(p.value().length());
      p.value().writeTo(b);
    }
    b.writeIntLE(0);
    byte[] a = new byte[b.readableBytes()];
    b.readBytes(a);
    return Bytes.of(a);
  }
}
