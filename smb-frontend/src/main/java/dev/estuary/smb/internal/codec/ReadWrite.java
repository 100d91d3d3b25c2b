package dev.estuary.smb.internal.codec;

import io.netty.buffer.ByteBuf;
import java.util.Objects;

/** SMB2 READ ([MS-SMB2] 2.2.19, 2.2.20) and WRITE (2.2.21, 2.2.22). */
public final class ReadWrite {
  private ReadWrite() {}

  /** SMB2_READFLAG_READ_UNBUFFERED. */
  public static final int READFLAG_UNBUFFERED = 0x01;
  /** SMB2_WRITEFLAG_WRITE_THROUGH. */
  public static final int WRITEFLAG_WRITE_THROUGH = 0x00000001;
  /** SMB2_WRITEFLAG_WRITE_UNBUFFERED. */
  public static final int WRITEFLAG_UNBUFFERED = 0x00000002;

  /**
   * READ request. Channel info (RDMA) is validated for bounds and carried raw; the handler refuses a
   * non-zero Channel since only TCP is served.
   *
   * @param padding Padding (where the client wants the data in the response)
   * @param flags Flags
   * @param length Length
   * @param offset Offset
   * @param fileId FileId
   * @param minimumCount MinimumCount
   * @param channel Channel
   * @param remainingBytes RemainingBytes
   * @param channelInfo ReadChannelInfo
   */
  public record ReadRequest(int padding, int flags, int length, long offset, FileId fileId, int minimumCount,
      int channel, int remainingBytes, Bytes channelInfo) implements SmbMessage {
    /** Validates. */
    public ReadRequest {
      Objects.requireNonNull(fileId, "fileId");
      Objects.requireNonNull(channelInfo, "channelInfo");
    }

    @Override
    public SmbCommand command() {
      return SmbCommand.READ;
    }

    /** Decodes it; Length beyond MaxReadSize is STATUS_INVALID_PARAMETER (3.3.5.12). */
    public static ReadRequest decode(BodyReader r, CodecLimits limits) throws SmbDecodeException {
      r.expectStructure("READ request", 49);
      long length = r.u32(4);
      if (length > limits.maxReadSize()) {
        throw new SmbDecodeException("READ Length: " + length + " (expected: <= MaxReadSize "
            + limits.maxReadSize() + ")");
      }
      Bytes info = r.buffer("ReadChannelInfo", r.u16(44), r.u16(46), 0xFFFF);
      return new ReadRequest(r.u8(2), r.u8(3), (int) length, r.i64(8), r.fileId(16), r.i32(32), r.i32(36),
          r.i32(40), info);
    }

    @Override
    public void encodeBody(ByteBuf out) {
      out.writeShortLE(49);
      out.writeByte(padding);
      out.writeByte(flags);
      out.writeIntLE(length);
      out.writeLongLE(offset);
      fileId.encode(out);
      out.writeIntLE(minimumCount);
      out.writeIntLE(channel);
      out.writeIntLE(remainingBytes);
      out.writeShortLE(channelInfo.isEmpty() ? 0 : Smb2Header.SIZE + 48);
      out.writeShortLE(channelInfo.length());
      if (channelInfo.isEmpty()) {
        out.writeByte(0);
      } else {
        channelInfo.writeTo(out);
      }
    }
  }

  /**
   * READ response; the data follows the fixed part at header offset 80.
   *
   * @param dataRemaining DataRemaining
   * @param data the bytes read
   */
  public record ReadResponse(int dataRemaining, Bytes data) implements SmbMessage {
    /** Validates. */
    public ReadResponse {
      Objects.requireNonNull(data, "data");
    }

    @Override
    public SmbCommand command() {
      return SmbCommand.READ;
    }

    /** Decodes it. */
    public static ReadResponse decode(BodyReader r, CodecLimits limits) throws SmbDecodeException {
      r.expectStructure("READ response", 17);
      Bytes data = r.buffer("READ data", r.u8(2), r.u32(4), limits.maxReadSize());
      return new ReadResponse(r.i32(8), data);
    }

    @Override
    public void encodeBody(ByteBuf out) {
      out.writeShortLE(17);
      out.writeByte(Smb2Header.SIZE + 16);
      out.writeByte(0);
      out.writeIntLE(data.length());
      out.writeIntLE(dataRemaining);
      out.writeIntLE(0);
      if (data.isEmpty()) {
        out.writeByte(0);
      } else {
        data.writeTo(out);
      }
    }
  }

  /**
   * WRITE request.
   *
   * @param offset Offset
   * @param fileId FileId
   * @param channel Channel
   * @param remainingBytes RemainingBytes
   * @param channelInfo WriteChannelInfo
   * @param flags Flags
   * @param data the bytes to write
   */
  public record WriteRequest(long offset, FileId fileId, int channel, int remainingBytes, Bytes channelInfo,
      int flags, Bytes data) implements SmbMessage {
    /** Validates. */
    public WriteRequest {
      Objects.requireNonNull(fileId, "fileId");
      Objects.requireNonNull(channelInfo, "channelInfo");
      Objects.requireNonNull(data, "data");
    }

    @Override
    public SmbCommand command() {
      return SmbCommand.WRITE;
    }

    /** Decodes it; Length beyond MaxWriteSize is STATUS_INVALID_PARAMETER (3.3.5.13). */
    public static WriteRequest decode(BodyReader r, CodecLimits limits) throws SmbDecodeException {
      r.expectStructure("WRITE request", 49);
      Bytes data = r.buffer("WRITE data", r.u16(2), r.u32(4), limits.maxWriteSize());
      Bytes info = r.buffer("WriteChannelInfo", r.u16(40), r.u16(42), 0xFFFF);
      return new WriteRequest(r.i64(8), r.fileId(16), r.i32(32), r.i32(36), info, r.i32(44), data);
    }

    @Override
    public void encodeBody(ByteBuf out) {
      out.writeShortLE(49);
      out.writeShortLE(Smb2Header.SIZE + 48);
      out.writeIntLE(data.length());
      out.writeLongLE(offset);
      fileId.encode(out);
      out.writeIntLE(channel);
      out.writeIntLE(remainingBytes);
      out.writeShortLE(channelInfo.isEmpty() ? 0 : Smb2Header.SIZE + 48 + data.length());
      out.writeShortLE(channelInfo.length());
      out.writeIntLE(flags);
      data.writeTo(out);
      channelInfo.writeTo(out);
      if (data.isEmpty() && channelInfo.isEmpty()) {
        out.writeByte(0);
      }
    }
  }

  /**
   * WRITE response.
   *
   * @param count Count
   */
  public record WriteResponse(int count) implements SmbMessage {
    @Override
    public SmbCommand command() {
      return SmbCommand.WRITE;
    }

    /** Decodes it. */
    public static WriteResponse decode(BodyReader r) throws SmbDecodeException {
      r.expectStructure("WRITE response", 17);
      return new WriteResponse(r.i32(4));
    }

    @Override
    public void encodeBody(ByteBuf out) {
      out.writeShortLE(17);
      out.writeShortLE(0);
      out.writeIntLE(count);
      out.writeIntLE(0);
      out.writeShortLE(0);
      out.writeShortLE(0);
    }
  }
}
