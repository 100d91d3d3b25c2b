package dev.estuary.smb.internal.codec;

import io.netty.buffer.ByteBuf;
import java.util.Objects;

/**
 * The shared shape of the QUERY_DIRECTORY (2.2.34), CHANGE_NOTIFY (2.2.36) and QUERY_INFO (2.2.38)
 * responses: StructureSize 9, OutputBufferOffset (2), OutputBufferLength (4), Buffer.
 *
 * @param command which of the three
 * @param output the output buffer
 */
public record OutputResponse(SmbCommand command, Bytes output) implements SmbMessage {
  /** Validates. */
  public OutputResponse {
    Objects.requireNonNull(command, "command");
    Objects.requireNonNull(output, "output");
    if (command != SmbCommand.QUERY_DIRECTORY && command != SmbCommand.CHANGE_NOTIFY
        && command != SmbCommand.QUERY_INFO) {
      throw new IllegalArgumentException("command: " + command
          + " (expected: QUERY_DIRECTORY, CHANGE_NOTIFY or QUERY_INFO)");
    }
  }

  /** Decodes it. */
  public static OutputResponse decode(SmbCommand command, BodyReader r, CodecLimits limits)
      throws SmbDecodeException {
    r.expectStructure(command + " response", 9);
    Bytes out = r.buffer("OutputBuffer", r.u16(2), r.u32(4), limits.maxTransactSize());
    return new OutputResponse(command, out);
  }

  @Override
  public void encodeBody(ByteBuf out) {
    out.writeShortLE(9);
    out.writeShortLE(output.isEmpty() ? 0 : Smb2Header.SIZE + 8);
    out.writeIntLE(output.length());
    if (output.isEmpty()) {
      out.writeByte(0);
    } else {
      output.writeTo(out);
    }
  }
}
