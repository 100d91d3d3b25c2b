package dev.estuary.smb.internal.codec;

import io.netty.buffer.ByteBuf;
import java.util.Objects;

/** SMB2 IOCTL ([MS-SMB2] 2.2.31 request, 2.2.32 response). */
public final class Ioctl {
  private Ioctl() {}

  /** SMB2_0_IOCTL_IS_FSCTL: the only Flags value a request may carry (3.3.5.15). */
  public static final int IS_FSCTL = 0x00000001;
  /** FSCTL_DFS_GET_REFERRALS. */
  public static final int FSCTL_DFS_GET_REFERRALS = 0x00060194;
  /** FSCTL_DFS_GET_REFERRALS_EX. */
  public static final int FSCTL_DFS_GET_REFERRALS_EX = 0x000601B0;
  /** FSCTL_PIPE_TRANSCEIVE. */
  public static final int FSCTL_PIPE_TRANSCEIVE = 0x0011C017;
  /** FSCTL_SRV_COPYCHUNK. */
  public static final int FSCTL_SRV_COPYCHUNK = 0x001440F2;
  /** FSCTL_SRV_COPYCHUNK_WRITE. */
  public static final int FSCTL_SRV_COPYCHUNK_WRITE = 0x001480F2;
  /** FSCTL_SRV_REQUEST_RESUME_KEY. */
  public static final int FSCTL_SRV_REQUEST_RESUME_KEY = 0x00140078;
  /** FSCTL_QUERY_NETWORK_INTERFACE_INFO. */
  public static final int FSCTL_QUERY_NETWORK_INTERFACE_INFO = 0x001401FC;
  /** FSCTL_VALIDATE_NEGOTIATE_INFO. */
  public static final int FSCTL_VALIDATE_NEGOTIATE_INFO = 0x00140204;
  /** FSCTL_CREATE_OR_GET_OBJECT_ID. */
  public static final int FSCTL_CREATE_OR_GET_OBJECT_ID = 0x000900C0;
  /** FSCTL_GET_OBJECT_ID. */
  public static final int FSCTL_GET_OBJECT_ID = 0x0009009C;
  /** FSCTL_SET_SPARSE. */
  public static final int FSCTL_SET_SPARSE = 0x000900C4;
  /** FSCTL_SET_ZERO_DATA. */
  public static final int FSCTL_SET_ZERO_DATA = 0x000980C8;
  /** FSCTL_QUERY_ALLOCATED_RANGES. */
  public static final int FSCTL_QUERY_ALLOCATED_RANGES = 0x000940CF;

  /**
   * IOCTL request. The OutputOffset/OutputCount of a request must be 0 per 2.2.31 but some clients send
   * them; they are bounds-checked and carried.
   *
   * @param ctlCode CtlCode
   * @param fileId FileId
   * @param input the input buffer
   * @param maxInputResponse MaxInputResponse
   * @param output the output buffer (normally empty)
   * @param maxOutputResponse MaxOutputResponse
   * @param flags Flags
   */
  public record Request(int ctlCode, FileId fileId, Bytes input, int maxInputResponse, Bytes output,
      int maxOutputResponse, int flags) implements SmbMessage {
    /** Validates. */
    public Request {
      Objects.requireNonNull(fileId, "fileId");
      Objects.requireNonNull(input, "input");
      Objects.requireNonNull(output, "output");
    }

    @Override
    public SmbCommand command() {
      return SmbCommand.IOCTL;
    }

    /**
     * Decodes it. Input, MaxInputResponse and MaxOutputResponse beyond MaxTransactSize are
     * STATUS_INVALID_PARAMETER (3.3.5.15).
     */
    public static Request decode(BodyReader r, CodecLimits limits) throws SmbDecodeException {
      r.expectStructure("IOCTL request", 57);
      long max = limits.maxTransactSize();
      Bytes input = r.buffer("IOCTL input", r.u32(24), r.u32(28), max);
      long maxIn = r.u32(32);
      Bytes output = r.buffer("IOCTL output", r.u32(36), r.u32(40), max);
      long maxOut = r.u32(44);
      if (maxIn > max || maxOut > max) {
        throw new SmbDecodeException("MaxInputResponse/MaxOutputResponse: " + maxIn + "/" + maxOut
            + " (expected: <= MaxTransactSize " + max + ")");
      }
      return new Request(r.i32(4), r.fileId(8), input, (int) maxIn, output, (int) maxOut, r.i32(48));
    }

    @Override
    public void encodeBody(ByteBuf out) {
      out.writeShortLE(57);
      out.writeShortLE(0);
      out.writeIntLE(ctlCode);
      fileId.encode(out);
      int at = Smb2Header.SIZE + 56;
      out.writeIntLE(input.isEmpty() ? 0 : at);
      out.writeIntLE(input.length());
      out.writeIntLE(maxInputResponse);
      out.writeIntLE(output.isEmpty() ? 0 : at + input.length());
      out.writeIntLE(output.length());
      out.writeIntLE(maxOutputResponse);
      out.writeIntLE(flags);
      out.writeIntLE(0);
      input.writeTo(out);
      output.writeTo(out);
      if (input.isEmpty() && output.isEmpty()) {
        out.writeByte(0);
      }
    }
  }

  /**
   * IOCTL response.
   *
   * @param ctlCode CtlCode
   * @param fileId FileId
   * @param input the echoed input (normally empty)
   * @param output the output buffer
   * @param flags Flags (0)
   */
  public record Response(int ctlCode, FileId fileId, Bytes input, Bytes output, int flags) implements SmbMessage {
    /** Validates. */
    public Response {
      Objects.requireNonNull(fileId, "fileId");
      Objects.requireNonNull(input, "input");
      Objects.requireNonNull(output, "output");
    }

    @Override
    public SmbCommand command() {
      return SmbCommand.IOCTL;
    }

    /** Decodes it. */
    public static Response decode(BodyReader r, CodecLimits limits) throws SmbDecodeException {
      r.expectStructure("IOCTL response", 49);
      long max = limits.maxTransactSize();
      Bytes input = r.buffer("IOCTL input", r.u32(24), r.u32(28), max);
      Bytes output = r.buffer("IOCTL output", r.u32(32), r.u32(36), max);
      return new Response(r.i32(4), r.fileId(8), input, output, r.i32(40));
    }

    @Override
    public void encodeBody(ByteBuf out) {
      out.writeShortLE(49);
      out.writeShortLE(0);
      out.writeIntLE(ctlCode);
      fileId.encode(out);
      int at = Smb2Header.SIZE + 48;
      // Windows sets both offsets to the buffer position even when the counts are 0; clients accept either.
      out.writeIntLE(at);
      out.writeIntLE(input.length());
      out.writeIntLE(at + Wire.align8(input.length()));
      out.writeIntLE(output.length());
      out.writeIntLE(flags);
      out.writeIntLE(0);
      input.writeTo(out);
      out.writeZero(Wire.align8(input.length()) - input.length());
      output.writeTo(out);
      if (input.isEmpty() && output.isEmpty()) {
        out.writeByte(0);
      }
    }
  }
}
