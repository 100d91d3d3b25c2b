package dev.estuary.smb.internal.codec;

import io.netty.buffer.ByteBuf;

/**
 * The commands whose bodies are a StructureSize and reserved bytes only: LOGOFF ([MS-SMB2] 2.2.7, 2.2.8),
 * TREE_DISCONNECT (2.2.11, 2.2.12), ECHO (2.2.28, 2.2.29), CANCEL (2.2.30), the FLUSH response (2.2.18) and
 * the LOCK response (2.2.27), plus the SET_INFO response (2.2.40, StructureSize 2).
 */
public final class SimpleMessages {
  private SimpleMessages() {}

  /**
   * A four-byte body (StructureSize 4, Reserved 2).
   *
   * @param command which command it belongs to
   */
  public record Empty(SmbCommand command) implements SmbMessage {
    /** Decodes a four-byte body of {@code command}. */
    public static Empty decode(SmbCommand command, BodyReader r) throws SmbDecodeException {
      Wire.expectSmall(r, command.name());
      return new Empty(command);
    }

    @Override
    public void encodeBody(ByteBuf out) {
      Wire.small(out);
    }
  }

  /** The SET_INFO response: StructureSize 2 and nothing else ([MS-SMB2] 2.2.40). */
  public record SetInfoResponse() implements SmbMessage {
    /** Decodes it. */
    public static SetInfoResponse decode(BodyReader r) throws SmbDecodeException {
      r.expectStructure("SET_INFO response", 2);
      return new SetInfoResponse();
    }

    @Override
    public SmbCommand command() {
      return SmbCommand.SET_INFO;
    }

    @Override
    public void encodeBody(ByteBuf out) {
      out.writeShortLE(2);
    }
  }
}
