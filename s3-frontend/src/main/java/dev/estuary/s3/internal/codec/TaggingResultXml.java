package dev.estuary.s3.internal.codec;

import java.util.Map;

/** The GetObjectTagging response ({@code Tagging} with its {@code TagSet}). */
public final class TaggingResultXml {
  private TaggingResultXml() {}

  /**
   * Encodes the document.
   *
   * @param tags the tag set
   * @return the XML
   */
  public static String encode(Map<String, String> tags) {
    XmlDoc d = new XmlDoc("Tagging").open("TagSet");
    // In key order, as S3 and Ceph RGW list a tag set (whatever order it was given in).
    new java.util.TreeMap<>(tags).forEach((k, v) -> d.open("Tag").el("Key", k).el("Value", v).close("Tag"));
    return d.close("TagSet").end("Tagging");
  }
}
