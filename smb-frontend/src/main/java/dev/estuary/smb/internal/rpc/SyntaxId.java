package dev.estuary.smb.internal.rpc;

import static java.util.Objects.requireNonNull;

import io.netty.buffer.ByteBuf;
import java.util.UUID;

/**
 * An interface or transfer syntax identifier, {@code p_syntax_id_t} ([C706] 12.6.3.1): a UUID in NDR
 * little-endian layout (the first three fields little-endian, the last eight bytes as they are) and a
 * 32-bit version whose low half is the major and high half the minor version.
 *
 * @param uuid the interface or transfer syntax UUID
 * @param version if_version (major | minor &lt;&lt; 16)
 */
public record SyntaxId(UUID uuid, int version) {
  /** Size on the wire. */
  public static final int SIZE = 20;
  /** NDR 2.0 ([C706] 14; [MS-RPCE] 2.2.4.12), the one transfer syntax served. */
  public static final SyntaxId NDR = new SyntaxId(UUID.fromString("8a885d04-1ceb-11c9-9fe8-08002b104860"), 2);
  /** NDR64 ([MS-RPCE] 2.2.5): refused, so clients fall back to NDR. */
  public static final SyntaxId NDR64 = new SyntaxId(UUID.fromString("71710533-beba-4937-8319-b5dbef9ccc36"), 1);
  /** srvsvc 3.0 ([MS-SRVS] 1.9). */
  public static final SyntaxId SRVSVC = new SyntaxId(UUID.fromString("4b324fc8-1670-01d3-1278-5a47bf6ee188"), 3);

  /** Validates. */
  public SyntaxId {
    requireNonNull(uuid, "uuid");
  }

  /** Reads one at the reader index of {@code in} (the caller checked 20 bytes are there). */
  static SyntaxId read(ByteBuf in) {
    long timeLow = in.readUnsignedIntLE();
    int timeMid = in.readUnsignedShortLE();
    int timeHi = in.readUnsignedShortLE();
    long rest = in.readLong();
    long msb = (timeLow << 32) | ((long) timeMid << 16) | timeHi;
    return new SyntaxId(new UUID(msb, rest), in.readIntLE());
  }

  /** Writes the 20 bytes. */
  void write(ByteBuf out) {
    long msb = uuid.getMostSignificantBits();
    out.writeIntLE((int) (msb >>> 32));
    out.writeShortLE((int) (msb >>> 16));
    out.writeShortLE((int) msb);
    out.writeLong(uuid.getLeastSignificantBits());
    out.writeIntLE(version);
  }

  @Override
  public String toString() {
    return uuid + " v" + (version & 0xFFFF) + "." + (version >>> 16);
  }
}
