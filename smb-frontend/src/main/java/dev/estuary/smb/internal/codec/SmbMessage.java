package dev.estuary.smb.internal.codec;

import io.netty.buffer.ByteBuf;

/**
 * The body of one SMB2 request or response (everything after the 64-byte header). Implementations are
 * immutable records; {@link #encodeBody} writes the body so that the header started 64 bytes before the
 * writer index (buffer offsets on the wire are relative to the header).
 */
public interface SmbMessage {
  /** The command this body belongs to. */
  SmbCommand command();

  /** Appends the body; the header was written just before it. */
  void encodeBody(ByteBuf out);
}
