package dev.estuary.s3.internal.codec;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The ListObjectVersions response ({@code ListVersionsResult}, S3 API Reference): the versions and
 * delete markers of each key, newest first, keys in order, then the common prefixes.
 */
public final class ListVersionsResultXml {
  private ListVersionsResultXml() {}

  /**
   * One version or delete marker.
   *
   * @param key the key
   * @param versionId its id ({@code null} for the null version)
   * @param latest whether it is the key's latest
   * @param deleteMarker whether it is a delete marker
   * @param lastModified when it was written
   * @param etag the ETag without quotes (ignored for a marker)
   * @param size the size (ignored for a marker)
   * @param ownerId the owner's id, or null
   */
  public record Entry(String key, String versionId, boolean latest, boolean deleteMarker,
      Instant lastModified, String etag, long size, @Nullable String ownerId) {}

  /**
   * The request's markers and the page's continuation.
   *
   * @param bucket the bucket
   * @param prefix the prefix
   * @param delimiter the delimiter, or null
   * @param keyMarker key-marker given
   * @param versionIdMarker version-id-marker given
   * @param nextKeyMarker the next key marker when truncated, or null
   * @param nextVersionIdMarker the next version id marker when truncated after a version, or null
   * @param maxKeys max-keys
   * @param truncated whether more follow
   * @param url whether keys are url-encoded
   */
  public record Page(String bucket, String prefix, @Nullable String delimiter, String keyMarker,
      String versionIdMarker, @Nullable String nextKeyMarker,
      @Nullable String nextVersionIdMarker, int maxKeys, boolean truncated, boolean url) {}

  /**
   * Encodes the document.
   *
   * @param p the page's parameters
   * @param entries the versions and markers, in order
   * @param commonPrefixes the common prefixes
   * @return the XML
   */
  public static String encode(Page p, List<Entry> entries, List<String> commonPrefixes) {
    boolean url = p.url();
    XmlDoc d = new XmlDoc("ListVersionsResult").el("Name", p.bucket())
        .el("Prefix", ListBucketResultXml.enc(p.prefix(), url))
        .el("KeyMarker", ListBucketResultXml.enc(p.keyMarker(), url))
        .el("VersionIdMarker", p.versionIdMarker());
    if (p.nextKeyMarker() != null) {
      d.el("NextKeyMarker", ListBucketResultXml.enc(p.nextKeyMarker(), url));
    }
    d.opt("NextVersionIdMarker", p.nextVersionIdMarker());
    d.el("MaxKeys", p.maxKeys());
    if (p.delimiter() != null) {
      d.el("Delimiter", ListBucketResultXml.enc(p.delimiter(), url));
    }
    if (url) {
      d.el("EncodingType", "url");
    }
    d.el("IsTruncated", p.truncated());
    for (Entry e : entries) {
      String el = e.deleteMarker() ? "DeleteMarker" : "Version";
      d.open(el).el("Key", ListBucketResultXml.enc(e.key(), url)).el("VersionId", e.versionId())
          .el("IsLatest", e.latest()).date("LastModified", e.lastModified());
      if (!e.deleteMarker()) {
        d.el("ETag", '"' + e.etag() + '"').el("Size", e.size()).el("StorageClass", "STANDARD");
      }
      if (e.ownerId() != null) {
        d.open("Owner").el("ID", e.ownerId()).el("DisplayName", e.ownerId()).close("Owner");
      }
      d.close(el);
    }
    for (String cp : commonPrefixes) {
      d.open("CommonPrefixes").el("Prefix", ListBucketResultXml.enc(cp, url))
          .close("CommonPrefixes");
    }
    return d.end("ListVersionsResult");
  }
}
