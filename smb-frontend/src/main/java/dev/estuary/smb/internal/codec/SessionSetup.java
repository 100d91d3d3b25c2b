package dev.estuary.smb.internal.codec;

import io.netty.buffer.ByteBuf;
import java.util.Objects;

/** SMB2 SESSION_SETUP ([MS-SMB2] 2.2.5 request, 2.2.6 response). */
public final class SessionSetup {
  private SessionSetup() {}

  /** SMB2_SESSION_FLAG_BINDING (request Flags). */
  public static final int FLAG_BINDING = 0x01;
  /** SMB2_SESSION_FLAG_IS_GUEST (response SessionFlags). */
  public static final int SESSION_FLAG_IS_GUEST = 0x0001;
  /** SMB2_SESSION_FLAG_IS_NULL. */
  public static final int SESSION_FLAG_IS_NULL = 0x0002;
  /** SMB2_SESSION_FLAG_ENCRYPT_DATA. */
  public static final int SESSION_FLAG_ENCRYPT_DATA = 0x0004;

  /**
   * SESSION_SETUP request.
   *
   * @param flags Flags
   * @param securityMode SecurityMode
   * @param capabilities Capabilities
   * @param channel Channel (must be 0)
   * @param previousSessionId PreviousSessionId
   * @param securityBuffer the GSS token (SPNEGO)
   */
  public record Request(int flags, int securityMode, int capabilities, int channel, long previousSessionId,
      Bytes securityBuffer) implements SmbMessage {
    /** Validates. */
    public Request {
      Objects.requireNonNull(securityBuffer, "securityBuffer");
    }

    @Override
    public SmbCommand command() {
      return SmbCommand.SESSION_SETUP;
    }

    /** Decodes it. */
    public static Request decode(BodyReader r) throws SmbDecodeException {
      r.expectStructure("SESSION_SETUP request", 25);
      Bytes sec = r.buffer("SecurityBuffer", r.u16(12), r.u16(14), CodecLimits.MAX_SECURITY_BUFFER);
      return new Request(r.u8(2), r.u8(3), r.i32(4), r.i32(8), r.i64(16), sec);
    }

    @Override
    public void encodeBody(ByteBuf out) {
      out.writeShortLE(25);
      out.writeByte(flags);
      out.writeByte(securityMode);
      out.writeIntLE(capabilities);
      out.writeIntLE(channel);
      out.writeShortLE(Smb2Header.SIZE + 24);
      out.writeShortLE(securityBuffer.length());
      out.writeLongLE(previousSessionId);
      securityBuffer.writeTo(out);
    }
  }

  /**
   * SESSION_SETUP response.
   *
   * @param sessionFlags SessionFlags
   * @param securityBuffer the GSS token (SPNEGO)
   */
  public record Response(int sessionFlags, Bytes securityBuffer) implements SmbMessage {
    /** Validates. */
    public Response {
      Objects.requireNonNull(securityBuffer, "securityBuffer");
      if (securityBuffer.length() > CodecLimits.MAX_SECURITY_BUFFER) {
        throw new IllegalArgumentException("securityBuffer: " + securityBuffer.length()
            + " bytes (expected: <= 65535)");
      }
    }

    @Override
    public SmbCommand command() {
      return SmbCommand.SESSION_SETUP;
    }

    /** Decodes it. */
    public static Response decode(BodyReader r) throws SmbDecodeException {
      r.expectStructure("SESSION_SETUP response", 9);
      Bytes sec = r.buffer("SecurityBuffer", r.u16(4), r.u16(6), CodecLimits.MAX_SECURITY_BUFFER);
      return new Response(r.u16(2), sec);
    }

    @Override
    public void encodeBody(ByteBuf out) {
      out.writeShortLE(9);
      out.writeShortLE(sessionFlags);
      out.writeShortLE(Smb2Header.SIZE + 8);
      out.writeShortLE(securityBuffer.length());
      if (securityBuffer.isEmpty()) {
        out.writeByte(0);
      } else {
        securityBuffer.writeTo(out);
      }
    }
  }
}
