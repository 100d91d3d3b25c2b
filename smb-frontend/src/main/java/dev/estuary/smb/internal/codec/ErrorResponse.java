package dev.estuary.smb.internal.codec;

import io.netty.buffer.ByteBuf;
import java.util.Objects;

/**
 * SMB2 ERROR Response ([MS-SMB2] 2.2.2): the body of every response whose status is an error (and of
 * STATUS_PENDING interim responses). ErrorData is kept raw; for 3.1.1 it holds ErrorContextCount error
 * contexts (2.2.2.1), otherwise symbolic-link or buffer-size data. MS-SMB2 requires at least one byte of
 * ErrorData on the wire even when ByteCount is 0, hence the padding byte.
 *
 * @param command the command the error answers
 * @param errorContextCount ErrorContextCount
 * @param errorData ErrorData
 */
public record ErrorResponse(SmbCommand command, int errorContextCount, Bytes errorData) implements SmbMessage {
  /** Validates. */
  public ErrorResponse {
    Objects.requireNonNull(command, "command");
    Objects.requireNonNull(errorData, "errorData");
    if (errorContextCount < 0 || errorContextCount > 255) {
      throw new IllegalArgumentException("errorContextCount: " + errorContextCount + " (expected: 0..255)");
    }
  }

  /** An error body with no data. */
  public static ErrorResponse empty(SmbCommand command) {
    return new ErrorResponse(command, 0, Bytes.EMPTY);
  }

  /** Decodes an error body of a response to {@code command}. */
  public static ErrorResponse decode(SmbCommand command, BodyReader r) throws SmbDecodeException {
    r.expectStructure("ERROR response", 9);
    int count = r.u8(2);
    long byteCount = r.u32(4);
    Bytes data = r.buffer("ErrorData", Smb2Header.SIZE + 8, byteCount, r.bodyLength());
    return new ErrorResponse(command, count, data);
  }

  @Override
  public void encodeBody(ByteBuf out) {
    out.writeShortLE(9);
    out.writeByte(errorContextCount);
    out.writeByte(0);
    out.writeIntLE(errorData.length());
    if (errorData.isEmpty()) {
      out.writeByte(0);
    } else {
      errorData.writeTo(out);
    }
  }
}
