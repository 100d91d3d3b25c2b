package dev.estuary.s3.internal.codec;

import java.util.Optional;

/**
 * The optional CreateBucket request body (S3 API Reference, CreateBucket):
 * {@code <CreateBucketConfiguration><LocationConstraint>eu-west-1</LocationConstraint></CreateBucketConfiguration>}.
 *
 * @param locationConstraint the region asked for, if any
 */
public record CreateBucketConfiguration(Optional<String> locationConstraint) {
  /** The largest body accepted. */
  public static final int MAX_BYTES = 64 * 1024;

  /**
   * Parses the body; an empty body means no configuration.
   *
   * @throws dev.estuary.s3.internal.error.S3Exception MalformedXML for a bad document
   */
  public static CreateBucketConfiguration parse(byte[] body) {
    if (isBlank(body)) {
      return new CreateBucketConfiguration(Optional.empty());
    }
    XmlTree root = XmlTree.parse(body, "CreateBucketConfiguration", MAX_BYTES, 64);
    return new CreateBucketConfiguration(root.optionalText("LocationConstraint").map(String::strip).filter(s -> !s.isEmpty()));
  }

  private static boolean isBlank(byte[] body) {
    for (byte b : body) {
      if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
        return false;
      }
    }
    return true;
  }
}
