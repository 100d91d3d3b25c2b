package dev.estuary.s3.internal.codec;

/**
 * Escaping of character data for the XML 1.0 documents S3 sends (https://www.w3.org/TR/xml/#syntax).
 *
 * <p>XML 1.0 cannot carry most C0 control characters even as character references, yet S3 keys
 * may contain them; they are written as U+FFFD here. Callers that must round-trip such keys use
 * {@code encoding-type=url} as S3 does.
 */
public final class XmlText {
  private XmlText() {}

  /** Appends {@code text} to {@code out} escaped for element content and attribute values. */
  public static StringBuilder escape(StringBuilder out, String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&apos;");
        // CR would be normalised to LF by the reader (XML 1.0 §2.11); keep it as a reference.
        case '\r' -> out.append("&#13;");
        default -> {
          if (c < 0x20 && c != '\t' && c != '\n' || c == 0xFFFE || c == 0xFFFF) {
            out.append('\uFFFD');
          } else if (Character.isSurrogate(c)) {
            // Only well-formed surrogate pairs are XML characters.
            if (Character.isHighSurrogate(c) && i + 1 < text.length()
                && Character.isLowSurrogate(text.charAt(i + 1))) {
              out.append(c).append(text.charAt(++i));
            } else {
              out.append('\uFFFD');
            }
          } else {
            out.append(c);
          }
        }
      }
    }
    return out;
  }

  /** Returns {@code text} escaped for element content. */
  public static String escape(String text) {
    return escape(new StringBuilder(text.length() + 16), text).toString();
  }

  /** Appends {@code <name>escaped text</name>} to {@code out}. */
  public static StringBuilder element(StringBuilder out, String name, String text) {
    out.append('<').append(name).append('>');
    escape(out, text);
    return out.append("</").append(name).append('>');
  }
}
