package dev.estuary.s3.internal.access;

import dev.estuary.s3.internal.ops.Integrity;
import dev.estuary.s3.internal.ops.OpRequest;
import java.io.IOException;
import java.nio.ByteBuffer;

/** Reads the small XML or JSON body of a configuration request, verifying its checksum. */
final class Bodies {
  private Bodies() {}

  /**
   * Reads the whole body, refusing more than {@code max} bytes, and checks {@code Content-MD5} or
   * {@code x-amz-checksum-*} when sent.
   *
   * @param req the request
   * @param max the most bytes accepted
   * @return the body
   * @throws IOException when reading fails
   */
  static byte[] read(OpRequest req, int max) throws IOException {
    Integrity integrity = Integrity.of(req);
    byte[] body = req.body().readAll(max);
    integrity.update(ByteBuffer.wrap(body));
    integrity.finish(req.body().trailers());
    return body;
  }
}
