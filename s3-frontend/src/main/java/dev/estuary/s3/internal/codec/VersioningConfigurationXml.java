package dev.estuary.s3.internal.codec;

/**
 * The GetBucketVersioning response for a bucket that never had versioning: an empty {@code
 * VersioningConfiguration}, which S3 sends until versioning is first enabled.
 */
public final class VersioningConfigurationXml {
  private VersioningConfigurationXml() {}

  /**
   * Encodes the document.
   *
   * @return the XML
   */
  public static String encodeUnversioned() {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<VersioningConfiguration xmlns=\""
        + XmlDoc.NS + "\"/>";
  }
}
