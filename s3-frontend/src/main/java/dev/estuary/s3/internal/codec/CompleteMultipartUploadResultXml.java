package dev.estuary.s3.internal.codec;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** The CompleteMultipartUpload response ({@code CompleteMultipartUploadResult}). */
public final class CompleteMultipartUploadResultXml {
  private CompleteMultipartUploadResultXml() {}

  /**
   * Encodes the document.
   *
   * @param location the object URL path
   * @param bucket the bucket
   * @param key the key
   * @param etag the ETag without quotes
   * @param checksumAlgorithm the checksum algorithm, or null
   * @param checksum the checksum as S3 shows it (with {@code -N} for composite), or null
   * @param checksumType the checksum type, or null
   * @return the XML
   */
  public static String encode(String location, String bucket, String key, String etag,
      @Nullable String checksumAlgorithm, @Nullable String checksum,
      @Nullable String checksumType) {
    XmlDoc d = new XmlDoc("CompleteMultipartUploadResult").el("Location", location)
        .el("Bucket", bucket).el("Key", key).el("ETag", '"' + etag + '"');
    if (checksumAlgorithm != null && checksum != null) {
      d.el("Checksum" + title(checksumAlgorithm), checksum);
      d.opt("ChecksumType", checksumType);
    }
    return d.end("CompleteMultipartUploadResult");
  }

  /**
   * Returns the element-name spelling of an algorithm.
   *
   * @param alg e.g. {@code CRC32C}
   * @return e.g. {@code CRC32C}; SHA1 and SHA256 as {@code SHA1}/{@code SHA256}
   */
  static String title(String alg) {
    return alg.toUpperCase(Locale.ROOT);
  }
}
