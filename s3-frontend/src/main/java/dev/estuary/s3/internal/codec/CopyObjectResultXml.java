package dev.estuary.s3.internal.codec;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** The CopyObject ({@code CopyObjectResult}) and UploadPartCopy ({@code CopyPartResult}) responses. */
public final class CopyObjectResultXml {
  private CopyObjectResultXml() {}

  /**
   * Encodes a CopyObjectResult or CopyPartResult.
   *
   * @param root {@code CopyObjectResult} or {@code CopyPartResult}
   * @param etag the new ETag without quotes
   * @param lastModified the new modify time
   * @param checksumAlgorithm the checksum algorithm, or null
   * @param checksum the checksum, or null
   * @return the XML
   */
  public static String encode(String root, String etag, Instant lastModified,
      @Nullable String checksumAlgorithm, @Nullable String checksum) {
    XmlDoc d = new XmlDoc(root).el("ETag", '"' + etag + '"').date("LastModified", lastModified);
    if (checksumAlgorithm != null && checksum != null) {
      d.el("Checksum" + CompleteMultipartUploadResultXml.title(checksumAlgorithm), checksum);
    }
    return d.end(root);
  }
}
