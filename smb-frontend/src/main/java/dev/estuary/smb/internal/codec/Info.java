package dev.estuary.smb.internal.codec;

import io.netty.buffer.ByteBuf;
import java.util.Objects;

/** SMB2 QUERY_INFO request (2.2.37) and SET_INFO request (2.2.39). */
public final class Info {
  private Info() {}

  /** SMB2_0_INFO_FILE. */
  public static final int INFO_FILE = 0x01;
  /** SMB2_0_INFO_FILESYSTEM. */
  public static final int INFO_FILESYSTEM = 0x02;
  /** SMB2_0_INFO_SECURITY. */
  public static final int INFO_SECURITY = 0x03;
  /** SMB2_0_INFO_QUOTA. */
  public static final int INFO_QUOTA = 0x04;

  /**
   * QUERY_INFO request.
   *
   * @param infoType InfoType
   * @param fileInfoClass FileInfoClass
   * @param outputBufferLength OutputBufferLength
   * @param input InputBuffer (quota and FullEA queries)
   * @param additionalInformation AdditionalInformation
   * @param flags Flags
   * @param fileId FileId
   */
  public record QueryRequest(int infoType, int fileInfoClass, int outputBufferLength, Bytes input,
      int additionalInformation, int flags, FileId fileId) implements SmbMessage {
    /** Validates. */
    public QueryRequest {
      Objects.requireNonNull(input, "input");
      Objects.requireNonNull(fileId, "fileId");
    }

    @Override
    public SmbCommand command() {
      return SmbCommand.QUERY_INFO;
    }

    /** Decodes it. */
    public static QueryRequest decode(BodyReader r, CodecLimits limits) throws SmbDecodeException {
      r.expectStructure("QUERY_INFO request", 41);
      long outLen = r.u32(4);
      if (outLen > limits.maxTransactSize()) {
        throw new SmbDecodeException("OutputBufferLength: " + outLen + " (expected: <= MaxTransactSize "
            + limits.maxTransactSize() + ")");
      }
      Bytes input = r.buffer("InputBuffer", r.u16(8), r.u32(12), limits.maxTransactSize());
      return new QueryRequest(r.u8(2), r.u8(3), (int) outLen, input, r.i32(16), r.i32(20), r.fileId(24));
    }

    @Override
    public void encodeBody(ByteBuf out) {
      out.writeShortLE(41);
      out.writeByte(infoType);
      out.writeByte(fileInfoClass);
      out.writeIntLE(outputBufferLength);
      out.writeShortLE(input.isEmpty() ? 0 : Smb2Header.SIZE + 40);
      out.writeShortLE(0);
      out.writeIntLE(input.length());
      out.writeIntLE(additionalInformation);
      out.writeIntLE(flags);
      fileId.encode(out);
      if (input.isEmpty()) {
        out.writeByte(0);
      } else {
        input.writeTo(out);
      }
    }
  }

  /**
   * SET_INFO request.
   *
   * @param infoType InfoType
   * @param fileInfoClass FileInfoClass
   * @param additionalInformation AdditionalInformation
   * @param fileId FileId
   * @param buffer the information to set
   */
  public record SetRequest(int infoType, int fileInfoClass, int additionalInformation, FileId fileId,
      Bytes buffer) implements SmbMessage {
    /** Validates. */
    public SetRequest {
      Objects.requireNonNull(fileId, "fileId");
      Objects.requireNonNull(buffer, "buffer");
    }

    @Override
    public SmbCommand command() {
      return SmbCommand.SET_INFO;
    }

    /** Decodes it. */
    public static SetRequest decode(BodyReader r, CodecLimits limits) throws SmbDecodeException {
      r.expectStructure("SET_INFO request", 33);
      Bytes buffer = r.buffer("Buffer", r.u16(8), r.u32(4), limits.maxTransactSize());
      return new SetRequest(r.u8(2), r.u8(3), r.i32(12), r.fileId(16), buffer);
    }

    @Override
    public void encodeBody(ByteBuf out) {
      out.writeShortLE(33);
      out.writeByte(infoType);
      out.writeByte(fileInfoClass);
      out.writeIntLE(buffer.length());
      out.writeShortLE(Smb2Header.SIZE + 32);
      out.writeShortLE(0);
      out.writeIntLE(additionalInformation);
      fileId.encode(out);
      if (buffer.isEmpty()) {
        out.writeByte(0);
      } else {
        buffer.writeTo(out);
      }
    }
  }
}
