package dev.estuary.s3.internal.codec;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** A small builder for the response documents, all in the S3 namespace. */
final class XmlDoc {
  static final String NS = "http://s3.amazonaws.com/doc/2006-03-01/";
  private static final DateTimeFormatter ISO =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private final StringBuilder b = new StringBuilder(512);

  XmlDoc(String root) {
    b.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<").append(root)
        .append(" xmlns=\"").append(NS).append("\">");
  }

  XmlDoc open(String name) {
    b.append('<').append(name).append('>');
    return this;
  }

  XmlDoc close(String name) {
    b.append("</").append(name).append('>');
    return this;
  }

  XmlDoc raw(String markup) {
    b.append(markup);
    return this;
  }

  XmlDoc el(String name, String text) {
    XmlText.element(b, name, text);
    return this;
  }

  XmlDoc el(String name, long value) {
    b.append('<').append(name).append('>').append(value).append("</").append(name).append('>');
    return this;
  }

  XmlDoc el(String name, boolean value) {
    return el(name, Boolean.toString(value));
  }

  XmlDoc opt(String name, @org.jspecify.annotations.Nullable String text) {
    return text == null ? this : el(name, text);
  }

  XmlDoc date(String name, Instant t) {
    return el(name, iso(t));
  }

  static String iso(Instant t) {
    return ISO.format(t);
  }

  String end(String root) {
    return b.append("</").append(root).append('>').toString();
  }
}
