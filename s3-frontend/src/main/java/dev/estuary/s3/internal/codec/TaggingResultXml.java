package dev.estuary.s3.internal.codec;

import java.util.Map;

/** The GetObjectTagging response ({@code Tagging} with its {@code TagSet}). */
public final class TaggingResultXml {
  private TaggingResultXml() {}

  /**
   * Encodes the document.
   *
   * @param tags the tag set, in order
   * @return the XML
   */
  public static String encode(Map<String, String> tags) {
    XmlDoc d = new XmlDoc("Tagging").open("TagSet");
    tags.forEach((k, v) -> d.open("Tag").el("Key", k).el("Value", v).close("Tag"));
    return d.close("TagSet").end("Tagging");
  }
}
