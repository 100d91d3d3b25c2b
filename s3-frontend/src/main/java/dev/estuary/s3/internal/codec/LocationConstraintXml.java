package dev.estuary.s3.internal.codec;

/** The GetBucketLocation response; {@code us-east-1} is reported as an empty constraint, as S3 does. */
public final class LocationConstraintXml {
  private LocationConstraintXml() {}

  /**
   * Encodes the document.
   *
   * @param region the region
   * @return the XML
   */
  public static String encode(String region) {
    if (region.equals("us-east-1")) {
      return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<LocationConstraint xmlns=\""
          + XmlDoc.NS + "\"/>";
    }
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<LocationConstraint xmlns=\""
        + XmlDoc.NS + "\">" + XmlText.escape(region) + "</LocationConstraint>";
  }
}
