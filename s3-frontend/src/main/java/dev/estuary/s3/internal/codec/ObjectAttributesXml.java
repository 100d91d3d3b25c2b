package dev.estuary.s3.internal.codec;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The GetObjectAttributes response (S3 API Reference, GetObjectAttributes: {@code
 * GetObjectAttributesResponse}). Each element is present only when its attribute was asked for
 * in {@code x-amz-object-attributes}; a null component is left out.
 *
 * @param etag the ETag without quotes, or null
 * @param checksum the checksum, or null
 * @param parts the page of parts, or null
 * @param storageClass the storage class, or null
 * @param objectSize the size, or null
 */
public record ObjectAttributesXml(@Nullable String etag, @Nullable Checksum checksum,
    @Nullable Parts parts, @Nullable String storageClass, @Nullable Long objectSize) {

  /**
   * The object's checksum.
   *
   * @param algorithm e.g. {@code CRC32C} (the element is {@code Checksum<algorithm>})
   * @param value the base64 value as HeadObject sends it
   * @param type {@code FULL_OBJECT} or {@code COMPOSITE}, or null
   */
  public record Checksum(String algorithm, String value, @Nullable String type) {}

  /**
   * One page of the parts of a multipart object.
   *
   * @param total the number of parts of the object
   * @param marker the part number the page starts after
   * @param nextMarker the last part number in the page
   * @param maxParts the page size asked for
   * @param truncated whether parts follow the page
   * @param sizes the part numbers and sizes in the page
   */
  public record Parts(int total, int marker, int nextMarker, int maxParts, boolean truncated,
      List<Part> sizes) {
    /** Copies the list. */
    public Parts {
      sizes = List.copyOf(sizes);
    }
  }

  /**
   * One part.
   *
   * @param number the part number
   * @param size its size in bytes
   */
  public record Part(int number, long size) {}

  /**
   * Encodes the document.
   *
   * @return the XML
   */
  public String encode() {
    XmlDoc d = new XmlDoc("GetObjectAttributesResponse");
    d.opt("ETag", etag);
    if (checksum != null) {
      d.open("Checksum").el("Checksum" + checksum.algorithm(), checksum.value())
          .opt("ChecksumType", checksum.type()).close("Checksum");
    }
    if (parts != null) {
      // The SDK model's TotalPartsCount travels as <PartsCount>, its Parts list as flat <Part>s.
      d.open("ObjectParts").el("PartsCount", parts.total())
          .el("PartNumberMarker", parts.marker())
          .el("NextPartNumberMarker", parts.nextMarker())
          .el("MaxParts", parts.maxParts())
          .el("IsTruncated", parts.truncated());
      for (Part p : parts.sizes()) {
        d.open("Part").el("PartNumber", p.number()).el("Size", p.size()).close("Part");
      }
      d.close("ObjectParts");
    }
    d.opt("StorageClass", storageClass);
    if (objectSize != null) {
      d.el("ObjectSize", objectSize);
    }
    return d.end("GetObjectAttributesResponse");
  }
}
