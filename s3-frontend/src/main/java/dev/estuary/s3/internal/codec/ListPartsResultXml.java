package dev.estuary.s3.internal.codec;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The ListParts response ({@code ListPartsResult}). */
public final class ListPartsResultXml {
  private ListPartsResultXml() {}

  /**
   * One part.
   *
   * @param number the part number
   * @param lastModified when it was uploaded
   * @param etag its ETag without quotes
   * @param size its size
   * @param checksumAlgorithm its checksum algorithm, or null
   * @param checksum its checksum, or null
   */
  public record Part(int number, Instant lastModified, String etag, long size,
      @Nullable String checksumAlgorithm, @Nullable String checksum) {}

  /**
   * Encodes the document.
   *
   * @param bucket the bucket
   * @param key the key
   * @param uploadId the upload
   * @param ownerId the initiator's id
   * @param ownerName the initiator's name
   * @param marker part-number-marker given
   * @param next the next marker when truncated, else 0
   * @param maxParts max-parts
   * @param truncated whether more follow
   * @param checksumAlgorithm the upload's algorithm, or null
   * @param checksumType the upload's checksum type, or null
   * @param parts the parts
   * @return the XML
   */
  public static String encode(String bucket, String key, String uploadId, String ownerId,
      String ownerName, int marker, int next, int maxParts, boolean truncated,
      @Nullable String checksumAlgorithm, @Nullable String checksumType, List<Part> parts) {
    XmlDoc d = new XmlDoc("ListPartsResult").el("Bucket", bucket).el("Key", key)
        .el("UploadId", uploadId);
    d.open("Initiator").el("ID", ownerId).el("DisplayName", ownerName).close("Initiator");
    d.open("Owner").el("ID", ownerId).el("DisplayName", ownerName).close("Owner");
    d.el("StorageClass", "STANDARD").el("PartNumberMarker", marker);
    if (truncated) {
      d.el("NextPartNumberMarker", next);
    }
    d.el("MaxParts", maxParts).el("IsTruncated", truncated);
    d.opt("ChecksumAlgorithm", checksumAlgorithm);
    d.opt("ChecksumType", checksumType);
    for (Part p : parts) {
      d.open("Part").el("PartNumber", p.number()).date("LastModified", p.lastModified())
          .el("ETag", '"' + p.etag() + '"').el("Size", p.size());
      if (p.checksumAlgorithm() != null && p.checksum() != null) {
        d.el("Checksum" + CompleteMultipartUploadResultXml.title(p.checksumAlgorithm()),
            p.checksum());
      }
      d.close("Part");
    }
    return d.end("ListPartsResult");
  }
}
