package dev.estuary.s3.internal.codec;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The ListObjectVersions response ({@code ListVersionsResult}) of a bucket that never had
 * versioning: every object is its only version, {@code VersionId} {@code null}, latest.
 */
public final class ListVersionsResultXml {
  private ListVersionsResultXml() {}

  /**
   * Encodes the document.
   *
   * @param bucket the bucket
   * @param prefix the prefix
   * @param delimiter the delimiter, or null
   * @param keyMarker key-marker given
   * @param nextKeyMarker the next key marker when truncated, or null
   * @param maxKeys max-keys
   * @param truncated whether more follow
   * @param url whether keys are url-encoded
   * @param entries the objects (owner id filled in)
   * @param commonPrefixes the common prefixes
   * @return the XML
   */
  public static String encode(String bucket, String prefix, @Nullable String delimiter,
      String keyMarker, @Nullable String nextKeyMarker, int maxKeys, boolean truncated,
      boolean url, List<ListBucketResultXml.Entry> entries, List<String> commonPrefixes) {
    XmlDoc d = new XmlDoc("ListVersionsResult").el("Name", bucket)
        .el("Prefix", ListBucketResultXml.enc(prefix, url))
        .el("KeyMarker", ListBucketResultXml.enc(keyMarker, url)).el("VersionIdMarker", "");
    if (nextKeyMarker != null) {
      d.el("NextKeyMarker", ListBucketResultXml.enc(nextKeyMarker, url))
          .el("NextVersionIdMarker", "null");
    }
    d.el("MaxKeys", maxKeys);
    if (delimiter != null) {
      d.el("Delimiter", ListBucketResultXml.enc(delimiter, url));
    }
    if (url) {
      d.el("EncodingType", "url");
    }
    d.el("IsTruncated", truncated);
    for (ListBucketResultXml.Entry e : entries) {
      d.open("Version").el("Key", ListBucketResultXml.enc(e.key(), url)).el("VersionId", "null")
          .el("IsLatest", true).date("LastModified", e.lastModified())
          .el("ETag", '"' + e.etag() + '"').el("Size", e.size()).el("StorageClass", "STANDARD");
      if (e.ownerId() != null) {
        d.open("Owner").el("ID", e.ownerId()).el("DisplayName", e.ownerId()).close("Owner");
      }
      d.close("Version");
    }
    for (String cp : commonPrefixes) {
      d.open("CommonPrefixes").el("Prefix", ListBucketResultXml.enc(cp, url))
          .close("CommonPrefixes");
    }
    return d.end("ListVersionsResult");
  }
}
