package dev.estuary.s3.internal.codec;

/** The CreateMultipartUpload response ({@code InitiateMultipartUploadResult}). */
public final class InitiateMultipartUploadResultXml {
  private InitiateMultipartUploadResultXml() {}

  /**
   * Encodes the document.
   *
   * @param bucket the bucket
   * @param key the key
   * @param uploadId the new upload id
   * @return the XML
   */
  public static String encode(String bucket, String key, String uploadId) {
    return new XmlDoc("InitiateMultipartUploadResult").el("Bucket", bucket).el("Key", key)
        .el("UploadId", uploadId).end("InitiateMultipartUploadResult");
  }
}
