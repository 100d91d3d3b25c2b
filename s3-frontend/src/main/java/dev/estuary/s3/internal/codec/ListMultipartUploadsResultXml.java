package dev.estuary.s3.internal.codec;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The ListMultipartUploads response ({@code ListMultipartUploadsResult}). */
public final class ListMultipartUploadsResultXml {
  private ListMultipartUploadsResultXml() {}

  /**
   * One upload.
   *
   * @param key the key
   * @param uploadId the upload id
   * @param initiated when it began
   * @param checksumAlgorithm its algorithm, or null
   */
  public record Upload(String key, String uploadId, Instant initiated,
      @Nullable String checksumAlgorithm) {}

  /**
   * Encodes the document.
   *
   * @param bucket the bucket
   * @param prefix the prefix
   * @param delimiter the delimiter, or null
   * @param keyMarker key-marker given
   * @param uploadIdMarker upload-id-marker given
   * @param nextKeyMarker the next key marker, or null
   * @param nextUploadIdMarker the next upload id marker, or null
   * @param maxUploads max-uploads
   * @param truncated whether more follow
   * @param urlEncoding whether keys are url-encoded
   * @param uploads the uploads
   * @param commonPrefixes the common prefixes
   * @param ownerId owner id
   * @param ownerName owner name
   * @return the XML
   */
  public static String encode(String bucket, String prefix, @Nullable String delimiter,
      String keyMarker, String uploadIdMarker, @Nullable String nextKeyMarker,
      @Nullable String nextUploadIdMarker, int maxUploads, boolean truncated, boolean urlEncoding,
      List<Upload> uploads, List<String> commonPrefixes, String ownerId, String ownerName) {
    boolean u = urlEncoding;
    XmlDoc d = new XmlDoc("ListMultipartUploadsResult").el("Bucket", bucket)
        .el("KeyMarker", ListBucketResultXml.enc(keyMarker, u))
        .el("UploadIdMarker", uploadIdMarker);
    if (nextKeyMarker != null) {
      d.el("NextKeyMarker", ListBucketResultXml.enc(nextKeyMarker, u));
    }
    if (nextUploadIdMarker != null) {
      d.el("NextUploadIdMarker", nextUploadIdMarker);
    }
    d.el("Prefix", ListBucketResultXml.enc(prefix, u));
    if (delimiter != null) {
      d.el("Delimiter", ListBucketResultXml.enc(delimiter, u));
    }
    if (u) {
      d.el("EncodingType", "url");
    }
    d.el("MaxUploads", maxUploads).el("IsTruncated", truncated);
    for (Upload up : uploads) {
      d.open("Upload").el("Key", ListBucketResultXml.enc(up.key(), u))
          .el("UploadId", up.uploadId());
      d.open("Initiator").el("ID", ownerId).el("DisplayName", ownerName).close("Initiator");
      d.open("Owner").el("ID", ownerId).el("DisplayName", ownerName).close("Owner");
      d.el("StorageClass", "STANDARD").date("Initiated", up.initiated());
      d.opt("ChecksumAlgorithm", up.checksumAlgorithm());
      d.close("Upload");
    }
    for (String cp : commonPrefixes) {
      d.open("CommonPrefixes").el("Prefix", ListBucketResultXml.enc(cp, u)).close("CommonPrefixes");
    }
    return d.end("ListMultipartUploadsResult");
  }
}
