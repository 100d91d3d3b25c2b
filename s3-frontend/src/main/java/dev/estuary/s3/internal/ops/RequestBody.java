package dev.estuary.s3.internal.ops;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * A request body as a blocking stream with backpressure: bytes are requested from the connection
 * only as they are read, so memory stays bounded whatever the size. The stream yields the decoded
 * payload (aws-chunked framing removed, chunk signatures verified) and throws an {@link
 * dev.estuary.s3.internal.error.S3Exception} when the payload fails its {@code
 * x-amz-content-sha256} or a chunk signature, at the latest at end of stream.
 */
public interface RequestBody {

  /**
   * Returns the payload stream. Call once.
   *
   * @return the decoded payload
   */
  InputStream stream();

  /**
   * Returns the payload length the client declared ({@code x-amz-decoded-content-length} for
   * aws-chunked bodies, else {@code Content-Length}).
   *
   * @return the length, or -1 when not declared
   */
  long declaredLength();

  /**
   * Returns the trailing headers of an aws-chunked body (for example {@code
   * x-amz-checksum-crc32}), lower-cased; complete once the stream reached its end.
   *
   * @return the trailers, empty when there were none
   */
  Map<String, String> trailers();

  /**
   * Reads a small body (an XML document) whole, refusing one larger than {@code max}.
   *
   * @param max the most bytes accepted
   * @return the bytes
   * @throws IOException when reading fails
   */
  byte[] readAll(int max) throws IOException;

  /**
   * Discards whatever is left so the connection stays usable.
   */
  void discard();
}
