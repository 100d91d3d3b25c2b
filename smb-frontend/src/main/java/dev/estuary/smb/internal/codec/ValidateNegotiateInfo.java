package dev.estuary.smb.internal.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The FSCTL_VALIDATE_NEGOTIATE_INFO payloads ([MS-SMB2] 2.2.31.4 request, 2.2.32.6 response): the 3.0/3.0.2
 * client's check that NEGOTIATE was not tampered with (3.3.5.15.12). Carried in {@link Ioctl} buffers.
 */
public final class ValidateNegotiateInfo {
  private ValidateNegotiateInfo() {}

  /**
   * VALIDATE_NEGOTIATE_INFO request.
   *
   * @param capabilities Capabilities
   * @param guid Guid (the ClientGuid)
   * @param securityMode SecurityMode
   * @param dialects Dialects
   */
  public record Request(int capabilities, Bytes guid, int securityMode, List<Integer> dialects) {
    /** Validates and copies. */
    public Request {
      Objects.requireNonNull(guid, "guid");
      dialects = List.copyOf(dialects);
      if (guid.length() != 16) {
        throw new IllegalArgumentException("guid: " + guid.length() + " bytes (expected: 16)");
      }
    }

    /**
     * Decodes the IOCTL input. A short buffer or a DialectCount that does not fit is STATUS_INVALID_PARAMETER
     * (3.3.5.15.12).
     */
    public static Request decode(Bytes input) throws SmbDecodeException {
      if (input.length() < 24) {
        throw new SmbDecodeException("VALIDATE_NEGOTIATE_INFO input: " + input.length()
            + " bytes (expected: >= 24)");
      }
      ByteBuf b = Unpooled.wrappedBuffer(input.asReadOnlyBuffer());
      int count = b.getUnsignedShortLE(22);
      if (count < 1 || count > Negotiate.MAX_DIALECTS || 24 + 2 * count > input.length()) {
        throw new SmbDecodeException("VALIDATE_NEGOTIATE_INFO DialectCount: " + count + " (expected: 1.."
            + Negotiate.MAX_DIALECTS + ", fitting the " + input.length() + "-byte input)");
      }
      List<Integer> dialects = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        dialects.add(b.getUnsignedShortLE(24 + 2 * i));
      }
      return new Request(b.getIntLE(0), Bytes.copyOf(b, 4, 16), b.getUnsignedShortLE(20), dialects);
    }

    /** Encodes it (clients; tests). */
    public Bytes encode() {
      ByteBuf b = Unpooled.buffer(24 + 2 * dialects.size());
      b.writeIntLE(capabilities);
      guid.writeTo(b);
      b.writeShortLE(securityMode);
      b.writeShortLE(dialects.size());
      dialects.forEach(b::writeShortLE);
      return Bytes.of(ByteBufUtil.getBytes(b));
    }
  }

  /**
   * VALIDATE_NEGOTIATE_INFO response: the server's values from its NEGOTIATE response.
   *
   * @param capabilities Capabilities
   * @param guid Guid (the ServerGuid)
   * @param securityMode SecurityMode
   * @param dialect Dialect
   */
  public record Response(int capabilities, Bytes guid, int securityMode, int dialect) {
    /** Validates. */
    public Response {
      Objects.requireNonNull(guid, "guid");
      if (guid.length() != 16) {
        throw new IllegalArgumentException("guid: " + guid.length() + " bytes (expected: 16)");
      }
    }

    /** Encodes the IOCTL output (24 bytes). */
    public Bytes encode() {
      ByteBuf b = Unpooled.buffer(24);
      b.writeIntLE(capabilities);
      guid.writeTo(b);
      b.writeShortLE(securityMode);
      b.writeShortLE(dialect);
      return Bytes.of(ByteBufUtil.getBytes(b));
    }

    /** Decodes it (clients; tests). */
    public static Response decode(Bytes output) throws SmbDecodeException {
      if (output.length() != 24) {
        throw new SmbDecodeException("VALIDATE_NEGOTIATE_INFO output: " + output.length() + " bytes (expected: 24)");
      }
      ByteBuf b = Unpooled.wrappedBuffer(output.asReadOnlyBuffer());
      return new Response(b.getIntLE(0), Bytes.copyOf(b, 4, 16), b.getUnsignedShortLE(20),
          b.getUnsignedShortLE(22));
    }
  }
}
