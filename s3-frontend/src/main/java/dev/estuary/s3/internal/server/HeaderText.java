package dev.estuary.s3.internal.server;

import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.RequestHeadersBuilder;
import io.netty.util.AsciiString;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Header values as the client meant them. HTTP/1 carries header values as bytes and the server
 * reads each byte as one ISO-8859-1 character (RFC 9110 §5.5); clients that put non-ASCII text
 * in a header (user metadata above all) send it as UTF-8 (urllib3 2, hence boto3) or as ISO-8859-1
 * (Python's http.client), and sign the text, whose UTF-8 bytes go into the SigV4 canonical
 * request. A value whose bytes are valid UTF-8 is therefore read as UTF-8, which makes its
 * canonical bytes the bytes on the wire; one that is not stays ISO-8859-1 text, which is what a
 * client sending ISO-8859-1 signed. The decoded text is then what S3 stores and returns (a
 * character above U+00FF goes back RFC 2047-encoded, see {@code MetaHeaders}).
 */
final class HeaderText {
  private HeaderText() {}

  /**
   * Returns the headers with every non-ASCII value read as UTF-8 where its bytes are UTF-8.
   *
   * @param headers the headers as received
   * @return the same object when every value is ASCII (the common case), else a copy
   */
  static RequestHeaders decodeUtf8(RequestHeaders headers) {
    if (allAscii(headers)) {
      return headers; // every request but a few: one pass over the characters, no allocation
    }
    RequestHeadersBuilder b = null;
    for (AsciiString name : headers.names()) {
      List<String> values = headers.getAll(name);
      List<String> decoded = values.stream().map(HeaderText::utf8).toList();
      if (!decoded.equals(values)) {
        if (b == null) {
          b = headers.toBuilder();
        }
        b.set(name, decoded); // replaces the name's values, keeping their order
      }
    }
    return b == null ? headers : b.build();
  }

  private static boolean allAscii(RequestHeaders headers) {
    for (Map.Entry<AsciiString, String> e : headers) {
      String v = e.getValue();
      for (int i = 0; i < v.length(); i++) {
        if (v.charAt(i) >= 0x80) {
          return false;
        }
      }
    }
    return true;
  }

  /** The UTF-8 reading of a value's ISO-8859-1 bytes, or the value itself. */
  static String utf8(String v) {
    boolean ascii = true;
    for (int i = 0; i < v.length() && ascii; i++) {
      ascii = v.charAt(i) < 0x80;
    }
    if (ascii) {
      return v;
    }
    for (int i = 0; i < v.length(); i++) {
      if (v.charAt(i) > 0xff) {
        return v; // not bytes read one per character: leave it alone
      }
    }
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(v.getBytes(StandardCharsets.ISO_8859_1)))
          .toString();
    } catch (CharacterCodingException e) {
      return v;
    }
  }
}
