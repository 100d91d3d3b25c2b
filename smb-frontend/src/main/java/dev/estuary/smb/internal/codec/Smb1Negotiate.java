package dev.estuary.smb.internal.codec;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Recognises the SMB1 multi-protocol NEGOTIATE clients open with ([MS-SMB2] 3.3.5.3.1, [MS-CIFS] 2.2.4.52.1)
 * and picks the SMB2 answer: DialectRevision 0x02FF when "SMB 2.???" is offered (the client then sends a
 * fresh SMB2 NEGOTIATE), 0x0202 when only "SMB 2.002" is, none otherwise (the server disconnects).
 */
public final class Smb1Negotiate {
  private Smb1Negotiate() {}

  /** ProtocolId 0xFF 'S' 'M' 'B' read little-endian. */
  public static final int SMB1_PROTOCOL_ID = 0x424D53FF;
  private static final int SMB_COM_NEGOTIATE = 0x72;
  private static final int SMB1_HEADER = 32;
  /** Most dialect strings read; clients send about a dozen. */
  public static final int MAX_DIALECTS = 64;

  /** Whether the frame starts with the SMB1 ProtocolId. */
  public static boolean isSmb1(ByteBuf frame) {
    return frame.readableBytes() >= 4 && frame.getIntLE(frame.readerIndex()) == SMB1_PROTOCOL_ID;
  }

  /** The dialect strings of an SMB1 NEGOTIATE frame (the frame without its Direct-TCP prefix). */
  public static List<String> dialects(ByteBuf frame) throws SmbDecodeException {
    int at = frame.readerIndex();
    int len = frame.readableBytes();
    if (len < SMB1_HEADER + 3 || !isSmb1(frame)) {
      throw new SmbDecodeException("SMB1 frame: " + len + " bytes (expected: an SMB1 header and NEGOTIATE body)");
    }
    int command = frame.getUnsignedByte(at + 4);
    if (command != SMB_COM_NEGOTIATE) {
      // 3.3.5.2: any SMB1 command other than NEGOTIATE is not answered; the connection is dropped.
      throw new SmbDecodeException(NtStatus.NOT_SUPPORTED, String.format("SMB1 command: 0x%02X (expected: 0x72"
          + " NEGOTIATE)", command));
    }
    int wordCount = frame.getUnsignedByte(at + SMB1_HEADER);
    if (wordCount != 0) {
      throw new SmbDecodeException("SMB1 NEGOTIATE WordCount: " + wordCount + " (expected: 0)");
    }
    int byteCount = frame.getUnsignedShortLE(at + SMB1_HEADER + 1);
    int pos = at + SMB1_HEADER + 3;
    int end = pos + byteCount;
    if (end > at + len) {
      throw new SmbDecodeException("SMB1 NEGOTIATE ByteCount: " + byteCount + " (expected: <= "
          + (len - SMB1_HEADER - 3) + ")");
    }
    List<String> out = new ArrayList<>();
    while (pos < end) {
      if (frame.getUnsignedByte(pos) != 0x02) {
        throw new SmbDecodeException("SMB1 dialect BufferFormat: " + frame.getUnsignedByte(pos) + " (expected: 2)");
      }
      int nul = frame.indexOf(pos + 1, end, (byte) 0);
      if (nul < 0) {
        throw new SmbDecodeException("SMB1 dialect string: no terminating NUL inside ByteCount");
      }
      if (out.size() == MAX_DIALECTS) {
        throw new SmbDecodeException("SMB1 dialects: more than " + MAX_DIALECTS);
      }
      out.add(frame.toString(pos + 1, nul - pos - 1, StandardCharsets.US_ASCII));
      pos = nul + 1;
    }
    return List.copyOf(out);
  }

  /** The SMB2 DialectRevision to answer with, or 0 if the client offers no SMB2 dialect. */
  public static int answer(List<String> dialects) {
    if (dialects.contains("SMB 2.???")) {
      return Negotiate.SMB_2_WILDCARD;
    }
    if (dialects.contains("SMB 2.002")) {
      return Negotiate.SMB_2_0_2;
    }
    return 0;
  }
}
