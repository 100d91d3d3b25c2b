package dev.estuary.s3.internal.codec;

/**
 * The POST Object response document for {@code success_action_status=201} (S3 API Reference,
 * PostObject, "Response elements"): Location, Bucket, Key, ETag. S3 sends it without the S3
 * namespace, and clients look the elements up unqualified (ceph s3-tests find('Key')).
 */
public final class PostResponseXml {
  private PostResponseXml() {}

  /**
   * Encodes the document.
   *
   * @param location the object's URL
   * @param bucket the bucket
   * @param key the key
   * @param etag the ETag without quotes
   * @return the XML
   */
  public static String encode(String location, String bucket, String key, String etag) {
    StringBuilder b = new StringBuilder(256)
        .append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<PostResponse>");
    XmlText.element(b, "Location", location);
    XmlText.element(b, "Bucket", bucket);
    XmlText.element(b, "Key", key);
    XmlText.element(b, "ETag", '"' + etag + '"');
    return b.append("</PostResponse>").toString();
  }
}
