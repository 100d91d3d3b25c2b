package dev.estuary.smb.internal.codec;

import io.netty.buffer.ByteBuf;
import java.util.Objects;

/**
 * SMB2 TRANSFORM_HEADER ([MS-SMB2] 2.2.41): ProtocolId 0xFD 'SMB' (4), Signature (16), Nonce (16),
 * OriginalMessageSize (4), Reserved (2), Flags/EncryptionAlgorithm (2), SessionId (8); 52 bytes, followed
 * by the encrypted message. The AEAD's associated data is the 32 bytes from Nonce on (3.1.4.3).
 *
 * @param signature Signature (the AEAD tag)
 * @param nonce Nonce (16 bytes; CCM uses the first 11, GCM the first 12)
 * @param originalMessageSize OriginalMessageSize
 * @param flags Flags (0x0001 = Encrypted)
 * @param sessionId SessionId
 */
public record TransformHeader(Bytes signature, Bytes nonce, int originalMessageSize, int flags, long sessionId) {
  /** Header length. */
  public static final int SIZE = 52;
  /** ProtocolId 0xFD 'S' 'M' 'B' read little-endian. */
  public static final int PROTOCOL_ID = 0x424D53FD;
  /** Offset of the associated data (Nonce) inside the header. */
  public static final int AAD_OFFSET = 20;
  /** Length of the associated data. */
  public static final int AAD_LENGTH = 32;
  /** Flags value "Encrypted" (3.x). */
  public static final int FLAG_ENCRYPTED = 0x0001;

  /** Validates. */
  public TransformHeader {
    Objects.requireNonNull(signature, "signature");
    Objects.requireNonNull(nonce, "nonce");
    if (signature.length() != 16 || nonce.length() != 16) {
      throw new IllegalArgumentException("signature/nonce: " + signature.length() + "/" + nonce.length()
          + " bytes (expected: 16/16)");
    }
  }

  /** Whether the frame starts with the transform ProtocolId. */
  public static boolean isTransform(ByteBuf frame) {
    return frame.readableBytes() >= 4 && frame.getIntLE(frame.readerIndex()) == PROTOCOL_ID;
  }

  /**
   * Decodes the header at the reader index of {@code frame}. OriginalMessageSize must equal the bytes that
   * follow (3.3.5.2.1: otherwise the server disconnects) and be at least an SMB2 header.
   */
  public static TransformHeader decode(ByteBuf frame) throws SmbDecodeException {
    int at = frame.readerIndex();
    int len = frame.readableBytes();
    if (len < SIZE || !isTransform(frame)) {
      throw new SmbDecodeException("TRANSFORM_HEADER: " + len + " bytes (expected: >= 52 starting 0xFD 'SMB')");
    }
    int size = frame.getIntLE(at + 36);
    if (size < Smb2Header.SIZE || size != len - SIZE) {
      throw new SmbDecodeException("OriginalMessageSize: " + Integer.toUnsignedString(size) + " (expected: "
          + (len - SIZE) + ", the encrypted bytes that follow, >= 64)");
    }
    int flags = frame.getUnsignedShortLE(at + 42);
    if (flags != FLAG_ENCRYPTED) {
      throw new SmbDecodeException("TRANSFORM_HEADER Flags: " + flags + " (expected: 1, Encrypted)");
    }
    return new TransformHeader(Bytes.copyOf(frame, at + 4, 16), Bytes.copyOf(frame, at + 20, 16), size, flags,
        frame.getLongLE(at + 44));
  }

  /** Writes the 52 header bytes. */
  public void encode(ByteBuf out) {
    out.writeIntLE(PROTOCOL_ID);
    signature.writeTo(out);
    nonce.writeTo(out);
    out.writeIntLE(originalMessageSize);
    out.writeShortLE(0);
    out.writeShortLE(flags);
    out.writeLongLE(sessionId);
  }
}
